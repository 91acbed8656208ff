package io.tspipe.bench.pipeline;

import io.tspipe.bench.LatencyStats;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Duration;

/** One freshness measurement of {@link PipelineBench}: {@link FreshnessProbe} for a while, as report JSON. */
final class FreshnessPhase {

  private FreshnessPhase() {
  }

  static JsonObject run(Vertx vertx, LocalStack.Endpoints engines, KafkaSettings kafka, String database, String index,
                        Duration duration, PrintStream out) throws InterruptedException {
    JsonObject defaults = Config.defaults();
    ClickHouseSettings clickHouse = ClickHouseSettings.from(defaults.getJsonObject("clickhouse")
      .put("url", engines.clickHouseUrl()).put("database", database));
    SearchSettings search = SearchSettings.from(defaults.getJsonObject("search").put("url", engines.meilisearchUrl())
      .put("masterKey", engines.masterKey()).put("index", index));
    FreshnessProbeResult result = FreshnessProbe.run(duration, vertx, FreshnessProbeSettings.defaults(), kafka,
      clickHouse, search, out);
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
