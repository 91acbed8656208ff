package io.tspipe.web.detections;

import io.tspipe.store.DetectionsTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * How the web role reads the {@code detections} table: the latest state of each detection (its row with the greatest
 * {@code updated_at}), and that state in the JSON form of {@code io.tspipe.detection.Detection} with the entity's
 * profile as {@code href}.
 */
public final class StoredDetections {

  /** Severities a detection may carry, mildest first. */
  public static final java.util.List<String> SEVERITIES = java.util.List.of("low", "medium", "high", "critical");

  private StoredDetections() {
  }

  /**
   * The latest state of each detection of {@code db.detections} whose rows pass {@code where}, a condition on the
   * columns a detection never changes (its key: {@code entity_kind}, {@code entity}, {@code rule}, {@code opened_at}),
   * as the columns {@link #json} reads, with {@code last_update} and {@code resolved} (the latest state's times) for
   * conditions around it.
   */
  public static String latest(String db, String where) {
    return "SELECT toString(detection_id) AS id, toString(rule) AS rule_name, toString(entity_kind) AS kind, "
      + "entity AS value, toUnixTimestamp64Milli(opened_at) AS opened_ms, argMax(rule_version, updated_at) AS version, "
      + "toString(argMax(mode, updated_at)) AS mode_now, toString(argMax(severity, updated_at)) AS severity_now, "
      + "toString(argMax(state, updated_at)) AS state_now, argMax(window_seconds, updated_at) AS window_s, "
      + "toUnixTimestamp64Milli(argMax(first_seen, updated_at)) AS first_ms, "
      + "toUnixTimestamp64Milli(argMax(last_seen, updated_at)) AS last_ms, max(updated_at) AS last_update, "
      + "toUnixTimestamp64Milli(last_update) AS updated_ms, argMax(tuple(resolved_at), updated_at).1 AS resolved, "
      + "if(isNull(resolved), NULL, toUnixTimestamp64Milli(assumeNotNull(resolved))) AS resolved_ms, "
      + "toUnixTimestamp64Milli(argMax(detected_at, updated_at)) AS detected_ms, "
      + "argMax(evidence, updated_at) AS evidence_now FROM " + DetectionsTable.in(db) + " WHERE " + where
      + " GROUP BY detection_id, rule, entity_kind, entity, opened_at";
  }

  /**
   * The latest state of each detection of one entity, {@code {kind:String}} and {@code {value:String}}, as the columns
   * {@link #json} reads, the open ones first, then the most recently updated: one flat statement on the key prefix,
   * for point reads. {@code FINAL} keeps each detection's row with the greatest {@code updated_at}, as {@link #latest}
   * does; a condition on the state belongs after it (see {@link #openLive}), not in its {@code WHERE}.
   */
  public static String latestOfEntity(String db) {
    return "SELECT toString(detection_id) AS id, toString(rule) AS rule_name, toString(entity_kind) AS kind, "
      + "entity AS value, toUnixTimestamp64Milli(opened_at) AS opened_ms, rule_version AS version, "
      + "toString(mode) AS mode_now, toString(severity) AS severity_now, toString(state) AS state_now, "
      + "window_seconds AS window_s, toUnixTimestamp64Milli(first_seen) AS first_ms, "
      + "toUnixTimestamp64Milli(last_seen) AS last_ms, toUnixTimestamp64Milli(updated_at) AS updated_ms, "
      + "if(isNull(resolved_at), NULL, toUnixTimestamp64Milli(assumeNotNull(resolved_at))) AS resolved_ms, "
      + "toUnixTimestamp64Milli(detected_at) AS detected_ms, evidence AS evidence_now FROM " + DetectionsTable.in(db)
      + " FINAL WHERE entity_kind = {kind:String} AND entity = {value:String} "
      + "ORDER BY state_now = 'open' DESC, updated_ms DESC, id";
  }

