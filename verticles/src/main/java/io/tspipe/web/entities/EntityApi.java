package io.tspipe.web.entities;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.StoredEvents;
import io.tspipe.web.BadRequest;
import io.tspipe.web.WebSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/entities/{user|ip|email}/{value}}: everything ClickHouse holds about one user, IP or email, for
 * an investigator to read and pivot from. The value reaches every query as a typed parameter.
 *
 * <p>A failure is, per type: a failed account action, a failed (bounced) email, an API request answered 4xx or 5xx.
 */
public final class EntityApi {

  public static final int MAX_RECENT = 100;
  private static final String FAILURE =
    "if(type = 'api_request', status_code >= 400, ifNull(success, true) = false)";

  private final ClickHouseClient clickHouse;
  private final WebSettings settings;
  private final String db;

  public EntityApi(ClickHouseClient clickHouse, WebSettings settings) {
    this.clickHouse = clickHouse;
    this.settings = settings;
    this.db = clickHouse.database();
  }

  /**
   * The entity's profile, or empty when no stored event mentions it. Fails with {@link BadRequest} on a bad kind,
   * value or {@code recent} (how many recent events to list, 1 to {@value #MAX_RECENT}).
   */
  public Future<Optional<JsonObject>> entity(String kindName, String rawValue, String recentParameter) {
    EntityKind kind = EntityKind.parse("kind", kindName);
    String value = kind.checked("value", rawValue);
    int recent = recent(recentParameter);
    Map<String, String> parameters = Map.of("value", value, "recent", String.valueOf(recent),
      "related", String.valueOf(settings.entityRelatedLimit()));
    String where = " FROM " + db + ".events WHERE " + kind.column() + " = {value:" + kind.parameterType() + "}";

    Future<List<JsonObject>> byType = clickHouse.select("SELECT type, count() AS events, "
      + "toUnixTimestamp64Milli(min(timestamp)) AS first_ms, toUnixTimestamp64Milli(max(timestamp)) AS last_ms, "
      + "countIf(" + FAILURE + ") AS failures" + where + " GROUP BY type ORDER BY type", parameters);
    Future<List<JsonObject>> distinct = clickHouse.select("SELECT uniqExact(source_ip) AS ips, "
      + "uniqExact(user_id) AS users, uniqExactIf(recipient_email, recipient_email != '') AS emails, "
      + "uniqExactIf(country, country != '') AS countries" + where, parameters);
    Future<List<JsonObject>> windows = clickHouse.select("SELECT toString(w.window_id) AS window_id, "
      + "toUnixTimestamp64Milli(w.started_at) AS started_ms, "
      + "if(isNull(w.ended_at), NULL, toUnixTimestamp64Milli(assumeNotNull(w.ended_at))) AS ended_ms, "
      + "toString(w.trigger) AS trigger, count() AS events, countIf(e.failure) AS failures "
      + "FROM (SELECT window_id, started_at, ended_at, trigger FROM " + db + ".attack_windows FINAL) AS w "
      + "CROSS JOIN (SELECT timestamp, " + FAILURE + " AS failure" + where + ") AS e "
      + "WHERE e.timestamp >= w.started_at AND (isNull(w.ended_at) OR e.timestamp <= w.ended_at) "
      + "GROUP BY window_id, started_ms, ended_ms, trigger ORDER BY started_ms DESC LIMIT 100", parameters);
    Future<List<JsonObject>> recentEvents = clickHouse.select("SELECT " + StoredEvents.COLUMNS + where
      + " ORDER BY timestamp DESC LIMIT {recent:UInt32}", parameters);
    List<Future<List<JsonObject>>> related = new ArrayList<>();
    for (EntityKind other : kind.related()) {
      related.add(clickHouse.select("SELECT toString(" + other.column() + ") AS value, count() AS events, "
        + "toUnixTimestamp64Milli(max(timestamp)) AS last_ms" + where + " AND toString(" + other.column() + ") != '' "
        + "GROUP BY value ORDER BY events DESC, value LIMIT {related:UInt32}", parameters));
    }
    List<Future<?>> all = new ArrayList<>(List.of(byType, distinct, windows, recentEvents));
    all.addAll(related);
    return Future.all(all).map(done -> byType.result().isEmpty() ? Optional.empty() : Optional.of(
      profile(kind, value, byType.result(), distinct.result().get(0), windows.result(), recentEvents.result(),
        related.stream().map(Future::result).toList())));
  }

