package io.tspipe.web;

import io.tspipe.RoleProcess;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's answers shared within a tick, by the web role as it runs: in a JVM of its own with two web
 * verticles (so two requests may land on two event loops), its metrics served, over the real engines and events the
 * real worker stored. What it asks of ClickHouse is read from its meter {@code tspipe_web_dashboard_answers_total}.
 */
class DashboardSharingIT {

  /** Long enough that two requests sent at once at the start of a tick both fall in it. */
  private static final long TICK_MS = 3_000;
  private static final String ANSWERS = "tspipe_web_dashboard_answers_total";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName("two identical requests at once are answered once, equivalent query strings too; the next tick computes"
    + " anew; other reads are never shared")
  void identicalRequestsWithinATickAreAnsweredOnce() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-sharing")) {
      List<Integer> ports = TestPipeline.freePorts(2);
      int metricsPort = ports.get(0);
      String base = "http://127.0.0.1:" + ports.get(1);
      pipeline.config().getJsonObject("web").put("host", "127.0.0.1").put("port", ports.get(1)).put("instances", 2)
        .put("liveTickMs", TICK_MS);
      pipeline.config().getJsonObject("search").put("searchKey",
        pipeline.awaitResult(pipeline.search().ensureSearchKey(pipeline.searchSettings().searchKeyUid())));
      pipeline.deployWorker();
      pipeline.produce(TestPipeline.generate(1_000, false, 17).records());
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 900, Duration.ofMinutes(1));
      RoleProcess web = pipeline.startRolesServingMetrics("web", "web", metricsPort);
      try {
        eventually(Duration.ofMinutes(1), () -> assertEquals(200, get(base, "/health/live").statusCode()));

        startOfATick();
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
        String sameByRange = "/api/v1/metrics/kpis?range=1h";
        String sameByInstants = "/api/v1/metrics/kpis?from=" + from + "&to=" + to;
        Counts before = counts(web);
        CompletableFuture<HttpResponse<String>> first = getAsync(base, sameByRange);
        CompletableFuture<HttpResponse<String>> second = getAsync(base, sameByInstants);
        JsonObject firstAnswer = body(first.get());
        JsonObject secondAnswer = body(second.get());
        Counts together = counts(web);
        assertEquals(firstAnswer, secondAnswer, "one answer, shared");
        assertEquals(1, together.computed() - before.computed(), "one set of engine queries for the two");
        assertEquals(1, together.shared() - before.shared(), "the other request shared it");
        long eventsThen = firstAnswer.getLong("events");
        assertTrue(eventsThen >= 900, "the answer counts the stored events: " + firstAnswer);

        pipeline.produce(TestPipeline.generate(500, false, 18).records());
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", eventsThen + 450, Duration.ofMinutes(1));
        startOfATick();
        JsonObject nextTick = body(getAsync(base, sameByRange).get());
        Counts after = counts(web);
        assertEquals(1, after.computed() - together.computed(), "a new tick computes a new answer");
        assertEquals(together.shared(), after.shared());
        assertTrue(nextTick.getLong("events") > eventsThen, "the new answer reads what was stored since: "
          + nextTick.getLong("events") + " events, " + eventsThen + " before");

        for (String read : List.of("/api/v1/labels", "/api/v1/detections", "/api/v1/labels", "/api/v1/detections")) {
          assertEquals(200, get(base, read).statusCode(), read);
        }
        assertEquals(after, counts(web), "labels and detections are read afresh, never through the shared answers");
      } finally {
        web.stop();
      }
    }
  }

  /** The KPIs' answers computed and shared so far. */
  private record Counts(long computed, long shared) {
  }

  private static Counts counts(RoleProcess web) throws Exception {
    String exposition = web.metrics();
    return new Counts(sum(exposition, "getKpis", "computed"), sum(exposition, "getKpis", "shared"));
  }

  private static long sum(String exposition, String api, String outcome) {
    Matcher series = Pattern.compile("(?m)^" + ANSWERS + "\\{([^}]*)} ([0-9.eE+]+)$").matcher(exposition);
    double total = 0;
    while (series.find()) {
      if (series.group(1).contains("api=\"" + api + "\"") && series.group(1).contains("outcome=\"" + outcome + "\"")) {
        total += Double.parseDouble(series.group(2));
      }
    }
    return (long) total;
  }

  /** Waits until a tick has just begun: ticks start on whole multiples of their length. */
  private static void startOfATick() throws InterruptedException {
    long intoTick = System.currentTimeMillis() % TICK_MS;
    Thread.sleep(TICK_MS - intoTick + 50);
  }

  private static HttpResponse<String> get(String base, String path) throws Exception {
    return getAsync(base, path).get();
  }

  private static CompletableFuture<HttpResponse<String>> getAsync(String base, String path) {
    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject body(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }
}
