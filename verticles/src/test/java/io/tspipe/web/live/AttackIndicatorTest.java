package io.tspipe.web.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AttackIndicatorTest {

  private static final AttackIndicator INDICATOR = AttackIndicator.DEFAULT;
  private static final long NOW = 1_795_000_000_000L;

  @Test
  @DisplayName("an open live detection of the rule is an attack, with that detection as its evidence")
  void anOpenDetectionIsAnAttack() {
    JsonObject row = row(NOW - 1_000, 0, 3).put("open_surges", "1")
      .put("surge_id", "5d0c2f4e-8a61-4b8e-9d7a-0f3c2b1a9e77").put("surge_severity", "high")
      .put("surge_first_ms", NOW - 30_000).put("surge_opened_ms", NOW - 29_000).put("surge_last_ms", NOW - 3_000)
      .put("surge_evidence", "{\"features\":{\"logins\":80,\"failures\":40,\"failure_rate\":0.5},\"sampleEventIds\":[]}");
    // the detector far behind does not hide an open detection
    JsonObject attack = INDICATOR.assess(row.put("evaluated_ms", 0), NOW);
    assertEquals("attack", attack.getString("status"));
    assertEquals("5d0c2f4e-8a61-4b8e-9d7a-0f3c2b1a9e77", attack.getString("detectionId"));
    assertEquals("high", attack.getString("severity"));
    assertEquals(0.5, attack.getJsonObject("features").getDouble("failure_rate"), 1e-9);
    assertEquals(3, attack.getLong("openSevereDetections"));
    assertEquals("2026-11-18T11:06:10.000Z", attack.getString("firstSeen"));
  }

  @Test
  @DisplayName("no event stored for five minutes is quiet, whatever the detector's progress")
  void nothingStoredIsQuiet() {
    JsonObject quiet = INDICATOR.assess(row(0, 0, 0), NOW);
    assertEquals("quiet", quiet.getString("status"));
    assertNull(quiet.getValue("detectionId"));
    assertNull(quiet.getValue("features"));
    assertNull(quiet.getValue("evaluatedTo"));
  }

  @Test
  @DisplayName("a rule evaluated more than a minute behind the newest event, or never, is the detector behind")
  void aLaggingDetectorIsBehind() {
    assertEquals("detector_behind", INDICATOR.assess(row(0, NOW - 2_000, 0), NOW).getString("status"));
    assertEquals("detector_behind", INDICATOR.assess(row(NOW - 62_001, NOW - 2_000, 0), NOW).getString("status"));
    assertEquals("normal", INDICATOR.assess(row(NOW - 61_000, NOW - 2_000, 0), NOW).getString("status"));
    // an event stamped in the future is measured from now
    assertEquals("normal", INDICATOR.assess(row(NOW - 59_000, NOW + 3_600_000, 0), NOW).getString("status"));
  }

  @Test
  @DisplayName("the live window's login numbers ride along, nothing divided by zero")
  void windowNumbersRideAlong() {
    JsonArray top = new JsonArray().add(new JsonObject().put("ip", "203.0.113.9").put("failures", 20))
      .add(new JsonObject().put("ip", "203.0.113.10").put("failures", 10));
    JsonObject attack = AttackIndicator.withWindow(new JsonObject(), 100, 60, 4, top);
    assertEquals(0.6, attack.getDouble("loginFailureRate"), 1e-9);
    assertEquals(0.5, attack.getDouble("topIpShare"), 1e-9);
    JsonObject none = AttackIndicator.withWindow(new JsonObject(), 0, 0, 0, new JsonArray());
    assertNull(none.getValue("loginFailureRate"));
    assertNull(none.getValue("topIpShare"));
  }

  @Test
  @DisplayName("stored evidence that is not a JSON object gives empty features, not a failure")
  void badEvidenceIsEmpty() {
    JsonObject row = row(NOW - 1_000, NOW - 1_000, 1).put("open_surges", 1).put("surge_id", "x")
      .put("surge_severity", "high").put("surge_first_ms", NOW).put("surge_opened_ms", NOW).put("surge_last_ms", NOW)
      .put("surge_evidence", "[1, 2");
    assertEquals(new JsonObject(), INDICATOR.assess(row, NOW).getJsonObject("features"));
  }

  private static JsonObject row(long evaluatedMs, long newestMs, long openSevere) {
    return new JsonObject().put("open_severe", openSevere).put("open_surges", 0).put("surge_id", "")
      .put("surge_severity", "").put("surge_first_ms", 0).put("surge_opened_ms", 0).put("surge_last_ms", 0)
      .put("surge_evidence", "").put("evaluated_ms", Long.toString(evaluatedMs)).put("newest_ms", newestMs);
  }
}
