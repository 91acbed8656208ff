package io.tspipe.web.suspicious;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.StoredEvents;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.tspipe.web.metrics.MetricsWindow;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/suspicious?kind=ip|user[&range|from|to][&limit]}: the IPs or users of a window (at most 24 h,
 * default the last 15 minutes) that look hostile, most failures first. An entity is listed when it failed at least
 * {@value #MIN_FAILURES} times at a failure rate of at least 50% (credential stuffing, brute force), or when it fans
 * out: an IP used by at least {@value #MIN_FAN_OUT} users, or a user seen from at least {@value #MIN_FAN_OUT} IPs.
 * Failures are counted as in the entity profiles ({@link StoredEvents#FAILURE}).
 */
public final class SuspiciousEntities {

  public static final int MIN_FAILURES = 5;
  public static final int MIN_FAN_OUT = 5;
  public static final int MAX_LIMIT = 200;
  private static final Duration MAX_SPAN = Duration.ofHours(24);

  private final ClickHouseClient clickHouse;

  public SuspiciousEntities(ClickHouseClient clickHouse) {
    this.clickHouse = clickHouse;
  }

  public Future<JsonObject> list(MultiMap query, Instant now) {
    MultiMap windowParameters = MultiMap.caseInsensitiveMultiMap();
    for (String name : query.names()) {
      if (!Set.of("kind", "limit").contains(name)) {
        windowParameters.add(name, query.get(name));
      }
    }
    if (windowParameters.isEmpty()) {
      windowParameters.add("range", "15m");
    }
    MetricsWindow window = MetricsWindow.parse(windowParameters, now, Set.of("range", "from", "to"), MAX_SPAN);
    String kind = query.get("kind") == null ? "ip" : query.get("kind");
    if (!kind.equals("ip") && !kind.equals("user")) {
      throw new BadRequest("kind", "'" + Values.shorten(kind) + "' is not one of ip, user");
    }
    int limit = Values.integer("limit", query.get("limit"), 50, 1, MAX_LIMIT);
    String key = kind.equals("ip") ? "source_ip" : "toString(user_id)";
    String fanOut = kind.equals("ip") ? "uniqExact(user_id)" : "uniqExact(source_ip)";
    Map<String, String> parameters = new HashMap<>();
    parameters.put("from", ClickHouseClient.dateTime64(window.from()));
    parameters.put("to", ClickHouseClient.dateTime64(window.to()));
    parameters.put("limit", Integer.toString(limit));
    String sql = "SELECT " + key + " AS value, count() AS events, countIf(" + StoredEvents.FAILURE + ") AS failures, "
      + fanOut + " AS fan_out FROM " + clickHouse.database() + ".events "
      + "WHERE timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')} "
      + "GROUP BY value HAVING (failures >= " + MIN_FAILURES + " AND failures * 2 >= events) OR fan_out >= " + MIN_FAN_OUT
      + " ORDER BY failures DESC, fan_out DESC, value LIMIT {limit:UInt32}";
    String fanOutName = kind.equals("ip") ? "users" : "ips";
    return clickHouse.select(sql, parameters).map(rows -> {
      JsonArray entities = new JsonArray();
      for (JsonObject row : rows) {
        long events = StoredEvents.longOf(row, "events");
        long failures = StoredEvents.longOf(row, "failures");
        long spread = StoredEvents.longOf(row, "fan_out");
        JsonArray reasons = new JsonArray();
        if (failures >= MIN_FAILURES && failures * 2 >= events) {
          reasons.add("failures");
        }
        if (spread >= MIN_FAN_OUT) {
          reasons.add("fan_out");
        }
        entities.add(new JsonObject()
          .put("value", row.getString("value"))
          .put("events", events)
          .put("failures", failures)
          .put("failureRate", events == 0 ? null : (double) failures / events)
          .put(fanOutName, spread)
          .put("reasons", reasons)
          .put("href", "/api/v1/entities/" + kind + "/" + URLEncoder.encode(row.getString("value"), StandardCharsets.UTF_8)));
      }
      return new JsonObject()
        .put("from", StoredEvents.formatMillis(window.from().toEpochMilli()))
        .put("to", StoredEvents.formatMillis(window.to().toEpochMilli()))
        .put("kind", kind)
        .put("rule", new JsonObject().put("minFailures", MIN_FAILURES).put("minFailureRate", 0.5)
          .put("minFanOut", MIN_FAN_OUT))
        .put("entities", entities);
    });
  }

}
