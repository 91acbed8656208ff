package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTableTest {

  private static JsonObject score(int targets, int found, int detections, int trueDetections, Long p50, Long p95) {
    return new JsonObject().put("detections", detections).put("trueDetections", trueDetections)
      .put("targets", targets).put("targetsFound", found).put("recall", targets == 0 ? null : (double) found / targets)
      .put("precision", detections == 0 ? null : (double) trueDetections / detections)
      .put("timeToDetectP50Ms", p50).put("timeToDetectP95Ms", p95)
      .put("windows", 1).put("windowsCaught", found > 0 ? 1 : 0);
  }

  private static JsonObject step(double intensity, JsonObject stuffing, JsonObject spam) {
    JsonObject ipRule = new JsonObject().put("rule", "ip_login_failures").put("mode", "live").put("entityLevel", true)
      .put("scenarios", new JsonObject().put("credential_stuffing", stuffing).put("spam_wave", score(5, 0, 0, 0, null,
        null)));
    return new JsonObject().put("intensity", intensity)
      .put("rounds", new JsonArray().add(new JsonArray().add("credential_stuffing").add("spam_wave")))
      .put("anyLiveRule", new JsonObject()
        .put("credential_stuffing", stuffing.copy().put("kinds", new JsonArray().add("ip").add("user")))
        .put("spam_wave", spam.copy().put("kinds", new JsonArray().add("ip").add("user"))))
      .put("rules", new JsonArray().add(ipRule));
  }

  private static JsonObject sweep(double calmHours, int calmFalse) {
    return new JsonObject().put("ratePerSecond", 2_000).put("scenarioSeconds", 60).put("settleSeconds", 70)
      .put("graceSeconds", 60).put("maxAttackShare", 0.5)
      .put("steps", new JsonArray()
        .add(step(0.01, score(50, 30, 30, 30, 6_000L, 14_000L), score(45, 20, 20, 20, 4_000L, 9_000L)))
        .add(step(0.05, score(50, 48, 60, 57, 3_000L, 8_000L), score(45, 45, 60, 51, 4_000L, 12_300L))))
      .put("falseDetections", new JsonObject().put("calmHours", calmHours).put("hours", calmHours * 2)
        .put("live", new JsonObject().put("falseInCalm", calmFalse).put("falseDuringAttacks", 2))
        .put("rules", new JsonArray().add(new JsonObject().put("rule", "ip_login_failures").put("mode", "live")
          .put("falseDuringAttacks", 2).put("falseInCalm", calmFalse))));
  }

  @Test
  @DisplayName("each target is met or missed by how much, at 5% and at 1%, scenario by scenario")
  void reportsTargets() {
    String table = SweepTable.render(sweep(0.05, 0));
    assertTrue(table.matches("(?s).*5%\\s+credential_stuffing\\s+any live rule \\(ip, user\\)\\s+48/50\\s+0\\.96\\s+"
      + "0\\.95\\s+3\\.0 / 8\\.0.*"), table);
    assertTrue(table.matches("(?s).*\\n\\s+ip_login_failures\\s+48/50.*"), table);
    assertTrue(table.matches("(?s).*at 5%.*credential_stuffing\\s+recall 48/50 = 0\\.960 met; precision 57/60"
      + " = 0\\.950 met; p95 8\\.0 s met.*"), table);
    assertTrue(table.matches("(?s).*at 5%.*spam_wave\\s+recall 45/45 = 1\\.000 met; precision 51/60 = 0\\.850"
      + " MISSED by 0\\.050; p95 12\\.3 s MISSED by 2\\.3 s.*"), table);
    assertTrue(table.matches("(?s).*at 1%.*credential_stuffing\\s+recall 30/50 = 0\\.600 met.*spam_wave\\s+recall"
      + " 20/45 = 0\\.444 MISSED by 0\\.056.*"), table);
    assertFalse(table.matches("(?s).*ip_login_failures\\s+0/5\\s.*"),
      "a rule with no true detection in a scenario has no row there");
  }

  @Test
  @DisplayName("calm traffic: none in a few minutes shows nothing; a rate above the target is missed")
  void neverShowsTheCalmTargetMetOnMinutes() {
    assertTrue(SweepTable.render(sweep(0.05, 0)).contains("0 in 3.0 calm min = 0.0/h: not shown, too little calm time"
      + " (one would be 20.0/h)"));
    assertTrue(SweepTable.render(sweep(0.05, 2)).contains("2 in 3.0 calm min = 40.0/h: MISSED by 39.0/h"));
    assertTrue(SweepTable.render(sweep(2, 1)).contains("1 in 120.0 calm min = 0.5/h: met"));
    assertTrue(SweepTable.render(sweep(0.05, 2)).contains("4 in 6.0 min of the sweep = 40.0/h"));
  }

  @Test
  @DisplayName("intensities read as shares")
  void percents() {
    assertEquals("5%", SweepTable.percent(0.05));
    assertEquals("20%", SweepTable.percent(0.2));
    assertEquals("0.5%", SweepTable.percent(0.005));
    assertEquals("7%", SweepTable.percent(0.07));
  }
}
