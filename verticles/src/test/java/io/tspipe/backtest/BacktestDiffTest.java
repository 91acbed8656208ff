package io.tspipe.backtest;

import io.tspipe.scoring.Scorer;
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

/** The diff of a candidate against live, on a brute-force window 10:10–10:20 with two attacking addresses. */
class BacktestDiffTest {

  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  private static final UUID WINDOW = UUID.nameUUIDFromBytes("w".getBytes());
  private static final List<AttackWindow> WINDOWS = List.of(new AttackWindow(WINDOW, "brute_force", new JsonObject(),
    AT.plusSeconds(600), AT.plusSeconds(1200), AttackWindow.Trigger.FORCED));
  private static final List<AttackEntity> ENTITIES = List.of(
    new AttackEntity(WINDOW, AttackEntity.Kind.IP, "203.0.113.1", AttackEntity.Role.ATTACKER, AT.plusSeconds(600)),
    new AttackEntity(WINDOW, AttackEntity.Kind.IP, "203.0.113.2", AttackEntity.Role.ATTACKER, AT.plusSeconds(600)));

  private static Scorer.Detection ip(String rule, String address, int second) {
    return new Scorer.Detection(rule, "ip", address, AT.plusSeconds(second));
  }

  private static List<BacktestDiff.RuleDiff> diff(Scorer.Rule candidate, List<Scorer.Detection> replayed,
                                                  List<Scorer.Detection> live) {
    return BacktestDiff.diff(List.of(candidate), replayed, live, WINDOWS, ENTITIES, AT.plusSeconds(3600),
      Duration.ofMinutes(1));
  }

  @Test
  @DisplayName("a stricter rule loses an attacker the live rule found: a lost true detection; one found by both is no change")
  void lostTrue() {
    BacktestDiff.RuleDiff diff = diff(new Scorer.Rule("r", "ip", "live", null),
      List.of(ip("r", "203.0.113.1", 650)),
      List.of(ip("r", "203.0.113.1", 640), ip("r", "203.0.113.2", 660))).get(0);
    assertEquals(List.of(), diff.gained());
    assertEquals(1, diff.lost().size());
    assertEquals("203.0.113.2", diff.lost().get(0).entity());
    assertEquals(1, diff.lostTrue());
    assertEquals("brute_force", diff.lost().get(0).scenario());
  }

  @Test
  @DisplayName("a looser rule gains a calm-time address, judged false; the live rule of another name is not compared")
  void gainedFalse() {
    BacktestDiff.RuleDiff diff = diff(new Scorer.Rule("r", "ip", "live", null),
      List.of(ip("r", "198.51.100.7", 100), ip("r", "203.0.113.1", 650)),
      List.of(ip("r", "203.0.113.1", 640), ip("other", "198.51.100.7", 100))).get(0);
    assertEquals(1, diff.gained().size());
    assertEquals(0, diff.gainedTrue());
    assertEquals(List.of(), diff.lost());
  }

  @Test
  @DisplayName("a shadow rule is compared with the rule it replaces")
  void shadowAgainstTheRuleItReplaces() {
    BacktestDiff.RuleDiff diff = diff(new Scorer.Rule("r_v2", "ip", "shadow", "r"),
      List.of(ip("r_v2", "203.0.113.1", 650), ip("r_v2", "203.0.113.2", 655)),
      List.of(ip("r", "203.0.113.1", 640))).get(0);
    assertEquals("r", diff.against());
    assertEquals(1, diff.gainedTrue());
    assertEquals(List.of(), diff.lost());
  }
}
