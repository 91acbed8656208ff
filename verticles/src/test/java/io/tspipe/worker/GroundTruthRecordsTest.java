package io.tspipe.worker;

import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventValidator;
import io.tspipe.event.RecentIds;
import io.tspipe.event.RejectReason;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.RowBinary;
import io.tspipe.store.AttackEntitiesTable;
import io.tspipe.store.AttackWindowsTable;
import io.tspipe.testing.IpDatabase;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's ground truth as the worker reads it: attack windows with their scenario, and attack entities. */
class GroundTruthRecordsTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00.000Z");
  private static final KafkaSettings KAFKA = KafkaSettings.from(Config.defaults().getJsonObject("kafka"));
  private static final EventValidator VALIDATOR = new EventValidator(Duration.ofDays(30), Duration.ofMinutes(5));
  private static final UUID WINDOW = UUID.fromString("0b5d5e4c-2f0e-4d7a-9a51-3c1f2b7d8e90");

  private final RecordClassifier classifier = new RecordClassifier(VALIDATOR, new RecentIds(600_000, 1000), KAFKA,
    IpDatabase.load());

  private Classified window(JsonObject record) {
    return classifier.classify(new RecordPosition(KAFKA.attackWindowsTopic(), 0, 1), WINDOW.toString(),
      record.toBuffer(), NOW.toEpochMilli());
  }

  private Classified entity(Buffer record) {
    return classifier.classify(new RecordPosition(KAFKA.attackEntitiesTopic(), 3, 7), WINDOW.toString(), record,
      NOW.toEpochMilli());
  }

  private static JsonObject entityRecord(AttackEntity.Kind kind, String value) {
    return new AttackEntity(WINDOW, kind, value, AttackEntity.Role.ATTACKER, NOW.minusSeconds(30)).toJson();
  }

  @Test
  @DisplayName("the window schema's scenario enum is the catalogue, name for name")
  void theScenarioEnumIsTheCatalogue() throws Exception {
    JsonObject schema = new JsonObject(Files.readString(Path.of("../schemas/attack_window.schema.json"),
      StandardCharsets.UTF_8));
    assertEquals(Arrays.stream(Scenario.values()).map(Scenario::wireName).toList(),
      schema.getJsonObject("properties").getJsonObject("scenario").getJsonArray("enum").getList());
  }

  @Test
  @DisplayName("a window as the truth contract writes it is accepted, opened and ended, for every scenario")
  void acceptsEveryScenarioWindow() {
    for (Scenario scenario : Scenario.values()) {
      AttackWindow open = AttackWindow.open(WINDOW, ScenarioRequest.defaults(scenario), NOW.minusSeconds(60),
        AttackWindow.Trigger.FORCED);
      for (AttackWindow state : List.of(open, open.endAt(NOW))) {
        Classified.AttackWindow accepted = assertInstanceOf(Classified.AttackWindow.class, window(state.toJson()));
        assertEquals(scenario.wireName(), accepted.window().getString("scenario"));
      }
    }
  }

  @Test
  @DisplayName("a window written before scenarios existed is still accepted, and stored as classic with no parameters")
  void acceptsWindowsWithoutAScenario() {
    JsonObject old = new JsonObject().put("windowId", WINDOW.toString()).put("startedAt", "2026-11-24T11:00:00.000Z")
      .putNull("endedAt").put("trigger", "auto");
    Classified.AttackWindow accepted = assertInstanceOf(Classified.AttackWindow.class, window(old));
    Buffer row = AttackWindowsTable.append(new RowBinary(128), accepted.window()).buffer();
    Buffer tail = Buffer.buffer().appendByte((byte) 7).appendString("classic").appendByte((byte) 2).appendString("{}");
    assertEquals(tail, row.getBuffer(row.length() - tail.length(), row.length()), "scenario and parameters close the row");
  }

  @Test
  @DisplayName("a window naming no known scenario, or with parameters that are no object, is refused naming the field")
  void refusesBadWindows() {
    JsonObject good = AttackWindow.open(WINDOW, ScenarioRequest.defaults(Scenario.BRUTE_FORCE), NOW,
      AttackWindow.Trigger.AUTO).toJson();
    Map<JsonObject, String> bad = Map.of(
      good.copy().put("scenario", "ddos"), "/scenario",
      good.copy().put("scenario", 3), "/scenario",
      good.copy().put("parameters", new JsonArray().add(1)), "/parameters",
      good.copy().put("parameters", "intensity=1"), "/parameters");
    bad.forEach((record, field) -> {
      Classified.Reject reject = assertInstanceOf(Classified.Reject.class, window(record), record::encode);
      assertEquals(field, reject.verdict().field(), record::encode);
      assertEquals("attack_window", reject.verdict().eventType());
    });
  }

  @Test
  @DisplayName("an entity as the truth contract writes it is accepted, of every kind and role")
  void acceptsEntities() {
    Map<AttackEntity.Kind, String> values = Map.of(AttackEntity.Kind.IP, "203.0.113.9", AttackEntity.Kind.USER,
      UUID.randomUUID().toString(), AttackEntity.Kind.EMAIL, "victim@example.org");
    values.forEach((kind, value) -> {
      for (AttackEntity.Role role : AttackEntity.Role.values()) {
        JsonObject record = new AttackEntity(WINDOW, kind, value, role, NOW).toJson();
        Classified.AttackEntity accepted = assertInstanceOf(Classified.AttackEntity.class, entity(record.toBuffer()));
        assertEquals(record, accepted.entity());
      }
    });
    assertInstanceOf(Classified.AttackEntity.class, entity(entityRecord(AttackEntity.Kind.IP, "2001:db8::7").toBuffer()));
  }

  @Test
  @DisplayName("a bad entity record is refused with a reason naming its field, attributed to attack_entity")
  void refusesBadEntities() {
    JsonObject good = entityRecord(AttackEntity.Kind.IP, "203.0.113.9");
    record Bad(Buffer record, RejectReason reason, String field) {
    }
    List<Bad> cases = List.of(
      new Bad(null, RejectReason.NO_PAYLOAD, ""),
      new Bad(Buffer.buffer("{\"windowId\":"), RejectReason.MALFORMED_JSON, ""),
      new Bad(Buffer.buffer("[1]"), RejectReason.NOT_AN_OBJECT, ""),
      new Bad(copyWithout(good, "value"), RejectReason.MISSING_FIELD, "/value"),
      new Bad(copyWithout(good, "windowId"), RejectReason.MISSING_FIELD, "/windowId"),
      new Bad(good.copy().put("value", "").toBuffer(), RejectReason.INVALID_VALUE, "/value"),
      new Bad(good.copy().put("value", "x".repeat(321)).toBuffer(), RejectReason.INVALID_VALUE, "/value"),
      new Bad(good.copy().put("value", 42).toBuffer(), RejectReason.INVALID_TYPE, "/value"),
      new Bad(good.copy().put("value", "not-an-address").toBuffer(), RejectReason.INVALID_VALUE, "/value"),
      new Bad(entityRecord(AttackEntity.Kind.USER, "203.0.113.9").toBuffer(), RejectReason.INVALID_VALUE, "/value"),
      new Bad(entityRecord(AttackEntity.Kind.EMAIL, "nobody").toBuffer(), RejectReason.INVALID_VALUE, "/value"),
      new Bad(good.copy().put("kind", "host").toBuffer(), RejectReason.INVALID_VALUE, "/kind"),
      new Bad(good.copy().put("role", "bystander").toBuffer(), RejectReason.INVALID_VALUE, "/role"),
      new Bad(good.copy().put("windowId", "w-1").toBuffer(), RejectReason.INVALID_VALUE, "/windowId"),
      new Bad(good.copy().put("firstSeenAt", "2026-02-30T10:00:00.000Z").toBuffer(), RejectReason.INVALID_VALUE,
        "/firstSeenAt"),
      new Bad(good.copy().put("firstSeenAt", "yesterday").toBuffer(), RejectReason.INVALID_VALUE, "/firstSeenAt"),
      new Bad(Buffer.buffer("{\"windowId\":\"" + WINDOW + "\",\"kind\":\"ip\",\"value\":\"\\ud800\",\"role\":"
        + "\"attacker\",\"firstSeenAt\":\"2026-11-24T11:00:00.000Z\"}"), RejectReason.INVALID_ENCODING, "/value"));
    for (Bad bad : cases) {
      String what = bad.record() == null ? "a tombstone" : bad.record().toString();
      Classified.Reject reject = assertInstanceOf(Classified.Reject.class, entity(bad.record()), what);
      assertEquals(bad.reason(), reject.verdict().reason(), what + ": " + reject.verdict().message());
      assertEquals(bad.field(), reject.verdict().field(), what + ": " + reject.verdict().message());
      assertEquals("attack_entity", reject.verdict().eventType(), what);
      assertTrue(!reject.verdict().message().isBlank(), what);
    }
  }

  @Test
  @DisplayName("an entity row holds the window, kind, value, role, first seen and recorded instants, in the table's order")
  void encodesEntityRows() {
    JsonObject record = entityRecord(AttackEntity.Kind.EMAIL, "a@example.org");
    Buffer rows = AttackEntitiesTable.append(new RowBinary(96), record, NOW.toEpochMilli()).buffer();
    assertEquals(List.of("window_id", "kind", "value", "role", "first_seen_at", "recorded_at"),
      AttackEntitiesTable.COLUMNS);
    assertEquals(16 + 1 + "email".length() + 1 + "a@example.org".length() + 1 + "attacker".length() + 8 + 8,
      rows.length());
    assertEquals(NOW.minusSeconds(30).toEpochMilli(), rows.getLongLE(rows.length() - 16));
    assertEquals(NOW.toEpochMilli(), rows.getLongLE(rows.length() - 8));
  }

  private static Buffer copyWithout(JsonObject record, String field) {
    JsonObject copy = record.copy();
    copy.remove(field);
    return copy.toBuffer();
  }
}
