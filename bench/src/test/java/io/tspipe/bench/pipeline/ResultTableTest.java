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
        .put("clickHouse", percentiles(120, 250, 480)).put("search", percentiles(900, 1_800, 3_400))
        .put("workerLagAtStart", 4_321L)))
      .put("dashboard", new JsonObject().put("eventsStored", 10_000_000L)
        .put("answers", new JsonObject().put("computed", 150L).put("shared", 50L).put("sharedFraction", 0.25))
        .put("kinds", new JsonArray()
        .add(new JsonObject().put("name", "kpis-1h").put("p50Ms", 12.0).put("p99Ms", 30.0)
          .put("engine", new JsonObject().put("p50Ms", 10.0).put("p99Ms", 25.0)).put("p99RatioToEngine", 1.2))
        .add(new JsonObject().put("name", "quality-1h").put("p50Ms", 14.0).put("p99Ms", 40.0)
          .put("engine", new JsonObject().put("p50Ms", 10.0).put("p99Ms", 25.0)).put("p99RatioToEngine", 1.6))
        .add(new JsonObject().put("name", "all dashboard").put("p50Ms", 15.0).put("p99Ms", 61.0)
          .put("engine", new JsonObject().put("p50Ms", 11.0).put("p99Ms", 50.0)).put("p99RatioToEngine", 1.22))
        .add(new JsonObject().put("name", "labels").put("p50Ms", 3.0).put("p99Ms", 9.0))))
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
    assertTrue(table.matches("(?s).*to ClickHouse p50/p95/p99 ms\\s+120 / 250 / 480\\s+met: p50 ≤ 300 ms and p99 ≤ 1,000"
      + " ms.*"), table);
    assertTrue(table.matches("(?s).*to search p50/p95/p99 ms\\s+900 / 1,800 / 3,400\\s+MISSED: every probe found, p99 ≤"
      + " 3,000 ms.*"), table);
    assertTrue(table.matches("(?s).*all dashboard p50/p99 ms \\(10,000,000 events\\)\\s+15.0 / 61.0\\s+11.0 / 50.0\\s+"
      + "1\\.22×\\s+MISSED: p99 ≤ 50 ms.*"), table);
    assertTrue(table.matches("(?s).*kpis-1h p50/p99 ms\\s+12.0 / 30.0\\s+10.0 / 25.0\\s+1\\.20×\\s+"
      + "met: p99 ≤ 1.3× the engine's.*"), table);
    assertTrue(table.matches("(?s).*quality-1h p50/p99 ms\\s+14.0 / 40.0\\s+10.0 / 25.0\\s+1\\.60×\\s+"
      + "MISSED: p99 ≤ 1.3× the engine's.*"), table);
    assertTrue(table.matches("(?s).*labels p50/p99 ms\\s+3.0 / 9.0\\s*\n.*"), table);
    assertTrue(table.matches("(?s).*answers shared within their tick\\s+25.0%.*"), table);
    assertTrue(table.contains("2000 / 2000"), table);
    assertTrue(table.matches("(?s).*worker's consumer lag when probing began \\(records\\)\\s+4,321.*"), table);
    JsonObject ingesting = results();
    ingesting.getJsonObject("dashboard").put("ingestingPerSecond", 10_000);
    String whileIngesting = ResultTable.render(ingesting);
    assertTrue(whileIngesting.matches("(?s).*all dashboard p50/p99 ms \\(10,000,000 events\\)\\s+15.0 / 61.0\\s+11.0 / 50.0"
      + "\\s+1\\.22×\\s+reported beside the engine's; p99 ≤ 50 ms is the target with ingest paused.*"), whileIngesting);
  }

  @Test
  @DisplayName("a target is never reported met on figures that cannot show it")
  void neverReportsATargetMetWithoutTheFiguresForIt() {
    JsonObject results = results();
    results.getJsonObject("ingest").put("eventsPerSecond", 90_000.0);
    results.remove("limits");
    JsonObject tenK = results.getJsonArray("freshness").getJsonObject(0);
    tenK.getJsonObject("clickHouse").put("lost", 3);
    results.getJsonObject("dashboard").put("eventsStored", 5_000_000L).getJsonArray("kinds").getJsonObject(2)
      .put("p99Ms", 40.0);
    String table = ResultTable.render(results);
    assertTrue(table.matches("(?s).*\\(draining\\)\\s+90,000\\s+met: ≥ 50,000/s; the share needs the limits phase.*"), table);
    assertTrue(table.matches("(?s).*search index\\s+7,000\\s+the share needs the limits phase.*"), table);
    assertTrue(table.matches("(?s).*to ClickHouse p50/p95/p99 ms\\s+120 / 250 / 480\\s+MISSED: p50 ≤ 300 ms and p99 ≤"
      + " 1,000 ms.*"), table);
    assertTrue(table.matches("(?s).*\\(5,000,000 events\\)\\s+15.0 / 40.0\\s+11.0 / 50.0\\s+1\\.22×\\s+not shown: p99 ≤ 50 ms over 10M events.*"), table);
  }

  private static JsonObject detection(int rate, double verdictP99) {
    return new JsonObject().put("ingestingPerSecond", rate)
      .put("withoutDetector", new JsonObject().put("eventsPerSecond", 9_990.0).put("clickHouseCpuCoresBusy", 0.41)
        .put("machineCpuCoresBusy", 1.2))
      .put("withDetector", new JsonObject().put("eventsPerSecond", 9_980.0).put("clickHouseCpuCoresBusy", 0.55)
        .put("machineCpuCoresBusy", 1.4).put("detectorCpuCoresBusy", 0.03).put("detectorCpuSecondsPerMillionEvents", 3.1))
      .put("evaluations", new JsonArray().add(new JsonObject().put("rule", "api_scraping").put("meanMs", 42.0)
        .put("maxMs", 130.0)))
      .put("lag", new JsonArray()
        .add(new JsonObject().put("rule", "api_scraping").put("meanSeconds", 3.4).put("maxSeconds", 4.1)
          .put("firstSeconds", 3.0).put("lastSeconds", 3.5))
        .add(new JsonObject().put("rule", "spam_wave").put("meanSeconds", 12.0).put("maxSeconds", 20.0)
          .put("firstSeconds", 4.0).put("lastSeconds", 20.0)))
      .put("verdicts", percentiles(6, 11, verdictP99).put("requests", 2_000).put("errors", 0));
  }

  @Test
  @DisplayName("the detection rows give the detector's CPU, ClickHouse's without and with it, lag per rule and the verdict's target")
  void rendersDetection() {
    String table = ResultTable.render(results().put("detection", detection(10_000, 19.0)));
    assertTrue(table.matches("(?s).*detector CPU cores busy; CPU s per million events\\s+0\\.03; 3\\.1\\s+reported.*"), table);
    assertTrue(table.matches("(?s).*ClickHouse CPU cores busy, without / with detector\\s+0\\.41 / 0\\.55.*"), table);
    assertTrue(table.matches("(?s).*api_scraping: evaluation mean/max ms\\s+42\\.0 / 130.*"), table);
    assertTrue(table.matches("(?s).*spam_wave: lag mean/max s\\s+12\\.0 / 20\\.0\\s+falling behind.*"), table);
    assertTrue(table.matches("(?s).*rules keeping up \\(lag not growing over the window\\)\\s+1 of 2.*"), table);
    assertTrue(table.matches("(?s).*verdict API p50/p95/p99 ms \\(2,000 requests\\)\\s+6\\.0 / 11\\.0 / 19\\.0\\s+met: p99 ≤ 20 ms.*"),
      table);
    assertTrue(ResultTable.render(results().put("detection", detection(10_000, 25.0))).contains("MISSED: p99 ≤ 20 ms"));
    assertTrue(ResultTable.render(results().put("detection", detection(1_000, 5.0)))
      .contains("not shown: p99 ≤ 20 ms while ingesting 10,000/s, ingesting less"));
  }

  @Test
  @DisplayName("the peers rows give each store's rate and produced -> queryable side by side")
  void rendersPeers() {
    String table = ResultTable.render(results().put("peers", new JsonObject().put("offeredPerSecond", 10_000)
      .put("ours", percentiles(400, 800, 1_200).put("eventsPerSecond", 9_900.0))
      .put("kafkaEngine", percentiles(4_000, 7_000, 7_600).put("eventsPerSecond", 10_050.0))));
    assertTrue(table.matches("(?s).*events/s stored \\(10,000/s offered\\): ours / Kafka engine\\s+9,900 / 10,050.*"),
      table);
    assertTrue(table.matches("(?s).*ours: produced -> queryable p50/p95/p99 ms\\s+400 / 800 / 1,200.*"), table);
    assertTrue(table.matches("(?s).*Kafka engine: produced -> queryable p50/p95/p99 ms\\s+4,000 / 7,000 / 7,600.*"),
      table);
    assertFalse(ResultTable.render(results()).contains("Kafka engine"));
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
    assertFalse(table.contains("detector"), table);
  }
}
