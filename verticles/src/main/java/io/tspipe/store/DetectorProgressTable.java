package io.tspipe.store;

import io.tspipe.sink.clickhouse.RowBinary;

import java.time.Instant;
import java.util.List;

/**
 * The {@code detector_progress} table, the last tick each rule evaluated, and the rule's catalogue entry: created by
 * {@code clickhouse/V006__detections.sql}, {@code mode}, {@code entity_kind} and {@code replaces} added by
 * {@code V009__rule_catalogue.sql}. A rule's state is its row with the greatest {@code tick}. The detector writes it:
 * {@link #COLUMNS} in the order {@link #append} encodes them.
 */
public final class DetectorProgressTable {

  public static final String NAME = "detector_progress";

  /** Every column of the table, in the order {@link #append} writes them. */
  public static final List<String> COLUMNS = List.of("rule", "rule_version", "tick", "mode", "entity_kind",
    "replaces");

  private DetectorProgressTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /** Appends that the rule reached {@code tick}; {@code replaces} is the rule it replaces, {@code ""} for none. */
  public static RowBinary append(RowBinary out, String rule, String ruleVersion, Instant tick, String mode,
                            String entityKind, String replaces) {
    return out.string(rule).string(ruleVersion).dateTime64Millis(tick.toEpochMilli()).string(mode).string(entityKind)
      .string(replaces);
  }
}
