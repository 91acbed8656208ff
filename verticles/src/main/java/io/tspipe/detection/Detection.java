package io.tspipe.detection;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * One state of a detection: a rule holding on an entity. Written by the detector to the {@code detections} topic
 * (keyed by {@code detectionId}) and table ({@code clickhouse/V006__detections.sql}) each time it opens, is updated or
 * resolves. JSON form:
 * <pre>{@code {"detectionId", "rule", "ruleVersion", "mode": "live"|"shadow", "severity",
 *  "entity": {"kind": "ip"|"user"|"email"|"asn"|"prefix"|"stream", "value"}, "state": "open"|"resolved",
 *  "windowSeconds", "firstSeen", "lastSeen", "openedAt", "updatedAt", "resolvedAt": iso|null, "detectedAt",
 *  "evidence": {"features": {name: number}, "sampleEventIds": [uuid]}}}</pre>
 * Times are event time: {@code openedAt}, {@code updatedAt} and {@code resolvedAt} are evaluation ticks,
 * {@code firstSeen} and {@code lastSeen} the earliest and latest matching events seen while it was open. One is wall
 * time: {@code detectedAt}, when the detector first recorded it, the moment the pipeline knew (time to detect runs
 * from an entity's first attack event to it).
 */
public record Detection(UUID detectionId, String rule, String ruleVersion, Mode mode, String severity,
                        EntityKind kind, String entity, State state, long windowSeconds, Instant firstSeen,
                        Instant lastSeen, Instant openedAt, Instant updatedAt, Instant resolvedAt,
                        Instant detectedAt, JsonObject evidence) {

  private static final DateTimeFormatter TIMESTAMP =
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public enum Mode {
    /** Detects and takes its effects (labels, verdicts). */
    LIVE,
    /** Detects, is recorded and scored, and takes no effect. */
    SHADOW;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum State {
    OPEN, RESOLVED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The id of the detection {@code rule} opened on an entity at {@code openedAt}: the same on every evaluation. */
  public static UUID idOf(String rule, EntityKind kind, String entity, Instant openedAt) {
    return UUID.nameUUIDFromBytes((rule + "|" + kind.wireName() + "|" + entity + "|" + openedAt.toEpochMilli())
      .getBytes(StandardCharsets.UTF_8));
  }

  public String key() {
    return detectionId.toString();
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("detectionId", detectionId.toString())
      .put("rule", rule)
      .put("ruleVersion", ruleVersion)
      .put("mode", mode.wireName())
      .put("severity", severity)
      .put("entity", new JsonObject().put("kind", kind.wireName()).put("value", entity))
      .put("state", state.wireName())
      .put("windowSeconds", windowSeconds)
      .put("firstSeen", format(firstSeen))
      .put("lastSeen", format(lastSeen))
      .put("openedAt", format(openedAt))
      .put("updatedAt", format(updatedAt))
      .put("resolvedAt", resolvedAt == null ? null : format(resolvedAt))
      .put("detectedAt", format(detectedAt))
      .put("evidence", evidence.copy());
  }

  static String format(Instant instant) {
    return TIMESTAMP.format(instant);
  }
}
