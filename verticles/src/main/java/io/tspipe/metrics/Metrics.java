package io.tspipe.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusRequestHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Prometheus metrics of a process, from the {@code metrics} slice of the configuration: when enabled, Vert.x's own
 * (HTTP servers and clients, event bus, pools), the JVM's, and the pipeline's meters are served at
 * {@code http://<metrics.host>:<metrics.port>/metrics}, one endpoint per process whatever roles it runs.
 */
public final class Metrics {

  public static final String ENDPOINT = "/metrics";

  private Metrics() {
  }

  /** A Vert.x that records and serves metrics as {@code metrics} says. */
  public static Vertx vertx(JsonObject metrics) {
    VertxBuilder builder = Vertx.builder();
    if (!metrics.getBoolean("enabled")) {
      return builder.build();
    }
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      .setPrometheusOptions(new VertxPrometheusOptions()
        .setEnabled(true)
        .setPublishQuantiles(true)
        .setStartEmbeddedServer(false));
    return builder.with(new VertxOptions().setMetricsOptions(options))
      .withMetrics(new MicrometerMetricsFactory())
      .build();
  }

  /**
   * Serves {@code /metrics} at {@code metrics.host:metrics.port} when metrics are enabled. The future fails, naming the
   * address, when the port cannot be bound, so a process never runs on silently without its metrics.
   */
  public static Future<Void> serve(Vertx vertx, JsonObject metrics) {
    if (!metrics.getBoolean("enabled")) {
      return Future.succeededFuture();
    }
    String host = metrics.getString("host");
    int port = metrics.getInteger("port");
    PrometheusMeterRegistry registry = (PrometheusMeterRegistry) BackendRegistries.getDefaultNow();
    return vertx.createHttpServer()
      .requestHandler(PrometheusRequestHandler.create(registry, ENDPOINT))
      .listen(port, host)
      .<Void>mapEmpty()
      .recover(failure -> Future.failedFuture(new IllegalStateException("cannot serve metrics at http://" + host + ":"
        + port + ENDPOINT + " (metrics.host, metrics.port): " + failure.getMessage(), failure)));
  }

  /**
   * Where the pipeline's meters go: the process's Prometheus registry, or, when metrics are off (and in tests that
   * deploy verticles on a plain Vert.x), Micrometer's global registry, which keeps nothing until one is added.
   */
  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry == null ? io.micrometer.core.instrument.Metrics.globalRegistry : registry;
  }
}
