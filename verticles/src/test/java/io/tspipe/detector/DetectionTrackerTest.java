package io.tspipe.detector;

import io.tspipe.detection.Detection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectionTrackerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  /** The wall time of the evaluations: when a detection opened is detected. */
  private static final Instant NOW = T0.plusSeconds(3);
  private static final Rule RULE = RuleLoader.load("r.yaml", """
    - name: ip_login_failures
      description: One address failing many logins.
      severity: high
      entity: ip
      window: 2m
      features:
        failures: count(not success)
      condition: failures >= 5
      escalate:
        labels: [bad]
        severity: critical
    """, "db").rules().get(0);

  private static DetectionTracker.Match match(String ip, double failures, int lastSeenSecond, boolean escalated) {
    return new DetectionTracker.Match(ip, Map.of("failures", failures), T0.minusSeconds(30),
      T0.plusSeconds(lastSeenSecond), List.of("e1"), escalated);
  }

  @Test
  @DisplayName("an entity meeting the condition opens one detection, updated at most every interval, resolved when it stops")
  void lifecycle() {
    DetectionTracker tracker = new DetectionTracker(Duration.ofSeconds(10));
    List<Detection> opened = tracker.evaluate(RULE, T0, List.of(match("1.2.3.4", 5, 0, false)), NOW);
    assertEquals(1, opened.size());
    Detection first = opened.get(0);
    assertEquals(Detection.State.OPEN, first.state());
    assertEquals(Detection.idOf("ip_login_failures", first.kind(), "1.2.3.4", T0), first.detectionId());
    assertEquals(T0.minusSeconds(30), first.firstSeen());
    assertEquals(NOW, first.detectedAt());

    assertEquals(List.of(), tracker.evaluate(RULE, T0.plusSeconds(1), List.of(match("1.2.3.4", 6, 1, false)), NOW),
      "not recorded again within the interval");
    List<Detection> updated = tracker.evaluate(RULE, T0.plusSeconds(10), List.of(match("1.2.3.4", 9, 10, false)),
      NOW.plusSeconds(10));
    assertEquals(1, updated.size());
    assertEquals(NOW, updated.get(0).detectedAt(), "detected when first recorded, whenever updated");
    assertEquals(first.detectionId(), updated.get(0).detectionId());
    assertEquals(T0.plusSeconds(10), updated.get(0).lastSeen());
    assertEquals(9.0, updated.get(0).evidence().getJsonObject("features").getDouble("failures"));

    List<Detection> resolved = tracker.evaluate(RULE, T0.plusSeconds(11), List.of(), NOW);
    assertEquals(1, resolved.size());
    assertEquals(Detection.State.RESOLVED, resolved.get(0).state());
    assertEquals(T0.plusSeconds(11), resolved.get(0).resolvedAt());
    assertEquals(first.detectionId(), resolved.get(0).detectionId());

    List<Detection> again = tracker.evaluate(RULE, T0.plusSeconds(20), List.of(match("1.2.3.4", 5, 20, false)), NOW);
    assertTrue(!again.get(0).detectionId().equals(first.detectionId()), "a later episode is a new detection");
  }

  @Test
  @DisplayName("a detection taken over after a restart is updated or resolved, never opened again")
  void resumed() {
    DetectionTracker before = new DetectionTracker(Duration.ofSeconds(10));
    Detection open = before.evaluate(RULE, T0, List.of(match("1.2.3.4", 5, 0, false)), NOW).get(0);
    DetectionTracker after = new DetectionTracker(Duration.ofSeconds(10));
    after.resume(open);
    List<Detection> changes = after.evaluate(RULE, T0.plusSeconds(30), List.of(match("1.2.3.4", 7, 30, false)), NOW);
    assertEquals(1, changes.size());
    assertEquals(open.detectionId(), changes.get(0).detectionId());
    assertEquals(T0, changes.get(0).openedAt());
    assertNull(changes.get(0).resolvedAt());
  }

  @Test
  @DisplayName("an escalating label raises the severity at once, and the same ticks replayed give the same states")
  void escalationAndReplay() {
    DetectionTracker tracker = new DetectionTracker(Duration.ofSeconds(10));
    assertEquals("high", tracker.evaluate(RULE, T0, List.of(match("1.2.3.4", 5, 0, false)), NOW).get(0).severity());
    List<Detection> raised = tracker.evaluate(RULE, T0.plusSeconds(1), List.of(match("1.2.3.4", 5, 1, true)), NOW);
    assertEquals("critical", raised.get(0).severity(), "recorded before the interval because the severity changed");

    DetectionTracker replay = new DetectionTracker(Duration.ofSeconds(10));
    DetectionTracker again = new DetectionTracker(Duration.ofSeconds(10));
    for (int second = 0; second < 40; second++) {
      List<DetectionTracker.Match> matches = second % 15 < 10 ? List.of(match("1.2.3.4", 5 + second, second, false))
        : List.of();
      assertEquals(replay.evaluate(RULE, T0.plusSeconds(second), matches, NOW),
        again.evaluate(RULE, T0.plusSeconds(second), matches, NOW));
    }
  }
}
