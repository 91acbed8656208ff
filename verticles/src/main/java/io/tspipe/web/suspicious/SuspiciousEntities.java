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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/suspicious?kind=ip|user[&range|from|to][&limit]}: the IPs or users of a window (at most 24 h,
 * default the last 15 minutes) that look hostile, most failures first. An entity is listed when it failed at least
 * {@value #MIN_FAILURES} times at a failure rate of at least 50% (credential stuffing, brute force), or when it fans
 * out: an IP used by at least {@value #MIN_FAN_OUT} users, or a user seen from at least {@value #MIN_FAN_OUT} IPs.
 * Failures are counted as in the entity profiles ({@link StoredEvents#FAILURE}).
 *
 * <p>The minutes the per-minute rollups {@code ip_minute} / {@code user_minute} hold whole ({@link RollupCoverage}) are
 * read from them, the earlier ones from {@code events}; both parts are merged in one query before the rule, the order
 * and the limit apply, so the answer is exactly the one {@code events} alone would give.
 */
public final class SuspiciousEntities {

  public static final int MIN_FAILURES = 5;
  public static final int MIN_FAN_OUT = 5;
  public static final int MAX_LIMIT = 200;
  private static final Duration MAX_SPAN = Duration.ofHours(24);
  private static final Set<String> OWN_PARAMETERS = Set.of("kind", "limit");

  /** What each kind is keyed by, what its fan-out counts, and the rollup holding both per minute. */
  private enum Kind {
    IP("ip", "source_ip", "user_id", "ip_minute", "users"),
    USER("user", "toString(user_id)", "source_ip", "user_minute", "ips");

    final String wireName;
    final String key;
    final String fannedOver;
    final String rollup;
    /** The rollup's state column of the fan-out, and the answer's field for it. */
    final String spread;

    Kind(String wireName, String key, String fannedOver, String rollup, String spread) {
      this.wireName = wireName;
      this.key = key;
      this.fannedOver = fannedOver;
      this.rollup = rollup;
      this.spread = spread;
    }

    static Kind parse(String text) {
      for (Kind kind : values()) {
        if (kind.wireName.equals(text)) {
          return kind;
        }
      }
      throw new BadRequest("kind", "'" + Values.shorten(text) + "' is not one of ip, user");
    }
  }

  private final ClickHouseClient clickHouse;
  private final RollupCoverage coverage;

  public SuspiciousEntities(ClickHouseClient clickHouse, RollupCoverage coverage) {
    this.clickHouse = clickHouse;
    this.coverage = coverage;
  }

  /** The answer; refuses bad parameters with {@link BadRequest}, thrown before anything is asked of ClickHouse. */
  public Future<JsonObject> list(MultiMap query, Instant now) {
    MetricsWindow window = window(query, now);
    Kind kind = Kind.parse(query.get("kind") == null ? "ip" : query.get("kind"));
    int limit = Values.integer("limit", query.get("limit"), 50, 1, MAX_LIMIT);
    return coverage.start(clickHouse)
      .compose(start -> select(kind, window, RollupCoverage.split(window.from(), window.to(), start), limit))
      .map(rows -> answer(kind, window, rows));
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
    return MetricsWindow.parse(windowParameters, now, Set.of("range", "from", "to"), MAX_SPAN);
  }

  /** Raw events in {@code [from, split)}, rollups in {@code [split, to)}; {@code split} is a whole minute. */
  private Future<List<JsonObject>> select(Kind kind, MetricsWindow window, Instant split, int limit) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("from", ClickHouseClient.dateTime64(window.from()));
    parameters.put("split", ClickHouseClient.dateTime64(split));
    parameters.put("to", ClickHouseClient.dateTime64(window.to()));
    parameters.put("limit", Integer.toString(limit));
    return clickHouse.select(sql(clickHouse.database(), kind, window.from().isBefore(split), split.isBefore(window.to())),
      parameters);
  }

  /**
   * Per entity, partial counts and fan-out states from each part of the window, merged before the rule applies. Only
   * the parts asked for are read: the rollup tables may not exist before their migration.
   */
  private static String sql(String db, Kind kind, boolean raw, boolean rollup) {
    List<String> parts = new ArrayList<>();
    if (raw) {
      parts.add("SELECT " + kind.key + " AS value, count() AS part_events, countIf(" + StoredEvents.FAILURE
        + ") AS part_failures, uniqExactState(" + kind.fannedOver + ") AS part_spread FROM " + db + ".events"
        + " WHERE timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {split:DateTime64(3, 'UTC')} GROUP BY value");
    }
    if (rollup) {
      parts.add("SELECT " + kind.key + " AS value, sum(events) AS part_events, sum(failures) AS part_failures,"
        + " uniqExactMergeState(" + kind.spread + ") AS part_spread FROM " + db + "." + kind.rollup
        + " WHERE minute >= {split:DateTime64(3, 'UTC')} AND minute < {to:DateTime64(3, 'UTC')} GROUP BY value");
    }
    return "SELECT value, sum(part_events) AS events, sum(part_failures) AS failures,"
      + " uniqExactMerge(part_spread) AS fan_out FROM (" + String.join(" UNION ALL ", parts) + ")"
      + " GROUP BY value HAVING (failures >= " + MIN_FAILURES + " AND failures * 2 >= events) OR fan_out >= " + MIN_FAN_OUT
      + " ORDER BY failures DESC, fan_out DESC, value LIMIT {limit:UInt32}";
  }

  private static JsonObject answer(Kind kind, MetricsWindow window, List<JsonObject> rows) {
    JsonArray entities = new JsonArray();
    for (JsonObject row : rows) {
      entities.add(entity(kind, row));
    }
    return new JsonObject()
      .put("from", StoredEvents.formatMillis(window.from().toEpochMilli()))
      .put("to", StoredEvents.formatMillis(window.to().toEpochMilli()))
      .put("kind", kind.wireName)
      .put("rule", new JsonObject().put("minFailures", MIN_FAILURES).put("minFailureRate", 0.5)
        .put("minFanOut", MIN_FAN_OUT))
      .put("entities", entities);
  }

  private static JsonObject entity(Kind kind, JsonObject row) {
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
    return new JsonObject()
      .put("value", row.getString("value"))
      .put("events", events)
      .put("failures", failures)
      .put("failureRate", events == 0 ? null : (double) failures / events)
      .put(kind.spread, spread)
      .put("reasons", reasons)
      .put("href", "/api/v1/entities/" + kind.wireName + "/"
        + URLEncoder.encode(row.getString("value"), StandardCharsets.UTF_8));
  }
}
