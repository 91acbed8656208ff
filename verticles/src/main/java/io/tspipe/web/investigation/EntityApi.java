package io.tspipe.web.investigation;

import io.tspipe.ipintel.IpInfo;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.store.AttackEntitiesTable;
import io.tspipe.store.AttackWindowsTable;
import io.tspipe.store.EventsTable;
import io.tspipe.store.StoredValues;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.tspipe.web.WebSettings;
import io.tspipe.web.detections.DetectionsApi;
import io.tspipe.web.labels.StoredLabels;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/entities/{user|ip|email|asn|prefix}/{value}}: everything ClickHouse holds about one user, IP,
 * email, autonomous system or network (CIDR), for an investigator to read and pivot from. The value reaches every
 * query as a typed parameter.
 *
 * <p>{@code groundTruth} is the simulator's record of the runs the entity took part in (attacker or victim), for
 * checking detection against; it is shown here only, never read by any detector or rollup.
 *
 * <p>{@code labels} are the labels in force on it, {@code detections} its open detections and its most recent others
 * (at most {@value DetectionsApi#MAX_PER_ENTITY}), in the JSON form of the detections API.
 *
 * <p>A failure is, per type: a failed account action, a failed (bounced) email, an API request answered 4xx or 5xx.
 */
public final class EntityApi {

  /** The most runs listed in an entity's {@code groundTruth}. */
  public static final int MAX_GROUND_TRUTH = 100;
  private static final String FAILURE = EventsTable.FAILURE;

  private final ClickHouseReads clickHouse;
  private final WebSettings settings;
  private final String db;
  private final DetectionsApi detections;

  public EntityApi(ClickHouseReads clickHouse, WebSettings settings) {
    this.clickHouse = clickHouse;
    this.settings = settings;
    this.db = clickHouse.database();
    this.detections = new DetectionsApi(clickHouse);
  }

  /**
   * The entity's profile, or empty when no stored event mentions it. Fails with {@link BadRequest} on a bad kind,
   * value or {@code recent} (how many recent events to list, 1 to {@value #MAX_RECENT}).
   */
  public Future<Optional<JsonObject>> entity(String kindName, String rawValue, String recentParameter) {
    EntityKind kind = EntityKind.parse("kind", kindName);
    String value = kind.checked("value", rawValue);
    int recent = Values.integer(recentParameter, settings.entityRecentEvents());
    Map<String, String> parameters = new HashMap<>(kind.parameters(value));
    parameters.put("recent", String.valueOf(recent));
    parameters.put("related", String.valueOf(settings.entityRelatedLimit()));
    String where = " FROM " + EventsTable.in(db) + " WHERE " + kind.condition();

    Future<List<JsonObject>> summary = clickHouse.select("SELECT grouping(type) AS overall, type, count() AS events, "
      + "toUnixTimestamp64Milli(min(timestamp)) AS first_ms, toUnixTimestamp64Milli(max(timestamp)) AS last_ms, "
      + "countIf(" + FAILURE + ") AS failures, uniqExact(source_ip) AS ips, uniqExact(user_id) AS users, "
      + "uniqExactIf(recipient_email, recipient_email != '') AS emails, uniqExactIf(country, country != '') AS countries"
      + where + " GROUP BY GROUPING SETS ((type), ()) ORDER BY overall, type", parameters);
    Future<List<JsonObject>> windows = clickHouse.select("SELECT toString(w.window_id) AS window_id, "
      + "toUnixTimestamp64Milli(w.started_at) AS started_ms, "
      + "if(isNull(w.ended_at), NULL, toUnixTimestamp64Milli(assumeNotNull(w.ended_at))) AS ended_ms, "
      + "toString(w.trigger) AS trigger, count() AS events, countIf(e.failure) AS failures "
      + "FROM (SELECT window_id, started_at, ended_at, trigger FROM " + AttackWindowsTable.in(db) + " FINAL) AS w "
      + "CROSS JOIN (SELECT timestamp, " + FAILURE + " AS failure" + where + ") AS e "
      + "WHERE e.timestamp >= w.started_at AND (isNull(w.ended_at) OR e.timestamp <= w.ended_at) "
      + "GROUP BY window_id, started_ms, ended_ms, trigger ORDER BY started_ms DESC LIMIT 100", parameters);
    Future<List<JsonObject>> groundTruth = clickHouse.select("SELECT toString(e.window_id) AS window_id, "
      + "toString(e.role) AS role, e.first_ms AS first_ms, w.known AS known, toString(w.scenario) AS scenario, "
      + "w.started_ms AS started_ms, w.ended_ms AS ended_ms FROM ("
      + "SELECT window_id, role, toUnixTimestamp64Milli(min(first_seen_at)) AS first_ms FROM "
      + AttackEntitiesTable.in(db) + " WHERE kind = '" + kind.pathName() + "' AND " + (kind == EntityKind.USER
      ? "lower(value)" : "value") + " = {value:String} GROUP BY window_id, role) AS e LEFT JOIN ("
      + "SELECT window_id, 1 AS known, argMax(scenario, recorded_at) AS scenario, "
      + "toUnixTimestamp64Milli(argMax(started_at, recorded_at)) AS started_ms, "
      + "if(isNull(argMax(ended_at, recorded_at)), NULL, "
      + "toUnixTimestamp64Milli(assumeNotNull(argMax(ended_at, recorded_at)))) AS ended_ms "
      + "FROM " + AttackWindowsTable.in(db) + " GROUP BY window_id) AS w ON e.window_id = w.window_id "
      + "ORDER BY first_ms DESC, window_id, role LIMIT " + MAX_GROUND_TRUTH, parameters);
    Future<List<JsonObject>> recentEvents = clickHouse.select("SELECT " + EventsTable.SELECT + where
      + " ORDER BY timestamp DESC LIMIT {recent:UInt32}", parameters);
    // one statement for every related kind: the local engine pays a fixed cost per statement
    Future<List<JsonObject>> related = clickHouse.select(kind.related().stream()
      .map(other -> "SELECT * FROM (SELECT '" + other.pathName() + "' AS kind, toString(" + other.column()
        + ") AS value, count() AS events, toUnixTimestamp64Milli(max(timestamp)) AS last_ms" + where
        + " AND " + other.present() + " GROUP BY value ORDER BY events DESC, value "
        + "LIMIT {related:UInt32})")
      .collect(Collectors.joining(" UNION ALL ")), parameters);
    Future<List<JsonObject>> intelligence = kind == EntityKind.IP || kind == EntityKind.ASN
      ? clickHouse.select("SELECT ip_country, asn, as_org, ip_hosting, ip_prefix" + where
        + " ORDER BY timestamp DESC LIMIT 1", parameters)
      : Future.succeededFuture(List.of());
    io.tspipe.detection.EntityKind subject = io.tspipe.detection.EntityKind.fromWireName(kind.pathName()).orElseThrow();
    Instant now = Instant.now();
    Future<List<JsonObject>> labels = clickHouse.select(StoredLabels.inForce(db,
        "entity_kind = {kind:String} AND entity = {value:String}", false) + " ORDER BY name",
        Map.of("kind", subject.wireName(), "value", value))
      .map(rows -> rows.stream().map(row -> StoredLabels.json(row, now.toEpochMilli())).toList());
    Future<List<JsonObject>> detected = detections.ofEntity(subject, value, false);
    return Future.all(List.of(summary, windows, groundTruth, recentEvents, related, intelligence, labels, detected))
      .map(done -> summary
      .result().stream().noneMatch(row -> StoredValues.longOf(row, "overall") == 0)
      ? Optional.empty()
      : Optional.of(profile(kind, value, summary.result(), windows.result(), recentEvents.result(), related.result())
        .put("groundTruth", groundTruth(groundTruth.result()))
        .put("labels", new JsonArray(labels.result()))
        .put("detections", new JsonArray(detected.result()))
        .mergeIn(intelligence(kind, intelligence.result()))));
  }

  /**
   * What the IP intelligence database said of an IP (its country, AS, organisation, hosting flag and /24 or /48
   * prefix, with the AS's and prefix's profiles to pivot to) or of an AS (its organisation and hosting flag), as the
   * worker stored it with the most recent event.
   */
  private static JsonObject intelligence(EntityKind kind, List<JsonObject> rows) {
    if (rows.isEmpty()) {
      return new JsonObject();
    }
    IpInfo info = EventsTable.ipInfo(rows.get(0));
    JsonObject intelligence = new JsonObject();
    if (kind == EntityKind.IP) {
      intelligence.put("country", info.country())
        .put("asn", info.asn())
        .put("asOrg", info.asOrg())
        .put("hosting", info.hosting())
        .put("prefix", info.prefix())
        .put("asnHref", info.asn() == 0 ? null : href(EntityKind.ASN, Long.toString(info.asn())))
        .put("prefixHref", info.prefix().isEmpty() ? null : href(EntityKind.PREFIX, info.prefix()));
    } else {
      intelligence.put("asn", info.asn()).put("asOrg", info.asOrg()).put("hosting", info.hosting());
    }
    return new JsonObject().put("intelligence", intelligence);
  }

  private static String href(EntityKind kind, String value) {
    return "/api/v1/entities/" + kind.pathName() + "/" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * The simulator's ground truth of the entity: each run it took part in, as attacker or victim, newest first. Read
   * from what the generator recorded ({@code attack_entities}, {@code attack_windows}); no detector reads it. A run
   * whose window record is not stored (yet) has {@code scenario} and {@code startedAt} null.
   */
  private static JsonArray groundTruth(List<JsonObject> rows) {
    JsonArray truth = new JsonArray();
    for (JsonObject row : rows) {
      boolean known = row.getValue("known") != null && StoredValues.longOf(row, "known") == 1;
      truth.add(new JsonObject()
        .put("windowId", row.getString("window_id"))
        .put("scenario", known ? row.getString("scenario") : null)
        .put("role", row.getString("role"))
        .put("firstSeenAt", StoredValues.formatMillis(StoredValues.longOf(row, "first_ms")))
        .put("startedAt", known ? StoredValues.formatMillis(StoredValues.longOf(row, "started_ms")) : null)
        .put("endedAt", known && row.getValue("ended_ms") != null
          ? StoredValues.formatMillis(StoredValues.longOf(row, "ended_ms")) : null));
    }
    return truth;
  }

  /** {@code summary} holds a row per type and, with {@code overall = 1}, the row of all types together. */
  private static JsonObject profile(EntityKind kind, String value, List<JsonObject> summary, List<JsonObject> windowRows,
                                    List<JsonObject> recentRows, List<JsonObject> relatedRows) {
    JsonObject overall = new JsonObject();
    JsonObject byType = new JsonObject();
    for (JsonObject row : summary) {
      if (StoredValues.longOf(row, "overall") == 1) {
        overall = row;
      } else {
        byType.put(row.getString("type"), counts(row));
      }
    }
    JsonArray windows = new JsonArray();
    long inWindows = 0;
    for (JsonObject row : windowRows) {
      long windowEvents = StoredValues.longOf(row, "events");
      long windowFailures = StoredValues.longOf(row, "failures");
      inWindows += windowEvents;
      windows.add(new JsonObject()
        .put("windowId", row.getString("window_id"))
        .put("startedAt", StoredValues.formatMillis(StoredValues.longOf(row, "started_ms")))
        .put("endedAt", row.getValue("ended_ms") == null ? null : StoredValues.formatMillis(StoredValues.longOf(row, "ended_ms")))
        .put("trigger", row.getString("trigger"))
        .put("events", windowEvents)
        .put("failures", windowFailures)
        .put("failureRate", rate(windowFailures, windowEvents)));
    }
    JsonArray recent = new JsonArray();
    recentRows.forEach(row -> recent.add(EventsTable.event(row)));
    JsonObject related = new JsonObject();
    for (EntityKind other : kind.related()) {
      JsonArray entities = new JsonArray();
      for (JsonObject row : relatedRows) {
        if (row.getString("kind").equals(other.pathName())) {
          entities.add(new JsonObject()
            .put("value", row.getString("value"))
            .put("events", StoredValues.longOf(row, "events"))
            .put("lastSeen", StoredValues.formatMillis(StoredValues.longOf(row, "last_ms")))
            .put("href", href(other, row.getString("value"))));
        }
      }
      related.put(other.plural(), entities);
    }
    return new JsonObject()
      .put("kind", kind.pathName())
      .put("value", value)
      .mergeIn(counts(overall))
      .put("byType", byType)
      .put("distinct", new JsonObject()
        .put("ips", StoredValues.longOf(overall, "ips"))
        .put("users", StoredValues.longOf(overall, "users"))
        .put("emails", StoredValues.longOf(overall, "emails"))
        .put("countries", StoredValues.longOf(overall, "countries")))
      .put("attackWindows", new JsonObject()
        .put("eventsInWindows", inWindows)
        .put("windows", windows))
      .put("recentEvents", recent)
      .put("related", related);
  }

  private static JsonObject counts(JsonObject row) {
    long events = StoredValues.longOf(row, "events");
    long failures = StoredValues.longOf(row, "failures");
    return new JsonObject()
      .put("firstSeen", StoredValues.formatMillis(StoredValues.longOf(row, "first_ms")))
      .put("lastSeen", StoredValues.formatMillis(StoredValues.longOf(row, "last_ms")))
      .put("events", events)
      .put("failures", failures)
      .put("failureRate", rate(failures, events));
  }

  private static double rate(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }
}
