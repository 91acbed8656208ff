package io.tspipe.web;

import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.tspipe.testing.Eventually.atOnce;
import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live metrics feed of the real web role over SSE, with the real generator feeding the real worker and the real
 * detector reading what it stores: ticks arrive every second describing the stored traffic, and the attack indicator,
 * the detector's verdict, turns to {@code attack} once its {@code login_failure_surge} detection opens after the
 * generator turns hostile (forced through the admin-guarded attack control), and back once that detection resolves.
 * The alerts feed fires and resolves the attack alert with that detection, and the attack windows API shows the
 * generator's window, ongoing and then ended. Without a detector, flowing events never read as normal.
 */
class LiveMetricsIT {

  private static final String ADMIN_KEY = "admin-key-of-the-live-test";

  @Test
  @DisplayName("ticks stream every second, and the attack indicator follows the detector's surge detection")
  void ticksAndAttackIndicator(@TempDir Path rules) throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-live")) {
      loginRulesOnly(pipeline, rules);
      JsonObject generator = pipeline.config().getJsonObject("generator");
      generator.put("ratePerSecond", 100);
      generator.getJsonObject("attack").put("mode", "off");
      pipeline.config().getJsonObject("web").put("adminKey", ADMIN_KEY);
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();
      pipeline.deployGenerator();
      pipeline.deployDetector();

      BlockingQueue<JsonObject> ticks = subscribe(baseUrl + "/api/v1/stream/metrics");
      BlockingQueue<JsonObject> alerts = subscribe(baseUrl + "/api/v1/stream/alerts");

      JsonObject normal = awaitTick(ticks, tick -> tick.getBoolean("available")
        && tick.getJsonObject("eventsPerSecond").getDouble("total") > 50
        && "normal".equals(tick.getJsonObject("attack").getString("status")), Duration.ofSeconds(60), "normal traffic");
      assertNotNull(normal.getJsonObject("attack").getString("evaluatedTo"), normal.encode());
      assertEquals(null, normal.getJsonObject("attack").getValue("detectionId"), normal.encode());
      assertNotNull(normal.getValue("lagMs"), normal.encode());
      assertNotNull(normal.getJsonObject("apiLatencyMs"), normal.encode());
      JsonObject next = awaitTick(ticks, tick -> true, Duration.ofSeconds(3), "the next tick");
      assertTrue(Duration.between(java.time.Instant.parse(normal.getString("at")),
        java.time.Instant.parse(next.getString("at"))).toMillis() <= 1_500, "ticks a second apart: " + next.getString("at"));

