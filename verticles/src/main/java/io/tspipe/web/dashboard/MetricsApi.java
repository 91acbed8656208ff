package io.tspipe.web.dashboard;

import io.tspipe.event.EventType;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.store.RollupTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * KPIs and time series of a {@link MetricsWindow}, read from the per-minute rollups only ({@code events_minute},
 * {@code quality_minute}), never from raw events: sums with {@code sum()}, percentiles by merging t-digest states,
 * distinct counts by merging {@code uniq} states. A rate whose denominator is zero is {@code null}, never a division
 * by zero; so is a percentile of nothing.
 */
public final class MetricsApi {

  private static final String SUMS = "sum(events) AS all_events, sum(logins_ok) AS logins_ok, "
    + "sum(logins_failed) AS logins_failed, sum(account_failures) AS account_failures, "
    + "sumIf(events, type = 'account_activity') AS account_events, sumIf(events, type = 'api_request') AS api_requests, "
    + "sum(http_2xx) AS http_2xx, sum(http_3xx) AS http_3xx, sum(http_4xx) AS http_4xx, sum(http_5xx) AS http_5xx, "
    + "sum(http_429) AS http_429, sum(emails_sent) AS emails_sent, sum(bounces_hard) AS bounces_hard, "
    + "sum(bounces_soft) AS bounces_soft, quantilesTDigestMerge(0.5, 0.95, 0.99)(latency_ms) AS latency";

  private final ClickHouseReads clickHouse;
  private final String db;

  public MetricsApi(ClickHouseReads clickHouse) {
    this.clickHouse = clickHouse;
    this.db = clickHouse.database();
  }

  /** The headline figures of the window. */
  public Future<JsonObject> kpis(MetricsWindow window) {
    Map<String, String> parameters = window.parameters();
    Future<List<JsonObject>> events = clickHouse.select("SELECT " + SUMS + ", "
      + "quantilesTDigestMerge(0.5, 0.95, 0.99)(freshness_ms) AS freshness, uniqMerge(uniq_ips) AS ips, "
      + "uniqMerge(uniq_users) AS users, uniqMerge(uniq_countries) AS countries, "
      + "toUnixTimestamp64Milli(max(last_event_at)) AS last_event_ms FROM " + RollupTable.EVENTS_MINUTE.in(db)
      + window.rollupFilter(), parameters);
    Future<List<JsonObject>> quality = clickHouse.select("SELECT sumIf(count, kind = 'rejected') AS rejects, "
      + "sumIf(count, kind = 'duplicate') AS duplicates FROM " + RollupTable.QUALITY_MINUTE.in(db)
      + window.rollupFilter(), parameters);
    return Future.all(events, quality).map(done -> kpis(window, events.result().get(0), quality.result().get(0)));
  }

  /** One point per {@code step}, every bucket of the window present, empty ones as zeros. */
  public Future<JsonObject> timeSeries(MetricsWindow window) {
    Map<String, String> parameters = window.parameters();
    String bucket = "toUnixTimestamp(toStartOfInterval(minute, toIntervalSecond({step:UInt32}))) AS bucket";
    Future<List<JsonObject>> events = clickHouse.select("SELECT " + bucket + ", type, " + SUMS + " FROM "
      + RollupTable.EVENTS_MINUTE.in(db) + window.rollupFilter() + " GROUP BY bucket, type ORDER BY bucket, type",
      parameters);
    Future<List<JsonObject>> quality = clickHouse.select("SELECT " + bucket + ", "
      + "sumIf(count, kind = 'rejected') AS rejects, sumIf(count, kind = 'duplicate') AS duplicates FROM "
      + RollupTable.QUALITY_MINUTE.in(db) + window.rollupFilter() + " GROUP BY bucket ORDER BY bucket", parameters);
    return Future.all(events, quality).map(done -> timeSeries(window, events.result(), quality.result()));
  }

