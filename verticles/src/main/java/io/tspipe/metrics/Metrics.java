package io.tspipe.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
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
        .setStartEmbeddedServer(true)
        .setEmbeddedServerOptions(new HttpServerOptions().setHost(metrics.getString("host"))
          .setPort(metrics.getInteger("port")))
        .setEmbeddedServerEndpoint(ENDPOINT));
    return builder.with(new VertxOptions().setMetricsOptions(options))
      .withMetrics(new MicrometerMetricsFactory())
      .build();
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
