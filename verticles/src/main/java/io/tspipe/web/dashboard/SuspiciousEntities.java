package io.tspipe.web.dashboard;

import io.tspipe.store.StoredValues;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.tspipe.web.detections.StoredDetections;
import io.tspipe.web.detections.Subjects;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/suspicious?kind=ip|user[&range|from|to][&limit]}: the IPs or users the detector's live rules
 * single out in a window (at most 24 h, default the last 15 minutes). A window reaching now lists the entities with an
 * open live detection; a window that ended before now, those with a live detection whose span (its opening to its
 * resolution, or now while open) overlaps it. Most severe first (the highest severity of its detections), then those
 * with the most open detections, then the most recently seen; each with the rules that detected it.
 */
public final class SuspiciousEntities {

  public static final int MAX_LIMIT = 200;
  private static final Duration MAX_SPAN = Duration.ofHours(24);
  private static final Set<String> OWN_PARAMETERS = Set.of("kind", "limit");

  private final ClickHouseReads clickHouse;

  public SuspiciousEntities(ClickHouseReads clickHouse) {
    this.clickHouse = clickHouse;
  }

  /**
   * A request as read: its window, widened to whole minutes; the kind of entity; how many to list; and whether the
   * window reaches now, so only open detections count.
   */
  public record Request(MetricsWindow window, String kind, int limit, boolean openOnly) {
  }

  /**
   * Reads a query the API contract accepted; a window it cannot judge is refused with {@link BadRequest}, before
   * anything is asked of ClickHouse.
   */
  public static Request request(MultiMap query, Instant now) {
    MetricsWindow window = window(query, now);
    return new Request(window, query.get("kind") == null ? "ip" : query.get("kind"),
      Values.integer(query.get("limit"), 50), !window.to().isBefore(now));
  }

  /** The entities a request singles out. */
  public Future<JsonObject> list(Request request) {
    return clickHouse.select(sql(clickHouse.database(), request.openOnly()), Map.of(
        "kind", request.kind(),
        "from", ClickHouseClient.dateTime64(request.window().from()),
        "to", ClickHouseClient.dateTime64(request.window().to()),
        "limit", Integer.toString(request.limit())))
      .map(rows -> answer(request.kind(), request.window(), request.openOnly(), rows));
  }

  private static MetricsWindow window(MultiMap query, Instant now) {
    MultiMap windowParameters = MultiMap.caseInsensitiveMultiMap();
    for (String name : query.names()) {
      if (!OWN_PARAMETERS.contains(name)) {
        windowParameters.add(name, query.get(name));
      }
    }
    if (windowParameters.isEmpty()) {
      windowParameters.add("range", "15m");
    }
    return MetricsWindow.parse(windowParameters, now, MAX_SPAN);
  }

  /** Per entity of the kind, its live detections that are open, or overlap the window. */
  static String sql(String db, boolean openOnly) {
    String severities = "['" + String.join("', '", StoredDetections.SEVERITIES) + "']";
    return "SELECT value, max(indexOf(" + severities + ", severity_now)) AS rank, arraySort(groupUniqArray(rule_name))"
      + " AS rules, count() AS detections, countIf(state_now = 'open') AS open_detections,"
      + " min(first_ms) AS first_seen_ms, max(last_ms) AS last_seen_ms FROM ("
      + StoredDetections.latest(db, "entity_kind = {kind:String} AND opened_at < {to:DateTime64(3, 'UTC')}")
      + ") WHERE mode_now = 'live' AND "
      + (openOnly ? "state_now = 'open'" : "(isNull(resolved) OR resolved >= {from:DateTime64(3, 'UTC')})")
      + " GROUP BY value ORDER BY rank DESC, open_detections DESC, last_seen_ms DESC, value LIMIT {limit:UInt32}";
  }

  private static JsonObject answer(String kind, MetricsWindow window, boolean openOnly, List<JsonObject> rows) {
    JsonArray entities = new JsonArray();
    for (JsonObject row : rows) {
      entities.add(entity(kind, row));
    }
    return new JsonObject()
      .put("from", StoredValues.formatMillis(window.from().toEpochMilli()))
      .put("to", StoredValues.formatMillis(window.to().toEpochMilli()))
      .put("kind", kind)
      .put("openOnly", openOnly)
      .put("entities", entities);
  }

  private static JsonObject entity(String kind, JsonObject row) {
    int rank = (int) StoredValues.longOf(row, "rank");
    return new JsonObject()
      .put("value", row.getString("value"))
      .put("severity", rank < 1 ? null : StoredDetections.SEVERITIES.get(rank - 1))
      .put("rules", row.getJsonArray("rules", new JsonArray()))
      .put("detections", StoredValues.longOf(row, "detections"))
      .put("openDetections", StoredValues.longOf(row, "open_detections"))
      .put("firstSeen", StoredValues.formatMillis(StoredValues.longOf(row, "first_seen_ms")))
      .put("lastSeen", StoredValues.formatMillis(StoredValues.longOf(row, "last_seen_ms")))
      .put("href", Subjects.href(kind, row.getString("value")));
  }
}
