package io.tspipe.scoring;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small hand-built cases with known answers. A window of brute force runs 10:10–10:20, scored 10:00–12:00. */
class ScorerTest {

  private static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant TO = FROM.plus(Duration.ofHours(2));
  private static final Duration GRACE = Duration.ofMinutes(1);
  private static final UUID BRUTE = UUID.nameUUIDFromBytes("brute".getBytes());
  private static final UUID TAKEOVER = UUID.nameUUIDFromBytes("takeover".getBytes());

  private static Instant at(int minutes, int seconds) {
    return FROM.plusSeconds(minutes * 60L + seconds);
  }

  private static AttackWindow window(UUID id, String scenario, Instant start, Instant end) {
    return new AttackWindow(id, scenario, new JsonObject(), start, end, AttackWindow.Trigger.FORCED);
  }

  private static final List<AttackWindow> WINDOWS = List.of(window(BRUTE, "brute_force", at(10, 0), at(20, 0)));
  private static final List<AttackEntity> ENTITIES = List.of(
    new AttackEntity(BRUTE, AttackEntity.Kind.IP, "203.0.113.1", AttackEntity.Role.ATTACKER, at(10, 0)),
    new AttackEntity(BRUTE, AttackEntity.Kind.IP, "203.0.113.2", AttackEntity.Role.ATTACKER, at(12, 0)),
    new AttackEntity(BRUTE, AttackEntity.Kind.USER, "victim-1", AttackEntity.Role.VICTIM, at(10, 0)));

  private static final Scorer.Rule IP_RULE = new Scorer.Rule("ip_rule", "ip", "live", null);
  private static final Scorer.Rule USER_RULE = new Scorer.Rule("user_rule", "user", "live", null);

  private static Scorer.Detection ip(String address, Instant detectedAt) {
    return new Scorer.Detection("ip_rule", "ip", address, detectedAt);
  }

  private static Scorer.RuleScore only(List<Scorer.Detection> detections) {
    List<Scorer.RuleScore> scores = Scorer.score(List.of(IP_RULE), WINDOWS, ENTITIES, detections, FROM, TO, GRACE);
    assertEquals(1, scores.size());
    return scores.get(0);
  }

  @Test
  @DisplayName("a detection before the window is false, even on an entity that attacks later")
  void beforeTheWindow() {
    Scorer.Score score = only(List.of(ip("203.0.113.1", at(9, 0)))).overall();
    assertEquals(0, score.trueDetections());
    assertEquals(0, score.targetsFound());
    assertEquals(1, score.detections());
  }

  @Test
  @DisplayName("late within the grace is true and times from the first attack event; after the grace it is false")
  void lateWithinAndAfterTheGrace() {
    Scorer.Score within = only(List.of(ip("203.0.113.1", at(20, 30)))).overall();
    assertEquals(1, within.trueDetections());
    assertEquals(Duration.ofSeconds(630), within.timeToDetect(0.5));
    Scorer.Score after = only(List.of(ip("203.0.113.1", at(21, 30)))).overall();
    assertEquals(0, after.trueDetections());
    assertEquals(0, after.targetsFound());
  }

  @Test
  @DisplayName("an entity detected twice counts once in recall, from its first detection; both detections are true")
  void detectedTwice() {
    Scorer.Score score = only(List.of(ip("203.0.113.1", at(15, 0)), ip("203.0.113.1", at(10, 8)))).overall();
    assertEquals(2, score.detections());
    assertEquals(2, score.trueDetections());
    assertEquals(2, score.targets());
    assertEquals(1, score.targetsFound());
    assertEquals(List.of(Duration.ofSeconds(8)), score.timesToDetect());
    assertEquals(0.5, score.recall());
    assertEquals(1.0, score.windowRecall(), "the window is caught through the one address, entity recall stays 0.5");
  }

  @Test
  @DisplayName("a victim is rightly named but not a target; an account taken over is a target")
  void victimVersusAttacker() {
    Scorer.Detection account = new Scorer.Detection("user_rule", "user", "victim-1", at(11, 0));
    Scorer.Score brute = Scorer.score(List.of(USER_RULE), WINDOWS, ENTITIES, List.of(account), FROM, TO, GRACE).get(0)
      .overall();
    assertEquals(1, brute.trueDetections());
    assertEquals(0, brute.targets(), "a brute-forced account is not what a detector must find");

    List<AttackWindow> windows = List.of(window(TAKEOVER, "account_takeover", at(30, 0), at(35, 0)));
    List<AttackEntity> entities = List.of(
      new AttackEntity(TAKEOVER, AttackEntity.Kind.USER, "victim-2", AttackEntity.Role.VICTIM, at(30, 0)));
    Scorer.Score takeover = Scorer.score(List.of(USER_RULE), windows, entities, List.of(new Scorer.Detection("user_rule",
      "user", "victim-2", at(30, 5))), FROM, TO, GRACE).get(0).byScenario().get("account_takeover");
    assertEquals(1, takeover.targets());
    assertEquals(1, takeover.targetsFound());
    assertEquals(Duration.ofSeconds(5), takeover.timeToDetect(0.95));
  }

