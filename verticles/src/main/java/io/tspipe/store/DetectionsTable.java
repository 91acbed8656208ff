package io.tspipe.store;

import io.tspipe.detection.Detection;
import io.tspipe.sink.clickhouse.RowBinary;

import java.util.List;

/**
 * The {@code detections} table, every state of every detection: created by {@code clickhouse/V006__detections.sql},
 * {@code detected_at} added by {@code V007__detected_at.sql}. A detection's latest state is its row with the greatest
 * {@code updated_at}. The detector writes it: {@link #COLUMNS} in the order {@link #append} encodes them.
 */
public final class DetectionsTable {

  public static final String NAME = "detections";

  /** Every column of the table, in the order {@link #append} writes them. */
  public static final List<String> COLUMNS = List.of("detection_id", "rule", "rule_version", "mode", "severity",
    "entity_kind", "entity", "state", "window_seconds", "first_seen", "last_seen", "opened_at", "updated_at",
    "resolved_at", "evidence", "recorded_at", "detected_at");

  private DetectionsTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /** Appends the row of a detection's state, recorded at {@code recordedAtMillis}. */
  public static RowBinary append(RowBinary out, Detection detection, long recordedAtMillis) {
    return out.uuid(detection.detectionId())
      .string(detection.rule())
      .string(detection.ruleVersion())
      .string(detection.mode().wireName())
      .string(detection.severity())
      .string(detection.kind().wireName())
      .string(detection.entity())
      .string(detection.state().wireName())
      .uint32(detection.windowSeconds())
      .dateTime64Millis(detection.firstSeen().toEpochMilli())
      .dateTime64Millis(detection.lastSeen().toEpochMilli())
      .dateTime64Millis(detection.openedAt().toEpochMilli())
      .dateTime64Millis(detection.updatedAt().toEpochMilli())
      .nullableDateTime64Millis(detection.resolvedAt() == null ? null : detection.resolvedAt().toEpochMilli())
      .string(detection.evidence().encode())
      .dateTime64Millis(recordedAtMillis)
      .dateTime64Millis(detection.detectedAt().toEpochMilli());
  }
}
