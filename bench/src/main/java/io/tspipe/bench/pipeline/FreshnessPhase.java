package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.bench.LatencyStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The freshness phase of {@link PipelineBench}: probe events beside the generator's at each offered rate, produced →
 * queryable and produced → searchable ({@link FreshnessProbe}). One worker and one indexer serve every rate, so none
 * pays a start-up inside a measurement; between rates the generator stops and the pipeline drains its lag.
 */
final class FreshnessPhase {

  private FreshnessPhase() {
  }

  static void run(BenchRun run) throws Exception {
    HarnessOptions options = run.options();
    String stream = "fresh";
    RoleProcess worker = run.startRole("worker-fresh", "worker", stream, Map.of());
    RoleProcess indexer = run.startRole("indexer-fresh", "indexer", stream, Map.of());
    RoleProcess detector = run.startDetector("detector-fresh", stream, Map.of());
    JsonArray phases = new JsonArray();
    List<Integer> rates = options.freshnessRates();
    for (int i = 0; i < rates.size(); i++) {
      int offered = rates.get(i);
      int rate = offered == HarnessOptions.MAX_RATE ? maxRate(run.results()) : offered;
      String label = offered == HarnessOptions.MAX_RATE ? "max (" + String.format(Locale.ROOT, "%,d", rate) + "/s)"
        : String.format(Locale.ROOT, "%,d/s", rate);
      int warmup = Math.min(options.warmup(), 10);
      run.phase("freshness " + label, "generator at %,d events/s beside the worker, the indexer and the detector, %d s"
        + " warm-up, probes for %d s", rate, warmup, options.freshnessSeconds());
      RoleProcess generator = run.startRole("generator-fresh-" + rate, "generator", stream,
        BenchRun.generatorRate(rate));
      Waits.awaitGrowing(run, worker, "tspipe_worker_events_inserted_total", "the worker to store events");
      Waits.awaitGrowing(run, indexer, "tspipe_indexer_documents_indexed_total", "the indexer to index documents");
      Waits.watch(run, "warm-up", warmup);
      long workerLag = Waits.awaitCaughtUp(run, run.workerGroup(stream), rate);
      JsonObject figures = measure(run, stream);
      phases.add(figures.put("offeredPerSecond", rate).put("label", label)
        .put("documentsInIndex", run.counts().documents()).put("eventsStored", run.counts().events())
        .put("workerLagAtStart", workerLag).put("detectorEvaluations", LocalPipeline.evaluations(detector)));
      run.stop(generator);
      if (i + 1 < rates.size()) {
        Waits.awaitDrained(run, List.of(worker, indexer));
      }
    }
    run.results().put("freshness", phases);
    run.stop(detector);
    run.stop(indexer);
    run.stop(worker);
  }

  /**
   * The highest rate the box sustains with the generator on it: 90% of what the worker stored with the generator
   * beside it in the ingest phase, in thousands.
   */
  private static int maxRate(JsonObject results) {
    JsonObject ingest = results.getJsonObject("ingest");
    if (ingest == null) {
      throw new IllegalStateException("the max freshness rate is 90% of the ingest phase's rate with the generator"
        + " beside the worker: run the ingest phase");
    }
    double sustained = ingest.getJsonObject("withGeneratorRunning").getDouble("eventsPerSecond");
    return (int) Math.max(1_000, Math.round(sustained * 0.9 / 1000) * 1000);
  }

  /**
   * One freshness measurement on the topics of {@code stream}: {@link FreshnessProbe} for {@code --freshness-seconds},
   * as report JSON.
   */
  private static JsonObject measure(BenchRun run, String stream) throws InterruptedException {
    PrintStream out = run.out();
    FreshnessProbeResult result = FreshnessProbe.run(Duration.ofSeconds(run.options().freshnessSeconds()), run.vertx(),
      FreshnessProbeSettings.defaults(), run.kafkaSettings(stream), run.clickHouseSettings(), run.searchSettings(), out);
    out.println("bench: " + result.summary());
    return new JsonObject()
      .put("probesSent", result.sent())
      .put("probesPerSecond", result.ratePerSecond())
      .put("resolutionMs", result.pollInterval().toMillis())
      .put("produceAck", latency(result.produceAck()))
      .put("clickHouse", store(result.clickHouse()))
      .put("search", store(result.search()));
  }

  private static JsonObject store(FreshnessProbeResult.StoreFigures figures) {
    return latency(figures.freshness()).put("found", figures.found()).put("lost", figures.lost())
      .put("pollRoundTripP99Ms", PipelineBench.round(figures.pollRoundTrip().p99()));
  }

  static JsonObject latency(LatencyStats stats) {
    return new JsonObject().put("count", stats.count()).put("p50Ms", PipelineBench.round(stats.p50()))
      .put("p95Ms", PipelineBench.round(stats.p95())).put("p99Ms", PipelineBench.round(stats.p99()))
      .put("maxMs", PipelineBench.round(stats.max()));
  }
}
