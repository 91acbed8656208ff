package io.tspipe.web.detections;

import io.tspipe.detection.EntityKind;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.tspipe.web.dashboard.MetricsWindow;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;

/**
 * {@code GET /api/v1/detections}: the latest state of each detection whose span, from {@code opened_at} to
 * {@code resolved_at} (now while open), overlaps a {@link MetricsWindow}, most recently updated first, at most
 * {@value #MAX_LIMIT}; and the detections of one entity, for its verdict and profile. Conditions on what a detection
 * never changes (kind, entity, rule, opening) prune the rows read; those on its state apply to its latest row.
 */
public final class DetectionsApi {

  public static final int DEFAULT_LIMIT = 100;
  /** The most detections an entity's profile lists: the open ones first, then the most recently updated. */
  public static final int MAX_PER_ENTITY = 50;

  private final ClickHouseReads clickHouse;
  private final String db;

  public DetectionsApi(ClickHouseReads clickHouse) {
    this.clickHouse = clickHouse;
    this.db = clickHouse.database();
  }

  /**
   * Reads the window and filters the API contract accepted; a {@link BadRequest} names what it cannot say: an entity
   * without its kind, or not of its kind.
   */
  public Future<JsonObject> list(MultiMap query, Instant now) {
    MetricsWindow window = MetricsWindow.parse(query, now);
    Map<String, String> parameters = new HashMap<>(window.parameters());
    List<String> keyed = new ArrayList<>(List.of("opened_at < {to:DateTime('UTC')}"));
    List<String> latest = new ArrayList<>(List.of("(isNull(resolved) OR resolved >= {from:DateTime('UTC')})"));
    if (query.get("rule") != null) {
      parameters.put("rule", query.get("rule"));
      keyed.add("rule = {rule:String}");
    }
    EntityKind kind = null;
    if (query.get("kind") != null) {
      kind = Subjects.kind("kind", query.get("kind"));
      parameters.put("kind", kind.wireName());
      keyed.add("entity_kind = {kind:String}");
    }
    if (query.get("entity") != null) {
      if (kind == null) {
        throw new BadRequest("kind", "required with entity: which kind of entity it is");
      }
      parameters.put("entity", Subjects.value("entity", kind, query.get("entity")));
      keyed.add("entity = {entity:String}");
    }
    filter(query, "state", "state_now", latest, parameters);
    filter(query, "mode", "mode_now", latest, parameters);
    filter(query, "severity", "severity_now", latest, parameters);
    int limit = Values.integer(query.get("limit"), DEFAULT_LIMIT);
    String sql = "SELECT * FROM (" + StoredDetections.latest(db, String.join(" AND ", keyed)) + ") WHERE "
      + String.join(" AND ", latest) + " ORDER BY updated_ms DESC, id LIMIT " + (limit + 1);
    return clickHouse.select(sql, parameters).map(rows -> {
      JsonArray detections = new JsonArray();
      rows.stream().limit(limit).forEach(row -> detections.add(StoredDetections.json(row)));
      JsonObject answered = window.json();
      answered.remove("type");
      return new JsonObject().put("window", answered).put("detections", detections)
        .put("truncated", rows.size() > limit);
    });
  }

  /**
   * The detections of one entity: with {@code openLiveOnly}, its open detections of rules in live mode (what a verdict
   * weighs); otherwise its open ones and its most recent others, at most {@value #MAX_PER_ENTITY}.
   */
  public Future<List<JsonObject>> ofEntity(EntityKind kind, String value, boolean openLiveOnly) {
    String sql = StoredDetections.latestOfEntity(db) + (openLiveOnly ? "" : " LIMIT " + MAX_PER_ENTITY);
    return clickHouse.select(sql, Map.of("kind", kind.wireName(), "value", value))
      .map(rows -> rows.stream().filter(row -> !openLiveOnly || StoredDetections.openLive(row)).limit(MAX_PER_ENTITY)
        .map(StoredDetections::json).toList());
  }

  private static void filter(MultiMap query, String field, String column, List<String> where,
                             Map<String, String> parameters) {
    String value = query.get(field);
    if (value == null) {
      return;
    }
    parameters.put(field, value);
    where.add(column + " = {" + field + ":String}");
  }
}
