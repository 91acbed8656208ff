package io.tspipe.pipeline;

import io.tspipe.bus.Addresses;
import io.tspipe.testing.TestPipeline;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real generator verticle, on simulated and on real time, through the broker and the worker into ClickHouse. */
class SimulatedTrafficIT {

  @Test
  @DisplayName("an hour of calm traffic written on simulated time: the suspicious lists flag only a few addresses and users")
  void calmHour() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("calm-hour")) {
      Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
      JsonObject generator = pipeline.config().getJsonObject("generator");
      generator.put("seed", 5).put("badFraction", 0).put("duplicateFraction", 0);
      generator.getJsonObject("attack").put("mode", "off");
      generator.put("simulated", new JsonObject().put("enabled", true).put("start", start.toString())
        .put("durationSeconds", 3600));
      // ticks of 10 s: the detector follows the simulated hour as it is written
      pipeline.config().getJsonObject("detector").put("tickMs", 10_000).put("maxCatchUpTicks", 400)
        .put("ticksPerTurn", 400);
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();
      pipeline.awaitAtLeast("SELECT count() FROM system.tables WHERE database = '" + pipeline.db()
        + "' AND name = 'detector_progress'", 1, Duration.ofMinutes(1));
      pipeline.deployDetector();
      pipeline.deployGenerator();
      long expected = 3600L * generator.getInteger("ratePerSecond");
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", expected, Duration.ofMinutes(5));

      String window = "&from=" + encode(start.toString()) + "&to=" + encode(start.plus(1, ChronoUnit.HOURS).toString());
      int flaggedIps = suspicious(baseUrl, "ip", window);
      int flaggedUsers = suspicious(baseUrl, "user", window);
      long ips = pipeline.number("SELECT uniqExact(source_ip) FROM ${db}.events");
      long users = pipeline.number("SELECT uniqExact(user_id) FROM ${db}.events");
      System.out.printf("Calm hour through the pipeline: %d events; suspicious lists flag %d of %d IPs (%.1f%%) and "
          + "%d of %d users (%.1f%%)%n", expected, flaggedIps, ips, 100.0 * flaggedIps / ips, flaggedUsers, users,
        100.0 * flaggedUsers / users);
      long evaluatedUntil = start.plus(1, ChronoUnit.HOURS).minusSeconds(30).toEpochMilli() / 1000;
      pipeline.awaitAtLeast("SELECT count() FROM (SELECT rule, max(tick) AS last FROM ${db}.detector_progress GROUP BY rule"
        + " HAVING last >= toDateTime64(" + evaluatedUntil + ", 3, 'UTC'))", 10, Duration.ofMinutes(5));
      List<JsonObject> detections = pipeline.rows("SELECT rule, entity_kind, entity FROM ${db}.detections FINAL"
        + " WHERE mode = 'live' ORDER BY rule, entity");
      System.out.printf("Calm hour through the detector: %d false detections %s%n", detections.size(), detections);
      assertTrue(detections.size() <= 1, "at most one false detection in an hour of calm traffic: " + detections);
      assertTrue(flaggedIps <= 0.05 * ips, flaggedIps + " of " + ips + " IPs flagged");
      assertTrue(flaggedUsers <= 0.05 * users, flaggedUsers + " of " + users + " users flagged");
      assertEquals(0, pipeline.number("SELECT count() FROM ${db}.attack_windows"), "no scenario ran");
    }
  }

  private static int suspicious(String baseUrl, String kind, String window) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
      URI.create(baseUrl + "/api/v1/suspicious?kind=" + kind + "&limit=200" + window)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body()).getJsonArray("entities").size();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a forced run of every scenario leaves exactly one window, with its entities, in ClickHouse; runs stop on request")
  void everyScenarioRecordsItsTruth() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("scenario-truth")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 400).getJsonObject("attack").put("mode", "off");
      pipeline.deployWorker();
      pipeline.deployGenerator();
      for (Scenario scenario : Scenario.values()) {
        ScenarioRequest request = ScenarioRequest.parse(new JsonObject().put("scenario", scenario.wireName())
          .put("intensity", 0.1).put("durationSeconds", 3));
        JsonObject reply = pipeline.request(Addresses.GENERATOR_CONTROL,
          new ControlCommand.Start(UUID.randomUUID(), request).toJson());
        assertTrue(reply.getBoolean("running"), reply.encode());
      }
      UUID longRun = UUID.randomUUID();
      pipeline.request(Addresses.GENERATOR_CONTROL, new ControlCommand.Start(longRun,
        ScenarioRequest.parse(new JsonObject().put("scenario", "brute_force").put("durationSeconds", 3600))).toJson());
      // the run is under way: its traffic has named an attacker
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.attack_entities WHERE window_id = '" + longRun + "'", 1,
        Duration.ofSeconds(30));
      JsonObject stopped = pipeline.request(Addresses.GENERATOR_CONTROL, new ControlCommand.Stop(longRun).toJson());
      assertEquals(false, stopped.getBoolean("running"));
      ReplyException unknown = assertThrows(ReplyException.class, () -> rethrowCause(() ->
        pipeline.request(Addresses.GENERATOR_CONTROL, new ControlCommand.Stop(longRun).toJson())));
      assertEquals(404, unknown.failureCode());

      pipeline.awaitNumber("SELECT count() FROM (SELECT window_id FROM ${db}.attack_windows FINAL"
        + " WHERE ended_at IS NOT NULL)", Scenario.values().length + 1, Duration.ofMinutes(1));
      for (Scenario scenario : Scenario.values()) {
        String windows = "(SELECT window_id FROM ${db}.attack_windows FINAL WHERE scenario = '" + scenario.wireName() + "')";
        assertEquals(scenario == Scenario.BRUTE_FORCE ? 2 : 1, pipeline.number("SELECT count() FROM " + windows),
          scenario.wireName());
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.attack_entities WHERE window_id IN " + windows
          + " AND kind = 'ip' AND role = 'attacker'", 1, Duration.ofSeconds(30));
        assertEquals(0, pipeline.number("SELECT count() FROM ${db}.attack_entities WHERE window_id IN " + windows
          + " AND kind = 'ip' AND value NOT IN (SELECT source_ip FROM ${db}.events)"),
          scenario.wireName() + ": every attacking address is in the stored events");
      }
    }
  }

  private static void rethrowCause(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException failure) {
      Throwable cause = failure;
      while (!(cause instanceof ReplyException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw cause instanceof ReplyException reply ? reply : failure;
    }
  }
}
