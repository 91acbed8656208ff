package io.tspipe.store;

import io.tspipe.sink.clickhouse.RowBinary;

import java.time.Instant;
import java.util.List;

/**
 * The {@code labels} table, the audit log of every label set, changed or removed on an entity: created by
 * {@code clickhouse/V006__detections.sql}. A label's state is its latest row; rows are only ever appended. The detector
 * writes the labels its rules set, the web role those an investigator sets or removes: {@link #COLUMNS} in the order
 * {@link #append} encodes them.
 */
public final class LabelsTable {

  public static final String NAME = "labels";

  /** Every column of the table, in the order {@link #append} writes them. */
  public static final List<String> COLUMNS = List.of("entity_kind", "entity", "label", "connotation", "reason",
    "source", "expires_at", "removed", "changed_at", "changed_by");

  private LabelsTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /** Appends one change of label {@code label} on the entity; {@code expiresAt} null for a label that never expires. */
  public static RowBinary append(RowBinary out, String entityKind, String entity, String label, String connotation,
                            String reason, String source, Instant expiresAt, boolean removed, Instant changedAt,
                            String changedBy) {
    return out.string(entityKind)
      .string(entity)
      .string(label)
      .string(connotation)
      .string(reason)
      .string(source)
      .nullableDateTime64Millis(expiresAt == null ? null : expiresAt.toEpochMilli())
      .bool(removed)
      .dateTime64Millis(changedAt.toEpochMilli())
      .string(changedBy);
  }
}
