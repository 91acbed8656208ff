package io.tspipe.web.dashboard;

import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.store.AttackEntitiesTable;
import io.tspipe.store.AttackWindowsTable;
import io.tspipe.store.StoredValues;
import io.tspipe.web.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attack windows the generator recorded that overlap a {@link MetricsWindow}, newest first: when each started,
 * when it ended (null while it goes on), what triggered it, the scenario it ran with its parameters, and the entities
 * that took part in it (counts by kind and role, and the first {@value #MAX_ENTITIES_PER_WINDOW} by first seen).
 * Each window is stored as a start row and an end row, so the latest state of each is read with
 * {@code argMax(…, recorded_at)}. This is the generator's ground truth, for annotating charts and checking detection
 * against; the attack indicator never reads it.
 */
public final class AttackWindowsApi {

  public static final int MAX_WINDOWS = 500;
  public static final int MAX_ENTITIES_PER_WINDOW = 100;

  private final ClickHouseReads clickHouse;
  private final String db;

  public AttackWindowsApi(ClickHouseReads clickHouse) {
    this.clickHouse = clickHouse;
    this.db = clickHouse.database();
  }

  /** A request as read: its window, widened to whole minutes, and the scenario it narrows to ({@code ""}: any). */
  public record Request(MetricsWindow window, String scenario) {
  }

  /**
   * Reads {@code range}/{@code from}/{@code to} and {@code scenario}, as the API contract accepted them; a
   * {@link BadRequest} names a window the contract cannot judge.
   */
  public static Request request(MultiMap query, Instant now) {
    return new Request(MetricsWindow.parse(query, now), query.get("scenario") == null ? "" : query.get("scenario"));
  }

  /** The windows of a request; an ongoing one lasts until {@code now}. */
  public Future<JsonObject> windows(Request request, Instant now) {
    MetricsWindow window = request.window();
    Map<String, String> parameters = new HashMap<>(window.parameters());
    parameters.put("scenario", request.scenario());
    String windows = "SELECT * FROM (" + AttackWindowsTable.latest(db) + ") WHERE started < {to:DateTime('UTC')} AND (isNull(ended) OR ended >= {from:DateTime('UTC')}) "
      + "AND ({scenario:String} = '' OR scenario = {scenario:String}) "
      + "ORDER BY started DESC, window_id LIMIT " + MAX_WINDOWS;
    String ofTheseWindows = AttackEntitiesTable.ofWindows(db, windows);
    Future<List<JsonObject>> windowRows = clickHouse.select(AttackWindowsTable.rows(windows), parameters);
    Future<List<JsonObject>> counts = clickHouse.select("SELECT id, kind, role, count() AS entities FROM ("
      + ofTheseWindows + ") GROUP BY id, kind, role", parameters);
    Future<List<JsonObject>> entities = clickHouse.select(ofTheseWindows
      + " ORDER BY window_id, first_ms, kind, value, role LIMIT " + MAX_ENTITIES_PER_WINDOW + " BY window_id",
      parameters);
    return Future.all(windowRows, counts, entities)
      .map(done -> answer(window, now, windowRows.result(), counts.result(), entities.result()));
  }

  private static JsonObject answer(MetricsWindow window, Instant now, List<JsonObject> rows, List<JsonObject> counts,
                                   List<JsonObject> entityRows) {
    Map<String, JsonObject> entitiesById = new HashMap<>();
    JsonArray windows = new JsonArray();
    for (JsonObject row : rows) {
      long started = StoredValues.longOf(row, "started_ms");
      Long ended = row.getValue("ended_ms") == null ? null : StoredValues.longOf(row, "ended_ms");
      JsonObject entities = emptyEntities();
      entitiesById.put(row.getString("id"), entities);
      windows.add(new JsonObject()
        .put("id", row.getString("id"))
        .put("startedAt", StoredValues.formatMillis(started))
        .put("endedAt", ended == null ? null : StoredValues.formatMillis(ended))
        .put("trigger", row.getString("trigger"))
        .put("ongoing", ended == null)
        .put("durationMs", (ended == null ? now.toEpochMilli() : ended) - started)
        .put("scenario", row.getString("scenario"))
        .put("parameters", AttackWindowsTable.parameters(row.getString("parameters")))
        .put("entities", entities));
    }
    for (JsonObject row : counts) {
      JsonObject entities = entitiesById.get(row.getString("id"));
      if (entities != null) {
        long count = StoredValues.longOf(row, "entities");
        entities.put("total", entities.getLong("total") + count);
        add(entities.getJsonObject("byKind"), row.getString("kind"), count);
        add(entities.getJsonObject("byRole"), row.getString("role"), count);
      }
    }
    for (JsonObject row : entityRows) {
      JsonObject entities = entitiesById.get(row.getString("id"));
      if (entities != null) {
        entities.getJsonArray("list").add(new JsonObject()
          .put("kind", row.getString("kind"))
          .put("value", row.getString("value"))
          .put("role", row.getString("role"))
          .put("firstSeenAt", StoredValues.formatMillis(StoredValues.longOf(row, "first_ms")))
          .put("href", "/api/v1/entities/" + row.getString("kind") + "/"
            + URLEncoder.encode(row.getString("value"), StandardCharsets.UTF_8)));
      }
    }
    entitiesById.values().forEach(entities -> entities.put("truncated",
      entities.getLong("total") > entities.getJsonArray("list").size()));
    JsonObject json = window.json();
    json.remove("type");
    return new JsonObject().put("window", json).put("windows", windows);
  }

  private static JsonObject emptyEntities() {
    return new JsonObject()
      .put("total", 0L)
      .put("byKind", new JsonObject().put("ip", 0L).put("user", 0L).put("email", 0L))
      .put("byRole", new JsonObject().put("attacker", 0L).put("victim", 0L))
      .put("list", new JsonArray())
      .put("truncated", false);
  }

  private static void add(JsonObject counts, String key, long count) {
    counts.put(key, counts.getLong(key, 0L) + count);
  }
}