  private int recent(String parameter) {
    if (parameter == null) {
      return settings.entityRecentEvents();
    }
    try {
      int recent = Integer.parseInt(parameter);
      if (recent >= 1 && recent <= MAX_RECENT) {
        return recent;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new BadRequest("recent", "expected an integer from 1 to " + MAX_RECENT);
  }

  private static JsonObject profile(EntityKind kind, String value, List<JsonObject> byTypeRows, JsonObject distinct,
                                    List<JsonObject> windowRows, List<JsonObject> recentRows,
                                    List<List<JsonObject>> relatedRows) {
    long events = 0;
    long failures = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    JsonObject byType = new JsonObject();
    for (JsonObject row : byTypeRows) {
      long typeEvents = StoredEvents.longOf(row, "events");
      long typeFailures = StoredEvents.longOf(row, "failures");
      long typeFirst = StoredEvents.longOf(row, "first_ms");
      long typeLast = StoredEvents.longOf(row, "last_ms");
      byType.put(row.getString("type"), new JsonObject()
        .put("events", typeEvents)
        .put("failures", typeFailures)
        .put("failureRate", rate(typeFailures, typeEvents))
        .put("firstSeen", StoredEvents.formatMillis(typeFirst))
        .put("lastSeen", StoredEvents.formatMillis(typeLast)));
      events += typeEvents;
      failures += typeFailures;
      first = Math.min(first, typeFirst);
      last = Math.max(last, typeLast);
    }
    JsonArray windows = new JsonArray();
    long inWindows = 0;
    for (JsonObject row : windowRows) {
      long windowEvents = StoredEvents.longOf(row, "events");
      long windowFailures = StoredEvents.longOf(row, "failures");
      inWindows += windowEvents;
      windows.add(new JsonObject()
        .put("windowId", row.getString("window_id"))
        .put("startedAt", StoredEvents.formatMillis(StoredEvents.longOf(row, "started_ms")))
        .put("endedAt", row.getValue("ended_ms") == null ? null : StoredEvents.formatMillis(StoredEvents.longOf(row, "ended_ms")))
        .put("trigger", row.getString("trigger"))
        .put("events", windowEvents)
        .put("failures", windowFailures)
        .put("failureRate", rate(windowFailures, windowEvents)));
    }
    JsonArray recent = new JsonArray();
    recentRows.forEach(row -> recent.add(StoredEvents.event(row)));
    JsonObject related = new JsonObject();
    for (int i = 0; i < kind.related().size(); i++) {
      EntityKind other = kind.related().get(i);
      JsonArray entities = new JsonArray();
      for (JsonObject row : relatedRows.get(i)) {
        entities.add(new JsonObject()
          .put("value", row.getString("value"))
          .put("events", StoredEvents.longOf(row, "events"))
          .put("lastSeen", StoredEvents.formatMillis(StoredEvents.longOf(row, "last_ms")))
          .put("href", "/api/v1/entities/" + other.pathName() + "/" + URLEncoder.encode(row.getString("value"), StandardCharsets.UTF_8)));
      }
      related.put(other.plural(), entities);
    }
    return new JsonObject()
      .put("kind", kind.pathName())
      .put("value", value)
      .put("firstSeen", StoredEvents.formatMillis(first))
      .put("lastSeen", StoredEvents.formatMillis(last))
      .put("events", events)
      .put("failures", failures)
      .put("failureRate", rate(failures, events))
      .put("byType", byType)
      .put("distinct", new JsonObject()
        .put("ips", StoredEvents.longOf(distinct, "ips"))
        .put("users", StoredEvents.longOf(distinct, "users"))
        .put("emails", StoredEvents.longOf(distinct, "emails"))
        .put("countries", StoredEvents.longOf(distinct, "countries")))
      .put("attackWindows", new JsonObject()
        .put("eventsInWindows", inWindows)
        .put("windows", windows))
      .put("recentEvents", recent)
      .put("related", related);
  }

  private static double rate(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }
}
