package io.tspipe.bench.pipeline;

import io.tspipe.bench.streams.SpikeDetection;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpikeScoreTest {

  private static SpikeDetection detection(String ip, long windowStartMs, long triggerEventMs) {
    return new SpikeDetection(ip, windowStartMs, windowStartMs + 120_000, 5, 5, triggerEventMs, triggerEventMs + 1);
  }

  @Test
  @DisplayName("time to detect runs from an attacker's first event to its first detection readable, split in two")
  void timeToDetect() {
    List<SpikeScore.Attacker> attackers = List.of(new SpikeScore.Attacker("203.0.113.1", "brute_force", 10_000),
      new SpikeScore.Attacker("203.0.113.2", "brute_force", 20_000),
      new SpikeScore.Attacker("198.51.100.1", "credential_stuffing", 10_000));
    List<SpikeScore.Emitted> emitted = List.of(
      new SpikeScore.Emitted(detection("203.0.113.1", 0, 10_400), 10_900),
      new SpikeScore.Emitted(detection("203.0.113.1", 1_000, 10_400), 10_950),
      new SpikeScore.Emitted(detection("203.0.113.2", 0, 5_000), 5_100),
      new SpikeScore.Emitted(detection("203.0.113.2", 0, 23_000), 23_500),
      new SpikeScore.Emitted(detection("192.0.2.9", 0, 9_000), 9_200));
    JsonObject score = SpikeScore.timeToDetect(attackers, emitted);
    JsonObject bruteForce = score.getJsonObject("scenarios").getJsonObject("brute_force");
    assertEquals(2, bruteForce.getInteger("attackers"));
    assertEquals(2, bruteForce.getInteger("detected"), "a detection before the run does not count for it");
    assertEquals(900.0, bruteForce.getJsonObject("timeToDetect").getDouble("p50Ms"));
    assertEquals(3_500.0, bruteForce.getJsonObject("timeToDetect").getDouble("maxMs"));
    assertEquals(400.0, bruteForce.getJsonObject("evidence").getDouble("p50Ms"));
    assertEquals(500.0, bruteForce.getJsonObject("processing").getDouble("p50Ms"));
    JsonObject stuffing = score.getJsonObject("scenarios").getJsonObject("credential_stuffing");
    assertEquals(0, stuffing.getInteger("detected"));
    assertEquals(0, stuffing.getJsonObject("timeToDetect").getInteger("count"));
    assertEquals(1, score.getInteger("otherAddressesDetected"));
    assertEquals("192.0.2.9", score.getJsonArray("otherAddressesSample").getJsonObject(0).getString("ip"));
  }

  @Test
  @DisplayName("a replay is the same when it detects the same (address, window) pairs, whatever the repeats")
  void replayComparesWindows() {
    List<SpikeDetection> run = List.of(detection("203.0.113.1", 0, 1), detection("203.0.113.1", 1_000, 1),
      detection("203.0.113.1", 1_000, 1));
    assertTrue(SpikeScore.replay(run, List.of(detection("203.0.113.1", 1_000, 2), detection("203.0.113.1", 0, 3)))
      .getBoolean("same"));
    JsonObject differs = SpikeScore.replay(run, List.of(detection("203.0.113.1", 0, 1), detection("192.0.2.9", 0, 1)));
    assertFalse(differs.getBoolean("same"));
    assertEquals(2, differs.getInteger("run"));
    assertEquals(1, differs.getInteger("both"));
    assertEquals(1, differs.getInteger("onlyRun"));
    assertEquals(1, differs.getInteger("onlyReplay"));
    assertEquals(2, differs.getInteger("addressesDiffering"));
    assertEquals(1_000, differs.getJsonArray("onlyRunSample").getJsonObject(0).getLong("windowStartMs"));
  }
}