  /**
   * The latest state of every detection that is open and of a rule in live mode, as the columns {@link #json} reads,
   * at most {@code limit} of them, for the web role's verdict view.
   */
  public static String openLive(String db, int limit) {
    return "SELECT id, rule_name, kind, value, opened_ms, version, mode_now, severity_now, state_now, window_s, "
      + "first_ms, last_ms, updated_ms, resolved_ms, detected_ms, evidence_now FROM (" + latest(db, "1") + ") "
      + "WHERE state_now = 'open' AND mode_now = 'live' LIMIT " + limit;
  }

  /**
   * A detection record as it travels on the {@code detections} topic ({@code io.tspipe.detection.Detection#toJson})
   * as the row of {@link #latest} it stands for, so {@link #json} answers it as it would answer the stored row. An
   * {@link IllegalArgumentException} when a field is missing or not of its type.
   */
  public static JsonObject row(JsonObject record) {
    try {
      JsonObject entity = record.getJsonObject("entity");
      JsonObject evidence = record.getJsonObject("evidence");
      return new JsonObject()
        .put("id", required(record, "detectionId"))
        .put("rule_name", required(record, "rule"))
        .put("version", record.getString("ruleVersion", ""))
        .put("mode_now", required(record, "mode"))
        .put("severity_now", required(record, "severity"))
        .put("kind", required(entity, "kind"))
        .put("value", required(entity, "value"))
        .put("state_now", required(record, "state"))
        .put("window_s", record.getLong("windowSeconds", 0L))
        .put("first_ms", millis(record, "firstSeen"))
        .put("last_ms", millis(record, "lastSeen"))
        .put("opened_ms", millis(record, "openedAt"))
        .put("updated_ms", millis(record, "updatedAt"))
        .put("resolved_ms", record.getValue("resolvedAt") == null ? null : millis(record, "resolvedAt"))
        .put("detected_ms", record.getValue("detectedAt") == null ? null : millis(record, "detectedAt"))
        .put("evidence_now", evidence == null ? "" : evidence.encode());
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException malformed) {
      throw new IllegalArgumentException("not a detection record: " + malformed.getMessage(), malformed);
    }
  }

  private static String required(JsonObject record, String field) {
    String value = record.getString(field);
    if (value == null) {
      throw new IllegalArgumentException("not a detection record: no " + field);
    }
    return value;
  }

  private static long millis(JsonObject record, String field) {
    return java.time.Instant.parse(required(record, field)).toEpochMilli();
  }

  /** Whether a row of {@link #latest} or {@link #latestOfEntity} is an open detection of a rule in live mode. */
  public static boolean openLive(JsonObject row) {
    return "open".equals(row.getString("state_now")) && "live".equals(row.getString("mode_now"));
  }

  /** A row of {@link #latest} as the detection's JSON form, with {@code href}. */
  public static JsonObject json(JsonObject row) {
    String kind = row.getString("kind");
    String entity = row.getString("value");
    return new JsonObject()
      .put("detectionId", row.getString("id"))
      .put("rule", row.getString("rule_name"))
      .put("ruleVersion", row.getString("version"))
      .put("mode", row.getString("mode_now"))
      .put("severity", row.getString("severity_now"))
      .put("entity", new JsonObject().put("kind", kind).put("value", entity))
      .put("state", row.getString("state_now"))
      .put("windowSeconds", StoredValues.longOf(row, "window_s"))
      .put("firstSeen", time(row, "first_ms"))
      .put("lastSeen", time(row, "last_ms"))
      .put("openedAt", time(row, "opened_ms"))
      .put("updatedAt", time(row, "updated_ms"))
      .put("resolvedAt", time(row, "resolved_ms"))
      .put("detectedAt", time(row, "detected_ms"))
      .put("evidence", evidence(row.getString("evidence_now")))
      .put("href", Subjects.href(kind, entity));
  }

  private static String time(JsonObject row, String column) {
    return row.getValue(column) == null ? null : StoredValues.formatMillis(StoredValues.longOf(row, column));
  }

  /** The stored evidence; {@code {}} for a value that is not a JSON object. */
  private static JsonObject evidence(String stored) {
    try {
      return stored == null || stored.isEmpty() ? new JsonObject() : new JsonObject(stored);
    } catch (DecodeException | ClassCastException notAnObject) {
      return new JsonObject();
    }
  }
}
