package io.tspipe.worker;

import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventValidator;
import io.tspipe.event.EventValidatorTest;
import io.tspipe.event.RecentIds;
import io.tspipe.event.RejectReason;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.testing.IpDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class RecordClassifierTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00.000Z");
  private static final KafkaSettings KAFKA = KafkaSettings.from(Config.defaults().getJsonObject("kafka"));
  private static final String API = KAFKA.eventTopicNames().get(1);
  private static final EventValidator VALIDATOR = new EventValidator(Duration.ofDays(30), Duration.ofMinutes(5));

  private final RecordClassifier classifier = new RecordClassifier(VALIDATOR, new RecentIds(600_000, 1000), KAFKA, IpDatabase.load());

  private static RecordPosition at(long offset) {
    return new RecordPosition(API, 2, offset);
  }

  private static Buffer event(String id) {
    return EventValidatorTest.apiRequest().put("id", id).toBuffer();
  }

  private Classified classify(long offset, Buffer value) {
    return classifier.classify(at(offset), "user", value, NOW.toEpochMilli());
  }

  @Test
  @DisplayName("the first sighting of an id is a new event; the same id again is a duplicate pointing at the first")
  void detectsDuplicates() {
    String id = UUID.randomUUID().toString();
    assertInstanceOf(Classified.NewEvent.class, classify(10, event(id)));
    Classified.Duplicate duplicate = assertInstanceOf(Classified.Duplicate.class, classify(11, event(id)));
    assertEquals(at(10), duplicate.firstSeenAt());
    assertInstanceOf(Classified.Duplicate.class, classify(12, event(id)));
  }

  @Test
  @DisplayName("after a restart, records already stored are recognised by position while new ones go through")
  void recognisesWhatIsAlreadyStored() {
    String storedEvent = UUID.randomUUID().toString();
    String storedAsDuplicate = storedEvent;
    classifier.prime(StoredState.of(
      Map.of(UUID.fromString(storedEvent), at(100)),
      List.of(at(102)),
      List.of(at(101))), NOW.toEpochMilli());

    assertInstanceOf(Classified.AlreadyStored.class, classify(100, event(storedEvent)));
    assertInstanceOf(Classified.AlreadyStored.class, classify(101, event(storedAsDuplicate)));
    assertInstanceOf(Classified.AlreadyStored.class, classify(102, Buffer.buffer("not json")));
    assertInstanceOf(Classified.Reject.class, classify(103, Buffer.buffer("still not json")));
    assertInstanceOf(Classified.Duplicate.class, classify(104, event(storedEvent)));
    assertInstanceOf(Classified.NewEvent.class, classify(105, event(UUID.randomUUID().toString())));
  }

  @Test
  @DisplayName("a reject that could not say its type is attributed to its topic's type")
  void attributesRejectsToTheTopicType() {
    Classified.Reject reject = assertInstanceOf(Classified.Reject.class, classify(1, Buffer.buffer("{oops")));
    assertEquals("api_request", reject.verdict().eventType());
    assertEquals(RejectReason.MALFORMED_JSON, reject.verdict().reason());
  }

  @Test
  @DisplayName("attack-window records are validated against their own schema")
  void classifiesAttackWindows() {
    RecordPosition position = new RecordPosition(KAFKA.attackWindowsTopic(), 0, 1);
    JsonObject window = new JsonObject().put("windowId", UUID.randomUUID().toString())
      .put("startedAt", "2026-11-24T11:00:00.000Z").putNull("endedAt").put("trigger", "auto");
    assertInstanceOf(Classified.AttackWindow.class, classifier.classify(position, "w", window.toBuffer(), NOW.toEpochMilli()));
    Classified.Reject reject = assertInstanceOf(Classified.Reject.class,
      classifier.classify(position, "w", window.copy().put("trigger", "maybe").toBuffer(), NOW.toEpochMilli()));
    assertEquals("attack_window", reject.verdict().eventType());
    assertEquals("/trigger", reject.verdict().field());
  }

  @Test
  @DisplayName("an event reusing the id of another type's event is refused as id_conflict, whichever comes first,"
    + " and is recognised as stored when read again")
  void refusesAnIdReusedByAnotherType() {
    String email = KAFKA.eventTopics().get(io.tspipe.event.EventType.EMAIL_SEND);
    for (boolean apiFirst : List.of(true, false)) {
      RecordClassifier fresh = new RecordClassifier(VALIDATOR, new RecentIds(600_000, 1000), KAFKA, IpDatabase.load());
      String id = UUID.randomUUID().toString();
      RecordPosition api = at(1);
      RecordPosition mail = new RecordPosition(email, 0, 1);
      Buffer apiEvent = event(id);
      Buffer mailEvent = EventValidatorTest.emailSend().put("id", id).toBuffer();
      RecordPosition second = apiFirst ? mail : api;
      fresh.classify(apiFirst ? api : mail, "user", apiFirst ? apiEvent : mailEvent, NOW.toEpochMilli());
      Classified.Reject conflict = assertInstanceOf(Classified.Reject.class,
        fresh.classify(second, "user", apiFirst ? mailEvent : apiEvent, NOW.toEpochMilli()));
      assertEquals(RejectReason.ID_CONFLICT, conflict.verdict().reason());
      assertEquals("/id", conflict.verdict().field());
      assertEquals(id, conflict.verdict().eventId());

      RecordClassifier restarted = new RecordClassifier(VALIDATOR, new RecentIds(600_000, 1000), KAFKA, IpDatabase.load());
      restarted.prime(StoredState.of(Map.of(UUID.fromString(id), apiFirst ? api : mail), List.of(second), List.of()),
        NOW.toEpochMilli());
      assertInstanceOf(Classified.AlreadyStored.class,
        restarted.classify(second, "user", apiFirst ? mailEvent : apiEvent, NOW.toEpochMilli()));
    }
  }

  @Test
  @DisplayName("a tombstone is refused as no_payload, and a same-topic re-send stays a duplicate")
  void refusesTombstones() {
    Classified.Reject reject = assertInstanceOf(Classified.Reject.class, classify(1, null));
    assertEquals(RejectReason.NO_PAYLOAD, reject.verdict().reason());
    assertEquals("api_request", reject.verdict().eventType());
  }
}
