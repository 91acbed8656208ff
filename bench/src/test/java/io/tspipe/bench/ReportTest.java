package io.tspipe.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

  private static final List<Figures> ROWS = List.of(
    new Figures("by-user", new LatencyStats(120, 12.34, 25.0, 40.25, 81.0), 0, 4.0, OptionalDouble.of(1.5)),
    new Figures(Measurements.ALL_SEARCHES, new LatencyStats(120, 12.34, 25.0, 40.25, 81.0), 2, 4.0,
      OptionalDouble.of(1.5)),
    new Figures("entity", LatencyStats.NONE, 3, 0.0, OptionalDouble.empty()));
  private static final List<Figures> DASHBOARD_ROWS = List.of(
    new Figures("timeseries-24h", new LatencyStats(60, 45.0, 80.0, 99.94, 120.0), 0, 2.0, OptionalDouble.empty()),
    new Figures("suspicious-ips", new LatencyStats(60, 5.0, 8.0, 9.0, 10.0), 1, 2.0, OptionalDouble.empty()),
    new Figures(Measurements.ALL_DASHBOARD, new LatencyStats(120, 8.0, 80.0, 99.94, 120.0), 1, 4.0,
      OptionalDouble.empty()));
  @Test
  @DisplayName("the table has one aligned line per row, times to 0.1 ms, and a dash where there is nothing")
  void table() {
    assertEquals("""
      query             count  errors     req/s    p50 ms    p95 ms    p99 ms    max ms  meili ms
      by-user             120       0       4.0      12.3      25.0      40.3      81.0       1.5
      all searches        120       2       4.0      12.3      25.0      40.3      81.0       1.5
      entity                0       3       0.0         -         -         -         -         -
      """, Report.table(ROWS));
  }

  @Test
  @DisplayName("the dashboard table has the same columns, the longest kinds aligned, and no Meilisearch time")
  void dashboardTable() {
    assertEquals("""
      query             count  errors     req/s    p50 ms    p95 ms    p99 ms    max ms  meili ms
      timeseries-24h       60       0       2.0      45.0      80.0      99.9     120.0         -
      suspicious-ips       60       1       2.0       5.0       8.0       9.0      10.0         -
      all dashboard       120       1       4.0       8.0      80.0      99.9     120.0         -
      """, Report.table(DASHBOARD_ROWS));
  }

  @Test
  @DisplayName("the JSON holds the run's settings, each kind by name and all searches apart")
  void json() {
    BenchOptions options = new BenchOptions("http://127.0.0.1:3000", 30, 5, 4, Optional.empty(), Mix.SEARCH,
      Optional.of("s3cr3t"));
    SampledValues sampled = new SampledValues(List.of("u1", "u2"), List.of("10.0.0.1"), List.of("a@example.com"));
    JsonObject json = Report.json(options, Instant.parse("2025-06-02T12:00:00Z"), 30.0123456, sampled, ROWS);
    assertEquals("search", json.getString("mix"));
    assertEquals("2025-06-02T12:00:00Z", json.getString("startedAt"));
    assertEquals(30.012, json.getDouble("measuredSeconds"));
    assertEquals(new JsonObject().put("userIds", 2).put("sourceIps", 1).put("recipientEmails", 1),
      json.getJsonObject("sampled"));
    assertEquals(List.of("by-user", "entity"), List.copyOf(json.getJsonObject("queries").fieldNames()));
    assertEquals(new JsonObject().put("count", 120).put("errors", 0L).put("requestsPerSecond", 4.0).put("p50Ms", 12.34)
        .put("p95Ms", 25.0).put("p99Ms", 40.25).put("maxMs", 81.0).put("meanProcessingTimeMs", 1.5),
      json.getJsonObject("queries").getJsonObject("by-user"));
    assertEquals(2L, json.getJsonObject("allSearches").getLong("errors"));
    JsonObject entity = json.getJsonObject("queries").getJsonObject("entity");
    assertNull(entity.getValue("p50Ms"));
    assertNull(entity.getValue("meanProcessingTimeMs"));
    assertFalse(json.containsKey("allDashboard"));
    assertFalse(json.encode().contains("s3cr3t"), "the API key is not written");
  }

  @Test
  @DisplayName("the dashboard JSON names its mix, samples nothing and has all dashboard apart")
  void dashboardJson() {
    BenchOptions options = new BenchOptions("http://127.0.0.1:3000", 30, 5, 4, Optional.empty(), Mix.DASHBOARD,
      Optional.empty());
    JsonObject json = Report.json(options, Instant.parse("2025-06-02T12:00:00Z"), 30.0, null, DASHBOARD_ROWS);
    assertEquals("dashboard", json.getString("mix"));
    assertTrue(json.containsKey("sampled"));
    assertNull(json.getValue("sampled"));
    assertEquals(List.of("timeseries-24h", "suspicious-ips"), List.copyOf(json.getJsonObject("queries").fieldNames()));
    assertEquals(new JsonObject().put("count", 120).put("errors", 1L).put("requestsPerSecond", 4.0).put("p50Ms", 8.0)
        .put("p95Ms", 80.0).put("p99Ms", 99.94).put("maxMs", 120.0).put("meanProcessingTimeMs", null),
      json.getJsonObject("allDashboard"));
    assertFalse(json.containsKey("allSearches"));
  }
}
