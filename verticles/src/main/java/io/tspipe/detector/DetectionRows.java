package io.tspipe.detector;

import io.tspipe.detection.Detection;
import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.buffer.Buffer;

import java.time.Instant;
import java.util.List;

/**
 * Detections and the labels they set, as rows of the {@code clickhouse/V006__detections.sql} tables (with
 * {@code detected_at} from {@code V007__detected_at.sql}, and the rule's description in {@code detector_progress} from
 * {@code V009__rule_catalogue.sql}).
 */
final class DetectionRows {

  static final List<String> DETECTION_COLUMNS = List.of("detection_id", "rule", "rule_version", "mode", "severity",
    "entity_kind", "entity", "state", "window_seconds", "first_seen", "last_seen", "opened_at", "updated_at",
    "resolved_at", "evidence", "recorded_at", "detected_at");

  static final List<String> LABEL_COLUMNS = List.of("entity_kind", "entity", "label", "connotation", "reason", "source",
    "expires_at", "removed", "changed_at", "changed_by");

  static final List<String> PROGRESS_COLUMNS = List.of("rule", "rule_version", "tick", "mode", "entity_kind",
    "replaces");

  private DetectionRows() {
  }

  static Buffer detections(List<Detection> detections, long recordedAtMillis) {
    RowBinary out = new RowBinary(detections.size() * 256);
    for (Detection detection : detections) {
      out.uuid(detection.detectionId())
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
    return out.buffer();
  }

  /** The label a live detection's rule sets on its entity, from the tick that opened it. */
  static Buffer labels(List<Detection> opened, Rule rule) {
    RowBinary out = new RowBinary(opened.size() * 128);
    for (Detection detection : opened) {
      Instant from = detection.openedAt();
      out.string(detection.kind().wireName())
        .string(detection.entity())
        .string(rule.label().name())
        .string(rule.label().connotation())
        .string(rule.name() + ": " + rule.description() + " " + detection.evidence().getJsonObject("features").encode())
        .string("rule:" + rule.name())
        .nullableDateTime64Millis(from.plus(rule.label().expiresAfter()).toEpochMilli())
        .bool(false)
        .dateTime64Millis(from.toEpochMilli())
        .string("rule:" + rule.name() + "@" + rule.version());
    }
    return out.buffer();
  }

  static Buffer progress(Rule rule, Instant tick) {
    return new RowBinary(128).string(rule.name()).string(rule.version()).dateTime64Millis(tick.toEpochMilli())
      .string(rule.mode().wireName()).string(rule.entity().wireName())
      .string(rule.replaces() == null ? "" : rule.replaces()).buffer();
  }
}
