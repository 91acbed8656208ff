package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;

import java.net.URI;
import java.time.Duration;

/**
 * The SSE fan-out phase of {@link PipelineBench}, on the web role of {@link LiveWeb}: {@code --sse-subscribers}
 * subscribers of the live metrics feed ({@link SseFanout}) held for {@code --sse-seconds}.
 */
final class SsePhase {

  private SsePhase() {
  }

  static void run(BenchRun run, String webUrl) throws InterruptedException {
    HarnessOptions options = run.options();
    run.phase("sse", "%,d subscribers of the live metrics feed for %d s, while ingesting %,d events/s",
      options.sseSubscribers(), options.sseSeconds(), options.dashboardRate());
    SseFanoutSettings settings = SseFanoutSettings.defaults(URI.create(webUrl))
      .withSubscribers(options.sseSubscribers()).withHold(Duration.ofSeconds(options.sseSeconds()));
    SseFanoutResult result = SseFanout.run(run.vertx(), settings, run.out());
    run.out().println("bench: " + result.summary());
    run.results().put("sse", FreshnessPhase.latency(result.delay())
      .put("subscribers", result.subscribers())
      .put("connected", result.connected())
      .put("failed", result.failed())
      .put("heldToEnd", result.openAtEnd())
      .put("ticksDelivered", result.ticks())
      .put("distinctTicks", result.distinctTicks())
      .put("fewestTicksPerSubscriber", result.minTicksPerSubscriber())
      .put("failures", new JsonArray(result.failures())));
  }
}