  private static JsonObject kpis(MetricsWindow window, JsonObject row, JsonObject quality) {
    long events = count(row, "all_events");
    long rejects = count(quality, "rejects");
    long duplicates = count(quality, "duplicates");
    long logins = count(row, "logins_ok") + count(row, "logins_failed");
    long lastEvent = count(row, "last_event_ms");
    JsonObject kpis = window.json()
      .put("events", events)
      .put("eventsPerSecond", events / window.seconds())
      .put("loginSuccessRate", rate(count(row, "logins_ok"), logins))
      .put("accountFailureRate", rate(count(row, "account_failures"), count(row, "account_events")))
      .put("apiLatencyMs", percentiles(row.getValue("latency")))
      .put("http5xxRate", rate(count(row, "http_5xx"), count(row, "api_requests")))
      .put("http429Rate", rate(count(row, "http_429"), count(row, "api_requests")))
      .put("emailBounceRate", rate(count(row, "bounces_hard") + count(row, "bounces_soft"), count(row, "emails_sent")))
      .put("freshnessMs", percentiles(row.getValue("freshness")))
      .put("lastEventAt", events == 0 ? null : StoredValues.formatMillis(lastEvent))
      .put("rejects", rejects)
      .put("rejectRate", rate(rejects, events + rejects + duplicates))
      .put("duplicates", duplicates)
      .put("duplicateRate", rate(duplicates, events + duplicates))
      .put("unique", new JsonObject()
        .put("ips", count(row, "ips"))
        .put("users", count(row, "users"))
        .put("countries", count(row, "countries")));
    return kpis;
  }

  private static JsonObject timeSeries(MetricsWindow window, List<JsonObject> eventRows, List<JsonObject> qualityRows) {
    Map<Long, JsonObject> points = new HashMap<>();
    JsonArray series = new JsonArray();
    for (long bucket = window.firstBucketEpochSecond(); bucket < window.to().getEpochSecond(); bucket += window.stepSeconds()) {
      JsonObject point = emptyPoint(bucket);
      points.put(bucket, point);
      series.add(point);
    }
    for (JsonObject row : eventRows) {
      JsonObject point = points.get(count(row, "bucket"));
      if (point == null) {
        continue;
      }
      long events = count(row, "all_events");
      point.getJsonObject("events").put(row.getString("type"), events);
      point.put("total", point.getLong("total") + events);
      add(point, "loginsOk", count(row, "logins_ok"));
      add(point, "loginsFailed", count(row, "logins_failed"));
      JsonObject http = point.getJsonObject("http");
      add(http, "2xx", count(row, "http_2xx"));
      add(http, "3xx", count(row, "http_3xx"));
      add(http, "4xx", count(row, "http_4xx"));
      add(http, "5xx", count(row, "http_5xx"));
      add(http, "429", count(row, "http_429"));
      add(point, "emailsSent", count(row, "emails_sent"));
      add(point, "emailsBounced", count(row, "bounces_hard") + count(row, "bounces_soft"));
      if (EventType.API_REQUEST.wireName().equals(row.getString("type"))) {
        point.put("apiLatencyMs", percentiles(row.getValue("latency")));
      }
    }
    for (JsonObject row : qualityRows) {
      JsonObject point = points.get(count(row, "bucket"));
      if (point != null) {
        point.put("rejects", count(row, "rejects")).put("duplicates", count(row, "duplicates"));
      }
    }
    return window.json().put("step", window.stepSeconds()).put("points", series);
  }

  private static JsonObject emptyPoint(long bucket) {
    JsonObject events = new JsonObject();
    for (EventType type : EventType.values()) {
      events.put(type.wireName(), 0L);
    }
    return new JsonObject()
      .put("t", StoredValues.formatMillis(bucket * 1000))
      .put("total", 0L)
      .put("events", events)
      .put("loginsOk", 0L)
      .put("loginsFailed", 0L)
      .put("apiLatencyMs", null)
      .put("http", new JsonObject().put("2xx", 0L).put("3xx", 0L).put("4xx", 0L).put("5xx", 0L).put("429", 0L))
      .put("emailsSent", 0L)
      .put("emailsBounced", 0L)
      .put("rejects", 0L)
      .put("duplicates", 0L);
  }

  private static void add(JsonObject into, String field, long value) {
    into.put(field, into.getLong(field) + value);
  }

  /** p50, p95 and p99 from a merged t-digest; null when it merged nothing (ClickHouse answers NaN). */
  public static JsonObject percentiles(Object merged) {
    if (!(merged instanceof JsonArray values) || values.size() != 3 || !(values.getValue(0) instanceof Number)) {
      return null;
    }
    double p50 = ((Number) values.getValue(0)).doubleValue();
    if (Double.isNaN(p50)) {
      return null;
    }
    return new JsonObject().put("p50", p50).put("p95", ((Number) values.getValue(1)).doubleValue())
      .put("p99", ((Number) values.getValue(2)).doubleValue());
  }

  /** {@code part / whole}, or null when {@code whole} is zero. */
  public static Double rate(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  private static long count(JsonObject row, String column) {
    return StoredValues.longOf(row, column);
  }
}
