package io.tspipe.metrics;

import io.tspipe.RoleProcess;
import io.tspipe.testing.TestPipeline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus endpoint of a process running every role, as {@code tools/up} runs it. */
class MetricsEndpointIT {

  @Test
  @DisplayName("/metrics serves Vert.x, JVM, Kafka client and pipeline meters; the worker's count matches what is stored")
  void servesPipelineMeters() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("metrics")) {
      List<Integer> ports = TestPipeline.freePorts(2);
      int port = ports.get(0);
      int webPort = ports.get(1);
      pipeline.config().getJsonObject("metrics").put("enabled", true).put("host", "127.0.0.1").put("port", port);
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 300).getJsonObject("attack").put("mode", "off");
      pipeline.config().getJsonObject("web").put("host", "127.0.0.1").put("port", webPort);
      pipeline.config().getJsonObject("search").put("searchKey",
        pipeline.awaitResult(pipeline.search().ensureSearchKey(pipeline.searchSettings().searchKeyUid())));
      RoleProcess process = pipeline.startRoles("all-roles", "generator,worker,indexer,web");
      try {
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 1_000, Duration.ofMinutes(1));
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.rejected_events", 1, Duration.ofMinutes(1));
        HttpResponse<java.io.InputStream> subscription = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + webPort + "/api/v1/stream/metrics")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, subscription.statusCode());
        String url = "http://127.0.0.1:" + port + Metrics.ENDPOINT;
        String body = scrape(url);
        for (String name : List.of("tspipe_worker_events_inserted_total{", "tspipe_worker_events_rejected_total{",
          "tspipe_worker_batch_records_count", "tspipe_worker_insert_seconds_bucket{",
          "tspipe_event_freshness_seconds_bucket{", "tspipe_generator_events_sent_total{",
          "tspipe_generator_rate_target", "tspipe_generator_attacking", "tspipe_indexer_documents_indexed_total",
          "tspipe_indexer_upsert_seconds_bucket{", "tspipe_indexer_lag_seconds",
          "tspipe_kafka_consumer_lag{", "tspipe_worker_events_consumed_total{type=\"attack_window\"",
          "tspipe_worker_lag_seconds", "vertx_http_client_", "jvm_memory_used_bytes")) {
          assertTrue(body.contains(name), name + " in " + url);
        }
        assertEquals(1, (long) Double.parseDouble(value(body, "tspipe_web_sse_subscribers\\{feed=\"web.live.metrics\"}")),
          "the one open subscription");
        assertTrue(Double.parseDouble(value(body, "tspipe_indexer_documents_indexed_total")) > 0);
        assertTrue(Pattern.compile("(?m)^tspipe_kafka_consumer_lag\\{[^}]*group=\"worker-metrics\"[^}]*} [0-9.eE+]+$")
          .matcher(body).find(), "the worker's lag, measured, on some partition");
        subscription.body().close();
        long inserted = sum(body, "tspipe_worker_events_inserted_total");
        long stored = pipeline.number("SELECT count() FROM ${db}.events");
        assertTrue(inserted > 0 && inserted <= stored, "inserted " + inserted + " of " + stored + " stored");
        assertTrue(sum(body, "tspipe_generator_events_sent_total") >= inserted, "sent at least what was stored");
        long consumed = sum(body, "tspipe_worker_events_consumed_total");
        long rejected = sum(body, "tspipe_worker_events_rejected_total");
        assertTrue(consumed >= inserted + rejected, "consumed " + consumed + " covers inserted and rejected");
        assertTrue(Pattern.compile("(?m)^tspipe_worker_events_rejected_total\\{[^}]*type=\"(account_activity|api_request|"
          + "email_send|unknown)\"").matcher(body).find(), "rejects carry a bounded type");
        double workerLag = Double.parseDouble(value(body, "tspipe_worker_lag_seconds"));
        assertTrue(workerLag > 0 && workerLag < 60, "the newest stored event is recent: " + workerLag + " s");
        assertEquals(300, (long) Double.parseDouble(value(body, "tspipe_generator_rate_target")));
        System.out.printf("[%s] /metrics: %d inserted by the worker's counter, %d stored%n", pipeline.name(), inserted,
          stored);
      } finally {
        process.stop();
      }
    }
  }

  @Test
  @DisplayName("a process whose metrics port is taken stops at start-up with an error naming the address")
  void refusesToRunWithoutItsMetrics() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("metrics-port-taken");
         ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      pipeline.config().getJsonObject("metrics").put("enabled", true).put("host", "127.0.0.1")
        .put("port", taken.getLocalPort());
      RoleProcess process = pipeline.startRoles("port-taken", "generator");
      try {
        java.util.OptionalInt status = process.awaitExit(60);
        assertTrue(status.isPresent(), "the process stops by itself");
        assertEquals(1, status.getAsInt());
        assertTrue(process.log().contains("cannot serve metrics at http://127.0.0.1:" + taken.getLocalPort()),
          process.log());
      } finally {
        process.stop();
      }
    }
  }

  private static String scrape(String url) throws Exception {
    HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(200, scrape.statusCode());
    return scrape.body();
  }



  /** The sum of every series of {@code metric}. */
  private static long sum(String exposition, String metric) {
    Matcher series = Pattern.compile("(?m)^" + metric + "\\{[^}]*} ([0-9.eE+]+)$").matcher(exposition);
    double total = 0;
    while (series.find()) {
      total += Double.parseDouble(series.group(1));
    }
    return (long) total;
  }

  /** The value of the first series of {@code metric}, a regular expression. */
  private static String value(String exposition, String metric) {
    Matcher line = Pattern.compile("(?m)^" + metric + "(\\{[^}]*})? ([0-9.eE+]+)$").matcher(exposition);
    assertTrue(line.find(), metric);
    return line.group(2);
  }
}
