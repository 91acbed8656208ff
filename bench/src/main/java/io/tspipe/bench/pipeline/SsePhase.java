package io.tspipe.bench.pipeline;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/** The SSE fan-out measurement of {@link PipelineBench}: {@link SseFanout} held for a while, as report JSON. */
final class SsePhase {

  private SsePhase() {
  }

  static JsonObject run(Vertx vertx, String webUrl, int subscribers, Duration hold, PrintStream out)
    throws InterruptedException {
    SseFanoutSettings settings = SseFanoutSettings.defaults(URI.create(webUrl)).withSubscribers(subscribers)
      .withHold(hold);
    SseFanoutResult result = SseFanout.run(vertx, settings, out);
    out.println("bench: " + result.summary());
    return FreshnessPhase.latency(result.delay())
      .put("subscribers", result.subscribers())
      .put("connected", result.connected())
      .put("failed", result.failed())
      .put("heldToEnd", result.openAtEnd())
      .put("ticksDelivered", result.ticks())
      .put("distinctTicks", result.distinctTicks())
      .put("fewestTicksPerSubscriber", result.minTicksPerSubscriber())
      .put("failures", new JsonArray(result.failures()));
  }
}
