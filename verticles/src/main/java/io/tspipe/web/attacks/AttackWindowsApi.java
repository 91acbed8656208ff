package io.tspipe.web.attacks;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.StoredEvents;
import io.tspipe.web.metrics.MetricsWindow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * The attack windows the generator recorded that overlap a {@link MetricsWindow}, newest first: when each started,
 * when it ended (null while it goes on) and what triggered it. Each window is stored as a start row and an end row,
 * so the latest state of each is read with {@code argMax(…, recorded_at)}. This is the generator's ground truth, for
 * annotating charts and checking detection against; the attack indicator never reads it.
 */
public final class AttackWindowsApi {

  public static final int MAX_WINDOWS = 500;

  private final ClickHouseClient clickHouse;
  private final String db;

  public AttackWindowsApi(ClickHouseClient clickHouse) {
    this.clickHouse = clickHouse;
    this.db = clickHouse.database();
  }

  public Future<JsonObject> windows(MetricsWindow window, Instant now) {
    return clickHouse.select("SELECT toString(window_id) AS id, toUnixTimestamp64Milli(started) AS started_ms, "
        + "if(isNull(ended), NULL, toUnixTimestamp64Milli(assumeNotNull(ended))) AS ended_ms, trigger FROM ("
        + "SELECT window_id, argMax(started_at, recorded_at) AS started, argMax(ended_at, recorded_at) AS ended, "
        + "argMax(trigger, recorded_at) AS trigger FROM " + db + ".attack_windows GROUP BY window_id) "
        + "WHERE started < {to:DateTime('UTC')} AND (isNull(ended) OR ended >= {from:DateTime('UTC')}) "
        + "ORDER BY started DESC, id LIMIT " + MAX_WINDOWS, window.parameters())
      .map(rows -> answer(window, now, rows));
  }

  private static JsonObject answer(MetricsWindow window, Instant now, List<JsonObject> rows) {
    JsonArray windows = new JsonArray();
    for (JsonObject row : rows) {
      long started = StoredEvents.longOf(row, "started_ms");
      Long ended = row.getValue("ended_ms") == null ? null : StoredEvents.longOf(row, "ended_ms");
      windows.add(new JsonObject()
        .put("id", row.getString("id"))
        .put("startedAt", StoredEvents.formatMillis(started))
        .put("endedAt", ended == null ? null : StoredEvents.formatMillis(ended))
        .put("trigger", row.getString("trigger"))
        .put("ongoing", ended == null)
        .put("durationMs", (ended == null ? now.toEpochMilli() : ended) - started));
    }
    JsonObject json = window.json();
    json.remove("type");
    return new JsonObject().put("window", json).put("windows", windows);
  }
}
