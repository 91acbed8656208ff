package io.tspipe.web.dashboard;

import io.tspipe.event.EventType;
import io.tspipe.event.RejectReason;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.store.RejectedEventsTable;
import io.tspipe.store.RollupTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Data quality of a {@link MetricsWindow}: the share of valid records, freshness per event type, schema rejects by
 * reason and field, missing fields, duplicates by type, and the most recent rejected payloads as samples. Counts
 * come from the rollups ({@code events_minute}, {@code quality_minute}); only the samples read raw rows, a bounded
 * few. A type with no event for {@code staleAfterSeconds}, or none in the window, is stale.
 */
public final class QualityApi {

  public static final int SAMPLES = 20;
  public static final int SAMPLE_PAYLOAD_CHARS = 2_000;

  private final ClickHouseReads clickHouse;
  private final String db;
  private final int staleAfterSeconds;

  public QualityApi(ClickHouseReads clickHouse, int staleAfterSeconds) {
    this.clickHouse = clickHouse;
    this.db = clickHouse.database();
    this.staleAfterSeconds = staleAfterSeconds;
  }

  public Future<JsonObject> quality(MetricsWindow window, Instant now) {
    Map<String, String> parameters = window.parameters();
    Future<List<JsonObject>> freshness = clickHouse.select("SELECT type, sum(events) AS events, "
      + "toUnixTimestamp64Milli(max(last_event_at)) AS last_event_ms, "
      + "toUnixTimestamp64Milli(max(last_ingested_at)) AS last_ingested_ms, "
      + "quantilesTDigestMerge(0.5, 0.95, 0.99)(freshness_ms) AS freshness FROM " + RollupTable.EVENTS_MINUTE.in(db)
      + window.rollupFilter() + " GROUP BY type ORDER BY type", parameters);
    Future<List<JsonObject>> problems = clickHouse.select("SELECT type, kind, reason_code, field, sum(count) AS n FROM "
      + RollupTable.QUALITY_MINUTE.in(db) + window.rollupFilter() + " GROUP BY type, kind, reason_code, field "
      + "ORDER BY n DESC, type, reason_code, field", parameters);
    Future<List<JsonObject>> samples = clickHouse.select("SELECT toUnixTimestamp64Milli(rejected_at) AS rejected_ms, "
      + "event_type, reason_code, field, reason, substringUTF8(payload, 1, " + SAMPLE_PAYLOAD_CHARS + ") AS payload "
      + "FROM " + RejectedEventsTable.in(db) + " WHERE rejected_at >= {from:DateTime('UTC')} AND rejected_at < {to:DateTime('UTC')}"
      + (window.type().isPresent() ? " AND event_type = {type:String}" : "")
      + " ORDER BY rejected_at DESC LIMIT " + SAMPLES, parameters);
    return Future.all(freshness, problems, samples)
      .map(done -> answer(window, now, freshness.result(), problems.result(), samples.result()));
  }

  private JsonObject answer(MetricsWindow window, Instant now, List<JsonObject> freshnessRows, List<JsonObject> problemRows,
                            List<JsonObject> sampleRows) {
    long events = 0;
    JsonArray freshness = new JsonArray();
    for (EventType type : window.type().map(List::of).orElse(List.of(EventType.values()))) {
      JsonObject row = freshnessRows.stream().filter(r -> type.wireName().equals(r.getString("type"))).findFirst()
        .orElse(null);
      long typeEvents = row == null ? 0 : StoredValues.longOf(row, "events");
      events += typeEvents;
      freshness.add(freshness(type, typeEvents == 0 ? null : row, now));
    }
    long rejects = 0;
    long duplicates = 0;
    JsonArray byReason = new JsonArray();
    JsonArray missing = new JsonArray();
    JsonArray duplicatesByType = new JsonArray();
    for (JsonObject row : problemRows) {
      long n = StoredValues.longOf(row, "n");
      if ("duplicate".equals(row.getString("kind"))) {
        duplicates += n;
        duplicatesByType.add(new JsonObject().put("type", row.getString("type")).put("count", n));
        continue;
      }
      rejects += n;
      JsonObject reason = new JsonObject().put("type", row.getString("type")).put("reasonCode", row.getString("reason_code"))
        .put("field", row.getString("field")).put("count", n);
      byReason.add(reason);
      if (RejectReason.MISSING_FIELD.code().equals(row.getString("reason_code"))) {
        missing.add(new JsonObject().put("type", row.getString("type")).put("field", row.getString("field")).put("count", n));
      }
    }
    JsonArray samples = new JsonArray();
    for (JsonObject row : sampleRows) {
      samples.add(new JsonObject()
        .put("rejectedAt", StoredValues.formatMillis(StoredValues.longOf(row, "rejected_ms")))
        .put("type", row.getString("event_type"))
        .put("reasonCode", row.getString("reason_code"))
        .put("field", row.getString("field"))
        .put("reason", row.getString("reason"))
        .put("payload", row.getString("payload")));
    }
    return new JsonObject()
      .put("window", window.json())
      .put("events", events)
      .put("rejects", rejects)
      .put("duplicates", duplicates)
      .put("score", MetricsApi.rate(events, events + rejects))
      .put("staleAfterSeconds", staleAfterSeconds)
      .put("freshness", freshness)
      .put("rejectsByReason", byReason)
      .put("missingFields", missing)
      .put("duplicatesByType", duplicatesByType)
      .put("samples", samples);
  }

  private JsonObject freshness(EventType type, JsonObject row, Instant now) {
    JsonObject entry = new JsonObject().put("type", type.wireName());
    if (row == null) {
      return entry.put("events", 0L).put("lastEventAt", null).put("lastIngestedAt", null).put("lagMs", null)
        .put("p50Ms", null).put("p95Ms", null).put("p99Ms", null).put("stale", true);
    }
    long lastEvent = StoredValues.longOf(row, "last_event_ms");
    long lag = Math.max(0, now.toEpochMilli() - lastEvent);
    JsonObject percentiles = MetricsApi.percentiles(row.getValue("freshness"));
    return entry
      .put("events", StoredValues.longOf(row, "events"))
      .put("lastEventAt", StoredValues.formatMillis(lastEvent))
      .put("lastIngestedAt", StoredValues.formatMillis(StoredValues.longOf(row, "last_ingested_ms")))
      .put("lagMs", lag)
      .put("p50Ms", percentiles == null ? null : percentiles.getDouble("p50"))
      .put("p95Ms", percentiles == null ? null : percentiles.getDouble("p95"))
      .put("p99Ms", percentiles == null ? null : percentiles.getDouble("p99"))
      .put("stale", lag > staleAfterSeconds * 1000L);
  }
}