      assertEquals(401, attackMode(baseUrl, "on", "not-the-key").statusCode());
      HttpResponse<String> badMode = attackMode(baseUrl, "sometimes", ADMIN_KEY);
      assertEquals(400, badMode.statusCode());
      assertEquals("mode", new JsonObject(badMode.body()).getString("field"));
      HttpResponse<String> on = attackMode(baseUrl, "on", ADMIN_KEY);
      long forced = System.nanoTime();
      assertEquals(200, on.statusCode(), on.body());
      assertTrue(new JsonObject(on.body()).getBoolean("attacking"), on.body());
      // the rule's 30 s window fills with failures, then the detector's tick (1 s, 2 s behind the newest event) opens it
      JsonObject attack = awaitTick(ticks, tick -> tick.getBoolean("available")
        && "attack".equals(tick.getJsonObject("attack").getString("status")), Duration.ofSeconds(120), "the attack");
      long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - forced);
      System.out.printf("[%s] attack forced → indicator red in %d ms: %s%n", pipeline.name(), detectedMs,
        attack.getJsonObject("attack").encode());
      JsonObject evidence = attack.getJsonObject("attack");
      String detectionId = evidence.getString("detectionId");
      assertNotNull(detectionId, evidence.encode());
      assertEquals("login_failure_surge", evidence.getString("rule"));
      assertTrue(evidence.getJsonObject("features").getDouble("failure_rate") >= 0.3, evidence.encode());
      assertTrue(evidence.getLong("openSevereDetections") >= 1, evidence.encode());
      assertNotNull(evidence.getString("firstSeen"), evidence.encode());
      assertTrue(evidence.getDouble("loginFailureRate") >= 0.3, "the window's logins beside it: " + evidence.encode());
      assertTrue(attack.getDouble("http5xxRate") > normal.getDouble("http5xxRate"), "5xx rises: " + attack.encode());
      JsonObject stored = new JsonObject(get(baseUrl + "/api/v1/detections?rule=login_failure_surge&state=open"));
      assertTrue(stored.getJsonArray("detections").stream().anyMatch(detection ->
        detectionId.equals(((JsonObject) detection).getString("detectionId"))), "the open detection: " + stored.encode());

      JsonObject fired = awaitTick(alerts, alert -> "attack_detected".equals(alert.getString("rule"))
        && "firing".equals(alert.getString("state")), Duration.ofSeconds(5), "the attack alert");
      assertEquals("critical", fired.getString("severity"));
      assertEquals(detectionId, fired.getJsonObject("evidence").getString("detectionId"), fired.encode());
      JsonObject replayed = awaitTick(subscribe(baseUrl + "/api/v1/stream/alerts"),
        alert -> "attack_detected".equals(alert.getString("rule")), Duration.ofSeconds(3), "the firing alert, replayed");
      assertEquals(fired.getString("id"), replayed.getString("id"));
      JsonObject ongoing = awaitAttackWindows(baseUrl, windows -> windows.size() == 1
        && windows.getJsonObject(0).getBoolean("ongoing"), "one ongoing attack window");
      assertEquals(null, ongoing.getJsonArray("windows").getJsonObject(0).getValue("endedAt"));

      assertEquals(200, attackMode(baseUrl, "off", ADMIN_KEY).statusCode());
      // the failures leave the rule's 30 s window, and the detector resolves its detection
      awaitTick(ticks, tick -> tick.getBoolean("available")
        && "normal".equals(tick.getJsonObject("attack").getString("status")), Duration.ofSeconds(180), "calm again");
      JsonObject resolved = awaitTick(alerts, alert -> "attack_detected".equals(alert.getString("rule"))
        && "resolved".equals(alert.getString("state")), Duration.ofSeconds(15), "the attack alert resolved");
      assertEquals(fired.getString("id"), resolved.getString("id"));
      JsonObject ended = awaitAttackWindows(baseUrl, windows -> windows.size() == 1
        && !windows.getJsonObject(0).getBoolean("ongoing"), "the attack window ended");
      JsonObject window = ended.getJsonArray("windows").getJsonObject(0);
      assertTrue(window.getLong("durationMs") > 0, window.encode());
      assertEquals(window.getLong("durationMs"), java.time.Instant.parse(window.getString("endedAt")).toEpochMilli()
        - java.time.Instant.parse(window.getString("startedAt")).toEpochMilli());
      System.out.printf("[%s] alert %s fired and resolved; attack window %s%n", pipeline.name(), fired.getString("id"),
        window.encode());
    }
  }

  @Test
  @DisplayName("with events flowing and no detector, the indicator says the detector is behind, never normal")
  void withoutADetectorTheIndicatorSaysSo() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-live-no-detector")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 50).getJsonObject("attack").put("mode", "off");
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();
      pipeline.deployGenerator();

      BlockingQueue<JsonObject> ticks = subscribe(baseUrl + "/api/v1/stream/metrics");
      JsonObject behind = awaitTick(ticks, tick -> tick.getBoolean("available")
        && tick.getJsonObject("eventsPerSecond").getDouble("total") > 0
        && "detector_behind".equals(tick.getJsonObject("attack").getString("status")), Duration.ofSeconds(60),
        "the detector behind");
      assertEquals(null, behind.getJsonObject("attack").getValue("evaluatedTo"), behind.encode());
      assertNotNull(behind.getJsonObject("attack").getString("newestEventAt"), behind.encode());
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < until) {
        JsonObject tick = ticks.poll(200, TimeUnit.MILLISECONDS);
        if (tick != null && tick.getBoolean("available")) {
          assertEquals("detector_behind", tick.getJsonObject("attack").getString("status"), tick.encode());
        }
      }
    }
  }

  /**
   * Points the pipeline's detector at a copy of the login rules alone ({@code login_failure_surge} among them), so a
   * detector on a busy machine keeps up with the stream the indicator reads.
   */
  static void loginRulesOnly(TestPipeline pipeline, Path into) throws Exception {
    JsonObject detector = pipeline.config().getJsonObject("detector");
    Files.copy(Path.of(detector.getString("rulesDir")).resolve("login_abuse.yaml"), into.resolve("login_abuse.yaml"));
    detector.put("rulesDir", into.toString());
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  /** Reads an SSE stream on a thread of its own, queueing the JSON of every {@code data:} line. */
  private static BlockingQueue<JsonObject> subscribe(String url) throws Exception {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
      HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, stream.statusCode());
    assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElse(""));
    Thread reader = new Thread(() -> stream.body()
      .filter(line -> line.startsWith("data: "))
      .forEach(line -> events.add(new JsonObject(line.substring("data: ".length())))), "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  /** Polls {@code GET /api/v1/attacks?range=15m} until its windows satisfy {@code wanted}. */
  private static JsonObject awaitAttackWindows(String baseUrl, Predicate<JsonArray> wanted, String what) {
    return eventually(Duration.ofSeconds(30), Duration.ofMillis(250), () -> {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(baseUrl + "/api/v1/attacks?range=15m")).GET().build(), HttpResponse.BodyHandlers.ofString());
      atOnce(() -> assertEquals(200, response.statusCode(), response.body()));
      JsonObject answer = new JsonObject(response.body());
      assertTrue(wanted.test(answer.getJsonArray("windows")), () -> "no answer showing " + what + "; last " + answer);
      return answer;
    });
  }

  /** {@code POST /api/v1/generator/attack}, the demo control, with {@code key} as the admin key. */
  private static HttpResponse<String> attackMode(String baseUrl, String mode, String key) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/generator/attack"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("mode", mode).encode())).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  /** Takes ticks off the queue as they arrive until one is {@code wanted}; the queue's own wait paces the polling. */
  private static JsonObject awaitTick(BlockingQueue<JsonObject> ticks, Predicate<JsonObject> wanted, Duration timeout,
                                      String what) {
    AtomicReference<JsonObject> last = new AtomicReference<>();
    return eventually(timeout, Duration.ZERO, () -> {
      JsonObject tick = ticks.poll(200, TimeUnit.MILLISECONDS);
      if (tick != null) {
        last.set(tick);
      }
      assertTrue(tick != null && wanted.test(tick), () -> "no tick showing " + what + "; last tick " + last.get());
      return tick;
    });
  }
}
