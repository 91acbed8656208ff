package io.tspipe.web.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertRulesTest {

  private final AlertRules rules = new AlertRules(AlertRules.DEFAULT_LIMITS);
  private int second;

  @Test
  @DisplayName("an attack fires at the first tick and resolves after three calm ones, with the same id")
  void attackFiresAtOnceAndResolvesAfterThreeCalmTicks() {
    assertEquals(List.of(), rules.evaluate(tick(100, 0, "normal")));
    List<JsonObject> fired = rules.evaluate(tick(100, 0, "attack"));
    assertEquals(1, fired.size());
    assertEquals("attack_detected", fired.get(0).getString("rule"));
    assertEquals("firing", fired.get(0).getString("state"));
    assertEquals("critical", fired.get(0).getString("severity"));
    assertEquals("5d0c2f4e-8a61-4b8e-9d7a-0f3c2b1a9e77", fired.get(0).getJsonObject("evidence").getString("detectionId"));
    assertEquals(1, rules.firing().size());
    assertEquals(List.of(), rules.evaluate(tick(100, 0, "attack")), "still firing: no new change");
    assertEquals(List.of(), rules.evaluate(tick(100, 0, "normal")));
    assertEquals(List.of(), rules.evaluate(tick(100, 0, "normal")));
    List<JsonObject> resolved = rules.evaluate(tick(100, 0, "normal"));
    assertEquals(1, resolved.size());
    assertEquals("resolved", resolved.get(0).getString("state"));
    assertEquals(fired.get(0).getString("id"), resolved.get(0).getString("id"));
    assertTrue(resolved.get(0).getString("message").startsWith(
      "no longer holds for 3 ticks; last firing: live login_failure_surge detection 5d0c2f4e"),
      resolved.get(0).getString("message"));
    assertEquals(new JsonArray(), rules.firing());
  }

  @Test
  @DisplayName("one calm tick in an attack does not resolve it, and one bad tick of data quality does not fire")
  void oneNoisyTickChangesNothing() {
    rules.evaluate(tick(100, 0, "attack"));
    rules.evaluate(tick(100, 0, "normal"));
    assertEquals(List.of(), rules.evaluate(tick(100, 0, "attack")));
    assertEquals(1, rules.firing().size());

    AlertRules quality = new AlertRules(AlertRules.DEFAULT_LIMITS);
    assertEquals(List.of(), quality.evaluate(tick(100, 20, "normal")));
    assertEquals(List.of(), quality.evaluate(tick(100, 0, "normal")));
    assertEquals(List.of(), quality.evaluate(tick(100, 20, "normal")));
    List<JsonObject> fired = quality.evaluate(tick(100, 20, "normal"));
    assertEquals("data_quality", fired.get(0).getString("rule"));
    assertTrue(fired.get(0).getString("message").startsWith("16.7% of records rejected"), fired.get(0).getString("message"));
  }

  @Test
  @DisplayName("a type that stops while others flow, no events at all, and an engine that does not answer")
  void stoppedTypesAndEngines() {
    JsonObject noEmails = tick(100, 0, "normal");
    noEmails.getJsonObject("eventsPerSecond").put("email_send", 0.0);
    rules.evaluate(noEmails);
    List<JsonObject> fired = rules.evaluate(noEmails);
    assertEquals(1, fired.size());
    assertEquals("type_stopped:email_send", fired.get(0).getString("key"));

    AlertRules idle = new AlertRules(AlertRules.DEFAULT_LIMITS);
    idle.evaluate(tick(0, 0, "quiet"));
    assertEquals("no_events", idle.evaluate(tick(0, 0, "quiet")).get(0).getString("rule"));

    AlertRules down = new AlertRules(AlertRules.DEFAULT_LIMITS);
    JsonObject unavailable = new JsonObject().put("at", "2026-11-24T00:00:00.000Z").put("available", false)
      .put("error", "Connection refused");
    down.evaluate(unavailable);
    JsonObject alert = down.evaluate(unavailable).get(0);
    assertEquals("engine_unavailable", alert.getString("rule"));
    assertTrue(alert.getString("message").contains("Connection refused"));
  }

  @Test
  @DisplayName("API p99 above 5 s raises a latency warning")
  void slowApi() {
    JsonObject slow = tick(100, 0, "normal").put("apiLatencyMs", new JsonObject().put("p50", 80.0).put("p95", 900.0)
      .put("p99", 6_200.0));
    rules.evaluate(slow);
    JsonObject alert = rules.evaluate(slow).get(0);
    assertEquals("api_latency", alert.getString("rule"));
    assertEquals("warning", alert.getString("severity"));
  }

  private JsonObject tick(double eventsPerSecond, double rejectsPerSecond, String attack) {
    double third = eventsPerSecond / 3;
    return new JsonObject()
      .put("at", String.format("2026-11-24T00:00:%02d.000Z", second++ % 60))
      .put("windowSeconds", 10)
      .put("available", true)
      .put("eventsPerSecond", new JsonObject().put("account_activity", third).put("api_request", third)
        .put("email_send", third).put("total", eventsPerSecond))
      .put("quality", new JsonObject().put("rejectsPerSecond", rejectsPerSecond).put("duplicatesPerSecond", 0.0))
      .put("apiLatencyMs", new JsonObject().put("p50", 40.0).put("p95", 200.0).put("p99", 400.0))
      .put("attack", new JsonObject().put("status", attack).put("rule", "login_failure_surge")
        .put("detectionId", "attack".equals(attack) ? "5d0c2f4e-8a61-4b8e-9d7a-0f3c2b1a9e77" : null)
        .put("firstSeen", "attack".equals(attack) ? "2026-11-24T00:00:00.000Z" : null)
        .put("features", "attack".equals(attack) ? new JsonObject().put("logins", 50).put("failure_rate", 0.6) : null));
  }
}
