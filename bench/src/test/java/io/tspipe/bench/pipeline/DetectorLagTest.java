package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorLagTest {

  @Test
  @DisplayName("each rule's lag behind the newest stored event is summed up over samples: mean, max, first and last")
  void summarisesSamplesPerRule() {
    DetectorLag lag = new DetectorLag();
    lag.add(10_000, Map.of("steady", 7_000L, "slow", 7_000L));
    lag.add(15_000, Map.of("steady", 12_000L, "slow", 8_000L));
    lag.add(20_000, Map.of("steady", 16_000L, "slow", 9_000L));
    JsonArray rules = lag.json(Map.of());
    JsonObject slow = rules.getJsonObject(0);
    JsonObject steady = rules.getJsonObject(1);
    assertEquals("slow", slow.getString("rule"));
    assertEquals(3, slow.getInteger("samples"));
    assertEquals(7.0, slow.getDouble("meanSeconds"), 1e-9);
    assertEquals(11.0, slow.getDouble("maxSeconds"), 1e-9);
    assertEquals(3.0, slow.getDouble("firstSeconds"), 1e-9);
    assertEquals(11.0, slow.getDouble("lastSeconds"), 1e-9);
    assertEquals(3.3, steady.getDouble("meanSeconds"), 1e-9);
    assertEquals(4.0, steady.getDouble("maxSeconds"), 1e-9);
    assertFalse(ResultTable.keepsUp(slow), "its lag grew by 8 s");
    assertTrue(ResultTable.keepsUp(steady), "its lag grew by 1 s");
  }

  @Test
  @DisplayName("a rule evaluated every few ticks keeps up while its lag grows by no more than its step and two ticks")
  void aRuleKeepsUpWithinItsStep() {
    DetectorLag lag = new DetectorLag();
    lag.add(10_000, Map.of("every_10s", 8_000L, "every_tick", 8_000L));
    lag.add(20_000, Map.of("every_10s", 8_000L, "every_tick", 18_000L));
    lag.add(30_000, Map.of("every_10s", 20_000L, "every_tick", 28_000L));
    lag.add(40_000, Map.of("every_10s", 30_000L, "every_tick", 29_000L));
    JsonArray rules = lag.json(Map.of("every_10s", 10.0, "every_tick", 1.0));
    JsonObject coarse = rules.getJsonObject(0);
    JsonObject fine = rules.getJsonObject(1);
    assertEquals(10.0, coarse.getDouble("stepSeconds"), 1e-9);
    assertTrue(ResultTable.keepsUp(coarse), "its lag grew by 8 s, less than its step of 10 s and 2 s");
    assertFalse(ResultTable.keepsUp(fine), "its lag grew by 9 s against a step of 1 s");
    assertEquals(0.0, lag.json(Map.of()).getJsonObject(0).getDouble("stepSeconds"), 1e-9,
      "a rule whose step the detector did not give is judged as evaluated every tick");
  }

  @Test
  @DisplayName("a rule not yet in the progress table has no row")
  void onlyRulesWithProgress() {
    DetectorLag lag = new DetectorLag();
    lag.add(10_000, Map.of());
    assertEquals(0, lag.json(Map.of()).size());
  }
}
