package io.tspipe.pipeline;

import io.tspipe.scoring.ScoreJson;
import io.tspipe.scoring.StoredPeriod;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.tspipe.testing.ApiCalls.body;
import static io.tspipe.testing.ApiCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoreboard on the real engines: calm traffic from the real generator at 100 events/s through the broker and the
 * worker, a brute force run started through the web role's scenario control, the detector with the repository's
 * rules, and the web role's {@code GET /api/v1/detections/score} over the period, which must answer what the scorer
 * makes of the same stored tables read directly.
 */
class ScoreIT {

  private static final String ADMIN_KEY = "score-admin-key-0123456789";
  private static final String BRUTE_FORCE_RULE = "ip_login_failures";
  private static final int GRACE_SECONDS = 60;
  private static final int BUCKETS = 6;

  @Test
  @DisplayName("score end to end: a forced brute force run detected, and the scoreboard API answers the scorer's "
    + "score of the stored period, rule by rule, with its period and trend; a bad parameter is a 400 naming it")
  void scoreEndToEnd() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("score")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 100).getJsonObject("attack").put("mode", "off");
      pipeline.config().getJsonObject("web").put("adminKey", ADMIN_KEY);
      pipeline.deployWorker();
      pipeline.deployGenerator();
      String baseUrl = pipeline.deployWeb();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 500, Duration.ofMinutes(1));
      pipeline.deployDetector();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detector_progress", 1, Duration.ofMinutes(1));
      Instant from = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);

      body(send(baseUrl, "POST", "/api/v1/generator/scenarios", new JsonObject().put("scenario", "brute_force")
        .put("intensity", 0.05).put("durationSeconds", 30).encode(), ADMIN_KEY), 202);
      pipeline.awaitNumber("SELECT count() FROM (SELECT window_id FROM ${db}.attack_windows FINAL"
        + " WHERE ended_at IS NOT NULL)", 1, Duration.ofMinutes(2));
      pipeline.awaitAtLeast("SELECT count(DISTINCT entity) FROM ${db}.detections WHERE rule = '" + BRUTE_FORCE_RULE
        + "' AND entity IN (SELECT value FROM ${db}.attack_entities WHERE role = 'attacker' AND kind = 'ip')", 1,
        Duration.ofMinutes(1));
      Instant to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      // what the detector recorded up to `to` is in ClickHouse once every rule's progress has passed it, so both reads
      // below see the same tables
      pipeline.awaitNumber("SELECT min(reached) >= " + to.toEpochMilli() + " FROM (SELECT rule, "
        + "toUnixTimestamp64Milli(max(tick)) AS reached FROM ${db}.detector_progress GROUP BY rule)", 1,
        Duration.ofMinutes(1));

      JsonObject answer = body(send(baseUrl, "GET", "/api/v1/detections/score?from=" + encode(from) + "&to="
        + encode(to) + "&graceSeconds=" + GRACE_SECONDS + "&buckets=" + BUCKETS, null, null), 200);
      ClickHouseClient clickHouse = new ClickHouseClient(pipeline.vertx(), pipeline.clickHouseSettings());
      StoredPeriod period;
      try {
        period = pipeline.awaitResult(StoredPeriod.read(clickHouse, from, to, Duration.ofSeconds(GRACE_SECONDS)));
      } finally {
        pipeline.awaitResult(clickHouse.close());
      }
      assertEquals(wire(ScoreJson.rules(period.score())), answer.getJsonArray("rules"),
        "the API's rules are the scorer's score of the stored period");
      assertEquals(wire(ScoreJson.scoreboard(period, BUCKETS)), answer, "and so are its period and trend");

      JsonObject bruteForce = rule(answer.getJsonArray("rules"), BRUTE_FORCE_RULE);
      JsonObject onItsScenario = bruteForce.getJsonObject("scenarios").getJsonObject("brute_force");
      System.out.println("Score of " + BRUTE_FORCE_RULE + " over " + from + " – " + to + ": overall "
        + bruteForce.getJsonObject("overall").encode() + ", on brute_force " + onItsScenario.encode());
      assertEquals(1, answer.getJsonObject("period").getJsonObject("windows").getInteger("brute_force"));
      assertTrue(onItsScenario.getInteger("targets") > 0 && onItsScenario.getInteger("targetsFound") > 0,
        "the run's attackers are targets and the rule found some: " + onItsScenario.encode());
      assertEquals(BUCKETS, answer.getJsonArray("trend").size());

      JsonObject refused = body(send(baseUrl, "GET", "/api/v1/detections/score?from=yesterday", null, null), 400);
      assertEquals("from", refused.getString("field"), refused.encode());
      assertEquals("from", body(send(baseUrl, "GET", "/api/v1/detections/score?from="
        + encode(to.minus(Duration.ofDays(8))) + "&to=" + encode(to), null, null), 400).getString("field"));
      assertEquals("buckets", body(send(baseUrl, "GET", "/api/v1/detections/score?buckets=0", null, null), 400)
        .getString("field"));
    }
  }

  private static String encode(Instant instant) {
    return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
  }

  /** {@code json} as it reads back from the wire: numbers in the types a parser gives them. */
  private static JsonObject wire(JsonObject json) {
    return new JsonObject(json.encode());
  }

  private static JsonArray wire(JsonArray json) {
    return new JsonArray(json.encode());
  }

  private static JsonObject rule(JsonArray rules, String name) {
    return rules.stream().map(JsonObject.class::cast).filter(rule -> name.equals(rule.getString("rule"))).findFirst()
      .orElseThrow(() -> new AssertionError("no score of " + name + " in " + rules.encode()));
  }
}
