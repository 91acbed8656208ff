package io.tspipe.bench.pipeline;

import io.tspipe.scoring.Scorer;
import io.tspipe.scoring.StoredPeriod;
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
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A stuffing window 10:01–10:02 with three attacking addresses and a takeover of one account, scored 10:00–10:10 with
 * a grace of a minute: two live rules on addresses, a shadow one, and a live rule on accounts.
 */
class SweepScoreTest {

  private static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant TO = FROM.plus(Duration.ofMinutes(10));
  private static final UUID STUFFING = UUID.nameUUIDFromBytes("stuffing".getBytes());
  private static final UUID TAKEOVER = UUID.nameUUIDFromBytes("takeover".getBytes());

  private static Instant at(int seconds) {
    return FROM.plusSeconds(seconds);
  }

  private static StoredPeriod period(List<Scorer.Detection> detections) {
    List<AttackWindow> windows = List.of(
      new AttackWindow(STUFFING, "credential_stuffing", new JsonObject(), at(60), at(120), AttackWindow.Trigger.FORCED),
      new AttackWindow(TAKEOVER, "account_takeover", new JsonObject(), at(60), at(70), AttackWindow.Trigger.FORCED));
    List<AttackEntity> entities = List.of(
      new AttackEntity(STUFFING, AttackEntity.Kind.IP, "a", AttackEntity.Role.ATTACKER, at(60)),
      new AttackEntity(STUFFING, AttackEntity.Kind.IP, "b", AttackEntity.Role.ATTACKER, at(62)),
      new AttackEntity(STUFFING, AttackEntity.Kind.IP, "c", AttackEntity.Role.ATTACKER, at(64)),
      new AttackEntity(TAKEOVER, AttackEntity.Kind.IP, "t", AttackEntity.Role.ATTACKER, at(60)),
      new AttackEntity(TAKEOVER, AttackEntity.Kind.USER, "victim", AttackEntity.Role.VICTIM, at(60)));
    List<Scorer.Rule> rules = List.of(new Scorer.Rule("ip_one", "ip", "live", null),
      new Scorer.Rule("ip_two", "ip", "live", null), new Scorer.Rule("ip_shadow", "ip", "shadow", null),
      new Scorer.Rule("user_rule", "user", "live", null), new Scorer.Rule("surge", "stream", "live", null));
    return new StoredPeriod(FROM, TO, Duration.ofMinutes(1), rules, windows, entities, detections);
  }

  private static Scorer.Detection detection(String rule, String kind, String entity, int second) {
    return new Scorer.Detection(rule, kind, entity, at(second));
  }

  @Test
  @DisplayName("any live rule: a target found by either live rule counts once, at its first; a shadow rule's does not")
  void poolsTheLiveRulesOfAKind() {
    StoredPeriod period = period(List.of(detection("ip_one", "ip", "a", 70), detection("ip_two", "ip", "a", 65),
      detection("ip_two", "ip", "b", 72), detection("ip_shadow", "ip", "c", 66),
      detection("user_rule", "user", "victim", 68), detection("surge", "stream", "*", 75)));
    JsonObject pooled = SweepScore.anyLiveRule(period, period.score());
    JsonObject stuffing = pooled.getJsonObject("credential_stuffing");
    assertEquals(3, stuffing.getInteger("targets"));
    assertEquals(2, stuffing.getInteger("targetsFound"));
    assertEquals(3, stuffing.getInteger("detections"));
    assertEquals(5_000L, stuffing.getLong("timeToDetectP50Ms"), "a at 5 s by ip_two, b at 10 s");
    assertEquals(List.of("ip", "user"), stuffing.getJsonArray("kinds").getList());
    assertNull(stuffing.getValue("windowRecall"));
    assertEquals("ip_two", stuffing.getJsonObject("bestLiveRule").getString("rule"));
    JsonObject takeover = pooled.getJsonObject("account_takeover");
    assertEquals(2, takeover.getInteger("targets"), "its address and the account taken over");
    assertEquals(1, takeover.getInteger("targetsFound"));
    assertEquals(1.0, takeover.getJsonObject("byKind").getJsonObject("user").getDouble("recall"));
    assertEquals(List.of("credential_stuffing", "account_takeover"), List.copyOf(pooled.fieldNames()),
      "the sweep's order of scenarios");
  }

  @Test
  @DisplayName("false detections per rule: during the attacks' spans and in calm time, the live rules added up")
  void countsFalseDetections() {
    StoredPeriod period = period(List.of(detection("ip_one", "ip", "calm-1", 30),
      detection("ip_one", "ip", "calm-2", 100), detection("ip_one", "ip", "a", 70),
      detection("ip_shadow", "ip", "calm-3", 400)));
    JsonObject falseDetections = SweepScore.falseDetections(period, period.score());
    JsonObject ipOne = falseDetections.getJsonArray("rules").stream().map(JsonObject.class::cast)
      .filter(rule -> rule.getString("rule").equals("ip_one")).findFirst().orElseThrow();
    assertEquals(1, ipOne.getInteger("falseDuringAttacks"));
    assertEquals(1, ipOne.getInteger("falseInCalm"));
    assertEquals(7.5, ipOne.getDouble("falsePerCalmHour"), 1e-9, "one in the 8 calm minutes");
    assertEquals(0.1667, falseDetections.getDouble("hours"), 1e-9);
    JsonObject live = falseDetections.getJsonObject("live");
    assertEquals(1, live.getInteger("falseInCalm"), "the shadow rule's is its own");
    assertEquals(1, live.getInteger("falseDuringAttacks"));
  }

  @Test
  @DisplayName("scores of the same windows added: counts summed, times pooled, no windows")
  void addsScores() {
    Scorer.Score sum = Scorer.Score.sum(List.of(
      new Scorer.Score(2, 2, 3, 2, 1, 1, List.of(Duration.ofSeconds(4), Duration.ofSeconds(6))),
      new Scorer.Score(1, 0, 1, 0, 1, 0, List.of())));
    assertEquals(3, sum.detections());
    assertEquals(4, sum.targets());
    assertEquals(0.5, sum.recall());
    assertEquals(Duration.ofSeconds(6), sum.timeToDetect(0.95));
    assertEquals(0, sum.windows());
  }
}
