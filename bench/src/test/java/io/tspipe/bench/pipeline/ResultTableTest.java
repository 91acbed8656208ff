package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultTableTest {

  private static JsonObject percentiles(double p50, double p95, double p99) {
    return new JsonObject().put("count", 100).put("lost", 0).put("p50Ms", p50).put("p95Ms", p95).put("p99Ms", p99)
      .put("maxMs", p99 + 1);
  }

  private static JsonObject results() {
    return new JsonObject()
      .put("machine", new JsonObject().put("cpus", 2).put("cpuModel", "Test CPU").put("memoryGiB", 24.0)
        .put("java", "OpenJDK 17"))
      .put("ingest", new JsonObject().put("eventsPerSecond", 55_000.0)
        .put("withGeneratorRunning", new JsonObject().put("eventsPerSecond", 20_000.0).put("producedPerSecond", 70_000.0))
        .put("workerCpuSecondsPerMillionEvents", 15.2).put("workerCpuCoresBusy", 0.8)
        .put("workerHeapHighWaterMiB", 600.0).put("workerHeapMax", "2g"))
      .put("index", new JsonObject().put("documentsPerSecond", 7_000.0))
      .put("limits", new JsonObject()
        .put("clickHouse", new JsonObject().put("rowsPerSecond", 100_000.0))
        .put("meilisearch", new JsonObject().put("documentsPerSecond", 10_000.0)))
      .put("freshness", new JsonArray().add(new JsonObject().put("label", "10,000/s").put("offeredPerSecond", 10_000)
        .put("clickHouse", percentiles(120, 250, 480)).put("search", percentiles(900, 1_800, 2_400))
        .put("workerLagAtStart", 4_321L)))
      .put("dashboard", new JsonObject().put("eventsStored", 10_000_000L).put("kinds", new JsonArray()
        .add(new JsonObject().put("name", "kpis 1h").put("p50Ms", 12.0).put("p99Ms", 30.0))
        .add(new JsonObject().put("name", "all dashboard").put("p50Ms", 15.0).put("p99Ms", 61.0))))
      .put("sse", percentiles(20, 40, 70).put("subscribers", 2_000).put("heldToEnd", 2_000));
  }

  @Test
  @DisplayName("each figure is shown with the engine's limit, our share of it, and whether its target is met")
  void rendersFiguresBesideTheirLimits() {
    String table = ResultTable.render(results());
    assertTrue(table.contains("2 CPUs (Test CPU)"), table);
    assertTrue(table.matches("(?s).*events/s stored in ClickHouse \\(draining\\)\\s+55,000\\s+100,000\\s+55\\.0%\\s+MISSED.*"),
      table);
    assertTrue(table.matches("(?s).*with the generator beside it\\s+20,000\\s+100,000\\s+20\\.0%.*"), table);
    assertTrue(table.matches("(?s).*documents/s into the search index\\s+7,000\\s+10,000\\s+70\\.0%\\s+MISSED.*"), table);
    assertTrue(table.matches("(?s).*to ClickHouse p50/p95/p99 ms\\s+120 / 250 / 480\\s+met: p99 ≤ 500 ms.*"), table);
    assertTrue(table.matches("(?s).*to search p50/p95/p99 ms\\s+900 / 1,800 / 2,400\\s+MISSED: p99 ≤ 2,000 ms.*"), table);
    assertTrue(table.matches("(?s).*all dashboard p50/p99 ms \\(10,000,000 events\\)\\s+15.0 / 61.0\\s+MISSED.*"), table);
    assertTrue(table.contains("2000 / 2000"), table);
    assertTrue(table.matches("(?s).*worker's consumer lag when probing began \\(records\\)\\s+4,321.*"), table);
  }

  @Test
  @DisplayName("a target is never reported met on figures that cannot show it")
  void neverReportsATargetMetWithoutTheFiguresForIt() {
    JsonObject results = results();
    results.getJsonObject("ingest").put("eventsPerSecond", 90_000.0);
    results.remove("limits");
    JsonObject tenK = results.getJsonArray("freshness").getJsonObject(0);
    tenK.getJsonObject("clickHouse").put("lost", 3);
    results.getJsonObject("dashboard").put("eventsStored", 5_000_000L).getJsonArray("kinds").getJsonObject(1)
      .put("p99Ms", 40.0);
    String table = ResultTable.render(results);
    assertTrue(table.matches("(?s).*\\(draining\\)\\s+90,000\\s+met: ≥ 50,000/s; the share needs the limits phase.*"), table);
    assertTrue(table.matches("(?s).*search index\\s+7,000\\s+the share needs the limits phase.*"), table);
    assertTrue(table.matches("(?s).*to ClickHouse p50/p95/p99 ms\\s+120 / 250 / 480\\s+MISSED: p99 ≤ 500 ms.*"), table);
    assertTrue(table.matches("(?s).*\\(5,000,000 events\\)\\s+15.0 / 40.0\\s+not shown: p99 ≤ 50 ms over 10M events.*"), table);
  }

  @Test
  @DisplayName("a phase that did not run has no rows")
  void leavesOutPhasesNotRun() {
    JsonObject results = results();
    results.remove("index");
    results.remove("sse");
    String table = ResultTable.render(results);
    assertFalse(table.contains("search index"), table);
    assertFalse(table.contains("subscribers"), table);
  }
}
