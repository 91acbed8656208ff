package io.tspipe.web.live;

import io.tspipe.store.DetectionsTable;
import io.tspipe.store.DetectorProgressTable;
import io.tspipe.store.RollupTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;

/**
 * The detector's verdict on the stream, read as Grafana's attack indicator reads it: {@code attack} while a live
 * detection of {@code rule} is open; else {@code quiet} when no event was stored in the {@code quietAfter} before now;
 * else {@code detector_behind} when the rule's evaluation ({@code detector_progress}) trails the newest stored event,
 * or now, by more than {@code maxBehind} (the detector is down or lagging, so there is no verdict); else
 * {@code normal}. Never a threshold of its own, never the generator's flag.
 *
 * @param rule       the detector rule whose live detections are the attack
 * @param maxBehind  how far the rule's evaluation may trail the newest stored event
 * @param quietAfter how long without a stored event makes the stream quiet
 */
public record AttackIndicator(String rule, Duration maxBehind, Duration quietAfter) {

  public static final AttackIndicator DEFAULT =
    new AttackIndicator("login_failure_surge", Duration.ofMinutes(1), Duration.ofMinutes(5));

  /**
   * One statement, one row: the open live detections of {@code high} or {@code critical} severity, the open live
   * detections of the rule and the most recently opened one, how far the rule is evaluated, and the newest event
   * stored in the quiet span (0 for none).
   */
  public String sql(String db) {
    String surge = "rule = {rule:String}";
    return "SELECT countIf(severity IN ('high', 'critical')) AS open_severe, countIf(" + surge + ") AS open_surges, "
      + "argMaxIf(toString(detection_id), opened_at, " + surge + ") AS surge_id, "
      + "argMaxIf(toString(severity), opened_at, " + surge + ") AS surge_severity, "
      + "argMaxIf(toUnixTimestamp64Milli(first_seen), opened_at, " + surge + ") AS surge_first_ms, "
      + "argMaxIf(toUnixTimestamp64Milli(last_seen), opened_at, " + surge + ") AS surge_last_ms, "
      + "argMaxIf(toUnixTimestamp64Milli(opened_at), opened_at, " + surge + ") AS surge_opened_ms, "
      + "argMaxIf(evidence, opened_at, " + surge + ") AS surge_evidence, "
      + "(SELECT toUnixTimestamp64Milli(max(tick)) FROM " + DetectorProgressTable.in(db) + " WHERE " + surge
      + ") AS evaluated_ms, "
      + "(SELECT toUnixTimestamp64Milli(max(last_event_at)) FROM " + RollupTable.EVENTS_MINUTE.in(db)
      + " WHERE minute >= toStartOfMinute(now64(3) - toIntervalSecond({quiet:UInt32})) AND minute <= now64(3)) AS newest_ms "
      + "FROM " + DetectionsTable.in(db) + " FINAL WHERE state = 'open' AND mode = 'live' AND opened_at <= now64(3)";
  }

  public Map<String, String> parameters() {
    return Map.of("rule", rule, "quiet", Long.toString(quietAfter.toSeconds()));
  }

  /**
   * The indicator from a row of {@link #sql} at {@code nowMillis}: {@code {"status":
   * "attack"|"quiet"|"detector_behind"|"normal", "rule", "detectionId", "severity", "firstSeen", "openedAt",
   * "lastSeen", "features", "openSevereDetections", "evaluatedTo", "newestEventAt"}}, the detection's fields null
   * while none is open.
   */
  public JsonObject assess(JsonObject row, long nowMillis) {
    boolean open = StoredValues.longOf(row, "open_surges") > 0;
    long newest = StoredValues.longOf(row, "newest_ms");
    long evaluated = StoredValues.longOf(row, "evaluated_ms");
    String status = open ? "attack"
      : newest <= 0 ? "quiet"
      : evaluated < Math.min(newest, nowMillis) - maxBehind.toMillis() ? "detector_behind"
      : "normal";
    JsonObject evidence = open ? evidence(row.getString("surge_evidence")) : new JsonObject();
    return new JsonObject()
      .put("status", status)
      .put("rule", rule)
      .put("detectionId", open ? row.getString("surge_id") : null)
      .put("severity", open ? row.getString("surge_severity") : null)
      .put("firstSeen", open ? time(row, "surge_first_ms") : null)
      .put("openedAt", open ? time(row, "surge_opened_ms") : null)
      .put("lastSeen", open ? time(row, "surge_last_ms") : null)
      .put("features", open ? evidence.getJsonObject("features", new JsonObject()) : null)
      .put("openSevereDetections", StoredValues.longOf(row, "open_severe"))
      .put("evaluatedTo", time(row, "evaluated_ms"))
      .put("newestEventAt", time(row, "newest_ms"));
  }

  /** The indicator when the detections could not be read: {@code {"status": "unavailable", "rule", "error"}}. */
  public JsonObject unavailable(String reason) {
    return new JsonObject().put("status", "unavailable").put("rule", rule).put("error", reason);
  }

  /** Adds the live window's own login numbers to an indicator, as context beside the detector's verdict. */
  static JsonObject withWindow(JsonObject indicator, long logins, long failedLogins, long failureIps,
                               JsonArray topFailureIps) {
    long fromTop = topFailureIps.stream().mapToLong(ip -> ((JsonObject) ip).getLong("failures")).sum();
    return indicator
      .put("loginFailureRate", logins == 0 ? null : (double) failedLogins / logins)
      .put("logins", logins)
      .put("failedLogins", failedLogins)
      .put("failureIps", failureIps)
      .put("topFailureIps", topFailureIps)
      .put("topIpShare", failedLogins == 0 ? null : (double) fromTop / failedLogins);
  }

  private static String time(JsonObject row, String column) {
    long millis = StoredValues.longOf(row, column);
    return millis <= 0 ? null : StoredValues.formatMillis(millis);
  }

  private static JsonObject evidence(String stored) {
    try {
      return stored == null || stored.isEmpty() ? new JsonObject() : new JsonObject(stored);
    } catch (DecodeException | ClassCastException notAnObject) {
      return new JsonObject();
    }
  }
}
