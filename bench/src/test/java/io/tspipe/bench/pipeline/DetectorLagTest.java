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
    JsonArray rules = lag.json();
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
  @DisplayName("a rule not yet in the progress table has no row")
  void onlyRulesWithProgress() {
    DetectorLag lag = new DetectorLag();
    lag.add(10_000, Map.of());
    assertEquals(0, lag.json().size());
  }
}
