package io.tspipe.web.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AttackIndicatorTest {

  private static final AttackIndicator INDICATOR = new AttackIndicator(20, 0.30);

  @Test
  void tooFewLoginsAreQuietAndNothingIsDividedByZero() {
    JsonObject verdict = INDICATOR.assess(0, 0, 0, new JsonArray());
    assertEquals("quiet", verdict.getString("status"));
    assertNull(verdict.getValue("loginFailureRate"));
    assertNull(verdict.getValue("topIpShare"));
    assertEquals("quiet", INDICATOR.assess(19, 19, 3, new JsonArray()).getString("status"));
  }

  @Test
  void theFailureRateDecidesWithTheIpsAsEvidence() {
    assertEquals("normal", INDICATOR.assess(100, 29, 20, new JsonArray()).getString("status"));
    JsonArray top = new JsonArray().add(new JsonObject().put("ip", "203.0.113.9").put("failures", 20))
      .add(new JsonObject().put("ip", "203.0.113.10").put("failures", 10));
    JsonObject attack = INDICATOR.assess(100, 60, 4, top);
    assertEquals("attack", attack.getString("status"));
    assertEquals(0.6, attack.getDouble("loginFailureRate"), 1e-9);
    assertEquals(0.5, attack.getDouble("topIpShare"), 1e-9);
    assertEquals(4, attack.getLong("failureIps"));
  }
}
