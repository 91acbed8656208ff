package io.tspipe.detector;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplayTest {

  private static final String RULES = """
    - name: each_tick
      description: Failing logins, every tick.
      severity: high
      entity: ip
      window: 2m
      filter: action == "login"
      features:
        failures: count(not success)
      condition: failures >= 5
    - name: every_five
      description: Failing logins, every five seconds.
      severity: high
      entity: ip
      window: 2m
      every: 5s
      filter: action == "login"
      features:
        failures: count(not success)
      condition: failures >= 5
    """;

  @Test
  @DisplayName("a replay's ticks and evaluations: each rule's grid points in [from, to], both ends included")
  void ticksAndEvaluations() {
    Replay replay = new Replay(null, DetectorSettings.from(new JsonObject()), 1);
    Replay.RuleSet rules = Replay.parse("rules.yaml", RULES, "db");
    Instant from = Instant.ofEpochSecond(1_000);
    assertEquals(List.of(from, from.plusSeconds(1), from.plusSeconds(2)), replay.ticks(from, from.plusSeconds(2)));
    assertEquals(List.of(from.plusSeconds(1)), replay.ticks(from.plusMillis(1), from.plusMillis(1_999)));
    // each tick: 1000..1010 (11); every 5 s: 1000, 1005, 1010 (3)
    assertEquals(14, replay.evaluations(rules, from, from.plusSeconds(10)));
    // each tick: 1001..1009 (9); every 5 s: 1005 (1)
    assertEquals(10, replay.evaluations(rules, from.plusMillis(1), from.plusMillis(9_999)));
    assertEquals(0, replay.evaluations(rules, from.plusMillis(1), from.plusMillis(999)));
    assertEquals(List.of(), replay.ticks(from.plusMillis(1), from.plusMillis(999)));
  }
}