  @Test
  @DisplayName("an account taken over while another attack names it as a victim is found for the takeover")
  void takenOverAndVictimOfAConcurrentAttack() {
    // brute force (10:10–10:20) tried victim-1; a takeover running meanwhile takes it over
    List<AttackWindow> windows = List.of(WINDOWS.get(0), window(TAKEOVER, "account_takeover", at(11, 0), at(16, 0)));
    List<AttackEntity> entities = List.of(ENTITIES.get(2),
      new AttackEntity(TAKEOVER, AttackEntity.Kind.USER, "victim-1", AttackEntity.Role.VICTIM, at(12, 0)));
    Scorer.Detection detection = new Scorer.Detection("user_rule", "user", "victim-1", at(12, 4));
    Scorer.RuleScore score = Scorer.score(List.of(USER_RULE), windows, entities, List.of(detection), FROM, TO, GRACE)
      .get(0);
    Scorer.Score takeover = score.byScenario().get("account_takeover");
    assertEquals(1, takeover.targets());
    assertEquals(1, takeover.targetsFound());
    assertEquals(Duration.ofSeconds(4), takeover.timeToDetect(0.5));
    assertEquals(1, takeover.trueDetections());
    assertEquals(1, score.byScenario().get("brute_force").trueDetections(), "rightly named there too");
    assertEquals(1, score.overall().detections(), "one detection, counted once overall");
    assertEquals(1, score.overall().trueDetections());
    assertEquals("account_takeover", Scorer.judge(detection, true, windows, entities, TO, GRACE).orElseThrow().scenario(),
      "judged by the window where it is a target");
  }

  @Test
  @DisplayName("calm traffic: a detection outside every window counts per calm hour, and against the rule's precision")
  void calmTraffic() {
    Scorer.RuleScore score = only(List.of(ip("198.51.100.9", at(50, 0)), ip("203.0.113.2", at(13, 0))));
    // 2 h less the window's 11 min span
    assertEquals(109 / 60.0, Scorer.calmHours(WINDOWS, FROM, TO, GRACE), 1e-9);
    assertEquals(1 / (109 / 60.0), score.falsePerCalmHour(), 1e-9);
    assertEquals(0.5, score.overall().precision());
    assertEquals(1.0, score.byScenario().get("brute_force").precision(), "the false one was made in calm time");
  }

  @Test
  @DisplayName("a false detection made while a scenario runs counts against that scenario's precision")
  void falseDuringAScenario() {
    Scorer.Score score = only(List.of(ip("198.51.100.9", at(15, 0)), ip("203.0.113.2", at(13, 0))))
      .byScenario().get("brute_force");
    assertEquals(2, score.detections());
    assertEquals(1, score.trueDetections());
    assertEquals(0.0, only(List.of(ip("198.51.100.9", at(15, 0)))).falsePerCalmHour(),
      "made while the scenario ran, it is not a false detection of calm time");
  }

  @Test
  @DisplayName("a rule that detected nothing is scored too: its targets all missed")
  void silentRule() {
    Scorer.RuleScore score = only(List.of());
    assertEquals("ip_rule", score.rule().name());
    assertEquals(0, score.overall().detections());
    assertEquals(2, score.overall().targets());
    assertEquals(0.0, score.overall().recall());
    assertTrue(Double.isNaN(score.overall().precision()), "no detection, no precision");
  }

  @Test
  @DisplayName("a rule on the whole stream is judged by window: true within a span, timed from the window's start")
  void windowLevelRule() {
    Scorer.Rule stream = new Scorer.Rule("stream_rule", "stream", "live", null);
    List<Scorer.Detection> detections = List.of(new Scorer.Detection("stream_rule", "stream", "*", at(10, 20)),
      new Scorer.Detection("stream_rule", "stream", "*", at(40, 0)));
    Scorer.RuleScore score = Scorer.score(List.of(stream), WINDOWS, ENTITIES, detections, FROM, TO, GRACE).get(0);
    assertEquals(1, score.overall().trueDetections());
    assertEquals(0, score.overall().targets(), "no entity recall for a kind the truth does not name");
    assertEquals(1.0, score.overall().windowRecall());
    assertEquals(Duration.ofSeconds(20), score.overall().timeToDetect(0.5));
    assertEquals(1, score.calmFalseDetections());
  }
}
