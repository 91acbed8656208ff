package io.tspipe.web.live;

import io.tspipe.bus.Addresses;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.event.EventType;
import io.tspipe.sink.clickhouse.ClickHouseReader;
import io.tspipe.store.DuplicateEventsTable;
import io.tspipe.store.EventsTable;
import io.tspipe.store.RejectedEventsTable;
import io.tspipe.store.StoredValues;
import io.tspipe.web.WebSettings;
import io.tspipe.web.dashboard.MetricsApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Computes the live metrics once per {@code web.liveTickMs} from the last {@code web.liveWindowSeconds} of stored
 * data and publishes each tick on {@link Addresses#LIVE_METRICS_TICK}, where every web verticle's SSE feed fans it
 * out. One per process, whatever the number of web verticles: the engine is asked once per tick, not once per
 * subscriber. The tick's attack indicator is the detector's verdict ({@link AttackIndicator}), read in one more
 * statement per tick; when only that statement fails, the tick says so in its {@code attack} and the rest stands.
 * After each tick the {@link AlertRules} it feeds publish what changed on {@link Addresses#LIVE_ALERTS}.
 * A tick still being computed when the next is due makes that one skip, so ticks never pile up.
 */
public final class LiveMetricsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LiveMetricsVerticle.class);
  private static final int TOP_IPS = 5;

  private final WebSettings settings;
  private final ClickHouseSettings clickHouseSettings;
  private final AttackIndicator indicator;
  private final AlertRules alerts;

  private ClickHouseReader clickHouse;
  private boolean computing;
  private long timer;
  private String byType;
  private String evidence;
  private String detections;

  public LiveMetricsVerticle(WebSettings settings, ClickHouseSettings clickHouse, AttackIndicator indicator,
                             AlertRules alerts) {
    this.settings = settings;
    this.clickHouseSettings = clickHouse;
    this.indicator = indicator;
    this.alerts = alerts;
  }

  @Override
  public Future<?> start() {
    clickHouse = ClickHouseReader.create(vertx, clickHouseSettings);
    String db = clickHouse.database();
    String recent = " >= now64(3) - toIntervalSecond({window:UInt32})";
    byType = "SELECT type, count() AS events, countIf(" + EventsTable.FAILURE + ") AS failures, "
      + "countIf(action = 'login') AS logins, countIf(action = 'login' AND ifNull(success, true) = false) AS failed_logins, "
      + "uniqExactIf(source_ip, action = 'login' AND ifNull(success, true) = false) AS failure_ips, "
      + "countIf(status_code >= 500) AS http_5xx, countIf(status_code = 429) AS http_429, "
      + "quantilesTDigestIf(0.5, 0.95, 0.99)(response_time_ms, type = 'api_request') AS latency, "
      // the newest event not stamped ahead of its own ingestion: a future-stamped event cannot hide a real lag
      + "toUnixTimestamp64Milli(maxIf(timestamp, timestamp <= ingested_at)) AS newest_ms "
      + "FROM " + EventsTable.in(db) + " WHERE timestamp" + recent + " GROUP BY type";
    evidence = "SELECT * FROM (SELECT 'ip' AS kind, source_ip AS key, count() AS n FROM " + EventsTable.in(db)
      + " WHERE timestamp" + recent + " AND action = 'login' AND ifNull(success, true) = false "
      + "GROUP BY key ORDER BY n DESC, key LIMIT " + TOP_IPS + ") "
      + "UNION ALL SELECT 'rejects' AS kind, '' AS key, count() AS n FROM " + RejectedEventsTable.in(db)
      + " WHERE rejected_at" + recent + " "
      + "UNION ALL SELECT 'duplicates' AS kind, '' AS key, count() AS n FROM " + DuplicateEventsTable.in(db)
      + " WHERE detected_at" + recent;
    detections = indicator.sql(db);
    timer = vertx.setPeriodic(settings.liveTickMs(), id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    if (computing) {
      return;
    }
    computing = true;
    Map<String, String> parameters = Map.of("window", Integer.toString(settings.liveWindowSeconds()));
    Future<List<JsonObject>> types = clickHouse.select(byType, parameters);
    Future<List<JsonObject>> more = clickHouse.select(evidence, parameters);
    Future<JsonObject> attack = assessAttack();
    Future.all(types, more, attack)
      .map(done -> LiveTick.of(System.currentTimeMillis(), settings.liveWindowSeconds(), types.result(), more.result(),
        attack.result()))
      .recover(failure -> {
        LOG.warn("Live metrics tick failed: {}", failure.getMessage());
        return Future.succeededFuture(LiveTick.unavailable(System.currentTimeMillis(), failure.getMessage()));
      })
      .onSuccess(this::publish)
      .onComplete(done -> computing = false);
  }

  private Future<JsonObject> assessAttack() {
    return clickHouse.select(detections, indicator.parameters())
      .map(rows -> indicator.assess(rows.get(0), System.currentTimeMillis()))
      .recover(failure -> {
        LOG.warn("Attack indicator: detections not read: {}", failure.getMessage());
        return Future.succeededFuture(indicator.unavailable(failure.getMessage()));
      });
  }

  private void publish(JsonObject tick) {
    vertx.eventBus().publish(Addresses.LIVE_METRICS_TICK, tick);
    List<JsonObject> changes = alerts.evaluate(tick);
    changes.forEach(alert -> LOG.info("Alert {} {}: {}", alert.getString("key"), alert.getString("state"),
      alert.getString("message")));
    vertx.eventBus().publish(Addresses.LIVE_ALERTS, new JsonObject().put("changes", new JsonArray(changes))
      .put("firing", alerts.firing()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return clickHouse.close();
  }

  /** How one tick is assembled from the statements' rows and the attack indicator: pure, no I/O. */
  static final class LiveTick {

    private LiveTick() {
    }

    static JsonObject of(long nowMillis, int windowSeconds, List<JsonObject> typeRows, List<JsonObject> evidenceRows,
                         JsonObject attack) {
      JsonObject perSecond = new JsonObject();
      JsonObject failureRates = new JsonObject();
      for (EventType type : EventType.values()) {
        perSecond.put(type.wireName(), 0.0);
        failureRates.put(type.wireName(), null);
      }
      long total = 0;
      long logins = 0;
      long failedLogins = 0;
      long failureIps = 0;
      long newest = 0;
      JsonObject api = null;
      for (JsonObject row : typeRows) {
        long events = StoredValues.longOf(row, "events");
        String type = row.getString("type");
        total += events;
        perSecond.put(type, events / (double) windowSeconds);
        failureRates.put(type, events == 0 ? null : StoredValues.longOf(row, "failures") / (double) events);
        logins += StoredValues.longOf(row, "logins");
        failedLogins += StoredValues.longOf(row, "failed_logins");
        failureIps += StoredValues.longOf(row, "failure_ips");
        newest = Math.max(newest, StoredValues.longOf(row, "newest_ms"));
        if (EventType.API_REQUEST.wireName().equals(type)) {
          api = row;
        }
      }
      perSecond.put("total", total / (double) windowSeconds);
      JsonArray topIps = new JsonArray();
      long rejects = 0;
      long duplicates = 0;
      for (JsonObject row : evidenceRows) {
        long n = StoredValues.longOf(row, "n");
        switch (row.getString("kind")) {
          case "ip" -> topIps.add(new JsonObject().put("ip", row.getString("key")).put("failures", n));
          case "rejects" -> rejects = n;
          case "duplicates" -> duplicates = n;
          default -> throw new IllegalStateException("unknown row kind " + row.getString("kind"));
        }
      }
      long apiRequests = api == null ? 0 : StoredValues.longOf(api, "events");
      return new JsonObject()
        .put("at", StoredValues.formatMillis(nowMillis))
        .put("windowSeconds", windowSeconds)
        .put("available", true)
        .put("eventsPerSecond", perSecond)
        .put("failureRates", failureRates)
        .put("loginFailureRate", logins == 0 ? null : failedLogins / (double) logins)
        .put("http5xxRate", apiRequests == 0 ? null : StoredValues.longOf(api, "http_5xx") / (double) apiRequests)
        .put("http429Rate", apiRequests == 0 ? null : StoredValues.longOf(api, "http_429") / (double) apiRequests)
        .put("apiLatencyMs", api == null ? null : MetricsApi.percentiles(api.getValue("latency")))
        .put("quality", new JsonObject()
          .put("rejectsPerSecond", rejects / (double) windowSeconds)
          .put("duplicatesPerSecond", duplicates / (double) windowSeconds))
        .put("lagMs", newest == 0 ? null : Math.max(0, nowMillis - newest))
        .put("attack", AttackIndicator.withWindow(attack, logins, failedLogins, failureIps, topIps));
    }

    /** A tick saying the engine did not answer, so a dashboard shows that rather than stale numbers. */
    static JsonObject unavailable(long nowMillis, String reason) {
      return new JsonObject().put("at", StoredValues.formatMillis(nowMillis)).put("available", false)
        .put("error", reason);
    }
  }
}
