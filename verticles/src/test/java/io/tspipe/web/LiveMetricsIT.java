package io.tspipe.web;

import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live metrics feed of the real web role over SSE, with the real generator feeding the real worker: ticks arrive
 * every second describing the stored traffic, and the attack indicator, computed from the data alone, turns to
 * {@code attack} within seconds of the generator turning hostile (forced through the admin-guarded attack control)
 * and back once it stops.
 */
class LiveMetricsIT {

  private static final String ADMIN_KEY = "admin-key-of-the-live-test";

  @Test
  @DisplayName("ticks stream every second, and the attack indicator follows hostile traffic within 15 s")
  void ticksAndAttackIndicator() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-live")) {
      JsonObject generator = pipeline.config().getJsonObject("generator");
      generator.put("ratePerSecond", 100);
      generator.getJsonObject("attack").put("mode", "off");
      pipeline.config().getJsonObject("web").put("adminKey", ADMIN_KEY);
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();
      pipeline.deployGenerator();

      BlockingQueue<JsonObject> ticks = new LinkedBlockingQueue<>();
      HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/stream/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, stream.statusCode());
      assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElse(""));
      Thread reader = new Thread(() -> stream.body()
        .filter(line -> line.startsWith("data: "))
        .forEach(line -> ticks.add(new JsonObject(line.substring("data: ".length())))), "sse-reader");
      reader.setDaemon(true);
      reader.start();

      JsonObject normal = awaitTick(ticks, tick -> tick.getBoolean("available")
        && tick.getJsonObject("eventsPerSecond").getDouble("total") > 50
        && "normal".equals(tick.getJsonObject("attack").getString("status")), Duration.ofSeconds(60), "normal traffic");
      assertTrue(normal.getJsonObject("attack").getDouble("loginFailureRate") < 0.3, normal.encode());
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
      JsonObject attack = awaitTick(ticks, tick -> tick.getBoolean("available")
        && "attack".equals(tick.getJsonObject("attack").getString("status")), Duration.ofSeconds(15), "the attack");
      long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - forced);
      System.out.printf("[%s] attack forced → indicator red in %d ms: %s%n", pipeline.name(), detectedMs,
        attack.getJsonObject("attack").encode());
      JsonObject evidence = attack.getJsonObject("attack");
      assertTrue(evidence.getDouble("loginFailureRate") >= 0.3, evidence.encode());
      assertTrue(evidence.getJsonArray("topFailureIps").size() > 0, evidence.encode());
      assertTrue(attack.getDouble("http5xxRate") > normal.getDouble("http5xxRate"), "5xx rises: " + attack.encode());

      assertEquals(200, attackMode(baseUrl, "off", ADMIN_KEY).statusCode());
      awaitTick(ticks, tick -> tick.getBoolean("available")
        && "normal".equals(tick.getJsonObject("attack").getString("status")), Duration.ofSeconds(30), "calm again");
    }
  }

  /** {@code POST /api/v1/generator/attack}, the demo control, with {@code key} as the admin key. */
  private static HttpResponse<String> attackMode(String baseUrl, String mode, String key) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/generator/attack"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("mode", mode).encode())).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject awaitTick(BlockingQueue<JsonObject> ticks, Predicate<JsonObject> wanted, Duration timeout,
                                      String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      JsonObject tick = ticks.poll(200, TimeUnit.MILLISECONDS);
      if (tick != null) {
        last = tick;
        if (wanted.test(tick)) {
          return tick;
        }
      }
    }
    throw new AssertionError("no tick showing " + what + " within " + timeout + "; last tick " + last);
  }
}
