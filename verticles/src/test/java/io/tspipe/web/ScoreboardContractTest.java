package io.tspipe.web;

import io.tspipe.scoring.ScoreJson;
import io.tspipe.scoring.Scorer;
import io.tspipe.scoring.StoredPeriod;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoreboard's JSON form ({@link ScoreJson#scoreboard}) against the contract's answer of
 * {@code scoreDetections}, whose schemas require every field they list and allow no other: hand-built periods with a
 * live rule and its shadow, a rule on the stream judged by window, a rule with detections but no progress, ratios
 * with nothing to count, a window still running, and no window at all.
 */
@ExtendWith(VertxExtension.class)
class ScoreboardContractTest {

  private static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant TO = FROM.plus(Duration.ofHours(2));
  private static final UUID BRUTE = UUID.nameUUIDFromBytes("brute".getBytes());
  private static final UUID STUFFING = UUID.nameUUIDFromBytes("stuffing".getBytes());

  private static ApiContract contract;
  private static Validator scoreboard;

  @BeforeAll
  static void load(Vertx vertx, VertxTestContext testContext) {
    ApiContract.load(vertx).onComplete(testContext.succeeding(loaded -> {
      contract = loaded;
      scoreboard = contract.openApi().getSchemaRepository().validator(contract.openApi().operation("scoreDetections")
        .getResponse(200).getContent().get("application/json").getSchema());
      testContext.completeNow();
    }));
  }

  private static Instant at(int minutes) {
    return FROM.plusSeconds(minutes * 60L);
  }

  private static StoredPeriod busy() {
    List<Scorer.Rule> rules = List.of(
      new Scorer.Rule("ip_login_failures", "ip", "live", null),
      new Scorer.Rule("ip_login_failures_strict", "ip", "shadow", "ip_login_failures"),
      new Scorer.Rule("login_failure_surge", "stream", "live", null),
      new Scorer.Rule("account_targeted", "user", "live", null));
    List<AttackWindow> windows = List.of(
      new AttackWindow(BRUTE, "brute_force", new JsonObject(), at(10), at(20), AttackWindow.Trigger.FORCED),
      new AttackWindow(STUFFING, "credential_stuffing", new JsonObject(), at(100), null, AttackWindow.Trigger.AUTO));
    List<AttackEntity> entities = List.of(
      new AttackEntity(BRUTE, AttackEntity.Kind.IP, "203.0.113.1", AttackEntity.Role.ATTACKER, at(10)),
      new AttackEntity(BRUTE, AttackEntity.Kind.USER, "6f1c5a8e-7a51-4c2e-9b8e-5d1f6a2b7c90",
        AttackEntity.Role.VICTIM, at(10)),
      new AttackEntity(STUFFING, AttackEntity.Kind.IP, "203.0.113.9", AttackEntity.Role.ATTACKER, at(100)));
    List<Scorer.Detection> detections = List.of(
      new Scorer.Detection("ip_login_failures", "ip", "203.0.113.1", at(11)),
      new Scorer.Detection("ip_login_failures", "ip", "198.51.100.7", at(50)),
      new Scorer.Detection("ip_login_failures_strict", "ip", "203.0.113.9", at(101)),
      new Scorer.Detection("login_failure_surge", "stream", "*", at(12)),
      new Scorer.Detection("retired_rule", "asn", "15169", at(60)));
    return new StoredPeriod(FROM, TO, Duration.ofMinutes(1), rules, windows, entities, detections);
  }

  private static void assertValid(JsonObject answer) {
    // as it goes over the wire
    OutputUnit result = scoreboard.validate(new JsonObject(answer.encode()));
    assertTrue(Boolean.TRUE.equals(result.getValid()), () -> result.getErrors() + "\n" + answer.encodePrettily());
  }

  @Test
  @DisplayName("a busy period's scoreboard, every kind of rule and window in it, is what the contract describes")
  void aBusyPeriodMatchesTheSchema() {
    JsonObject answer = ScoreJson.scoreboard(busy(), 12);
    assertValid(answer);
    JsonArray rules = answer.getJsonArray("rules");
    assertEquals(List.of("account_targeted", "ip_login_failures", "ip_login_failures_strict", "login_failure_surge",
      "retired_rule"), rules.stream().map(rule -> ((JsonObject) rule).getString("rule")).toList());
    JsonObject retired = rules.getJsonObject(4);
    assertNull(retired.getValue("mode"), "a rule with detections but no progress has no known mode");
    assertNull(retired.getJsonObject("overall").getValue("recall"), "nothing to count is null, never NaN");
    assertEquals("ip_login_failures", rules.getJsonObject(2).getString("replaces"));
    assertEquals(12, answer.getJsonArray("trend").size());
  }

  @Test
  @DisplayName("a period with no window, and a trend of one slice, match the schema too")
  void aCalmPeriodMatchesTheSchema() {
    StoredPeriod calm = new StoredPeriod(FROM, TO, Duration.ZERO,
      List.of(new Scorer.Rule("ip_login_failures", "ip", "live", null)), List.of(), List.of(),
      List.of(new Scorer.Detection("ip_login_failures", "ip", "198.51.100.7", at(5))));
    JsonObject answer = ScoreJson.scoreboard(calm, 1);
    assertValid(answer);
    assertEquals(new JsonObject(), answer.getJsonObject("period").getJsonObject("windows"));
    assertEquals(new JsonObject(), answer.getJsonArray("rules").getJsonObject(0).getJsonObject("scenarios"));
  }

  @Test
  @DisplayName("the schema bites: a field left out, one added or a NaN written as a string is refused")
  void theSchemaRefusesAnotherShape() {
    JsonObject answer = ScoreJson.scoreboard(busy(), 2);
    JsonObject missing = answer.copy();
    missing.getJsonArray("rules").getJsonObject(0).getJsonObject("overall").remove("recall");
    JsonObject added = answer.copy();
    added.getJsonArray("rules").getJsonObject(1).put("f1", 0.5);
    JsonObject notANumber = answer.copy();
    notANumber.getJsonObject("period").put("calmHours", "NaN");
    JsonObject trendField = answer.copy();
    trendField.getJsonArray("trend").getJsonObject(0).getJsonObject("rules").getJsonObject("ip_login_failures")
      .put("targets", 1);
    for (JsonObject wrong : List.of(missing, added, notANumber, trendField)) {
      assertFalse(Boolean.TRUE.equals(scoreboard.validate(new JsonObject(wrong.encode())).getValid()),
        wrong::encode);
    }
  }

  @Test
  @DisplayName("every field the schemas list is required, so the schemas and ScoreJson name the same fields")
  void everyListedFieldIsRequired() {
    JsonObject schemas = contract.json().getJsonObject("components").getJsonObject("schemas");
    for (String name : List.of("Scoreboard", "ScoredPeriod", "RuleScore", "Score", "ScoreTrendBucket")) {
      JsonObject schema = schemas.getJsonObject(name);
      assertEquals(false, schema.getValue("additionalProperties"), name);
      assertEquals(schema.getJsonObject("properties").fieldNames(),
        Set.copyOf(schema.getJsonArray("required").getList()), name);
    }
  }
}
