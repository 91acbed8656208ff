package io.tspipe.generator;

import io.tspipe.truth.ScenarioRequest;
import java.time.Duration;
import java.util.List;

import io.tspipe.event.EventType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadEventFactoryTest {

  private static final int SAMPLES = 6_000;

  @Test
  @DisplayName("every bad record is really bad: malformed ones do not parse, the others parse but break the schema")
  void everyBadRecordIsRejected() {
    EventSchemas schemas = EventSchemas.load();
    List<JsonObject> events = goodEvents(SAMPLES);
    BadEventFactory bad = new BadEventFactory(new SplittableRandom(3));
    Map<BadEventFactory.Defect, Integer> counts = new EnumMap<>(BadEventFactory.Defect.class);

    for (int i = 0; i < SAMPLES; i++) {
      JsonObject good = events.get(i);
      EventType type = EventType.fromWireName(good.getString("type")).orElseThrow();
      assertTrue(schemas.valid(type, good), "the event before corruption is good");
      BadEventFactory.BadEvent record = bad.corrupt(good);
      counts.merge(record.defect(), 1, Integer::sum);

      if (record.defect().malformed()) {
        assertFalse(EventSchemas.parses(record.text()), () -> record.defect() + " parses: " + record.text());
      } else {
        assertTrue(EventSchemas.parses(record.text()), () -> record.defect() + " does not parse: " + record.text());
        assertFalse(schemas.valid(type, new JsonObject(record.text())),
          () -> record.defect() + " is still valid: " + record.text());
      }
      assertTrue(schemas.rejects(type, record.text()));
    }

    for (BadEventFactory.Defect defect : BadEventFactory.Defect.values()) {
      assertEquals(SAMPLES / 5.0, counts.getOrDefault(defect, 0), SAMPLES / 5.0 * 0.15, defect + " share");
    }
  }

  @Test
  @DisplayName("corrupting leaves the good event itself untouched")
  void goodEventUntouched() {
    BadEventFactory bad = new BadEventFactory(new SplittableRandom(3));
    for (JsonObject good : goodEvents(200)) {
      String before = good.encode();
      bad.corrupt(good);
      assertEquals(before, good.encode());
    }
  }

  /** Calm traffic with a classic attack beside it, so every event type and outcome is there to corrupt. */
  private static List<JsonObject> goodEvents(int count) {
    SimulatedTraffic traffic = new SimulatedTraffic(SimulatedTraffic.settings(new JsonObject().put("ratePerSecond", 1000)), 2);
    traffic.start(ScenarioRequest.parse(new JsonObject().put("scenario", "classic").put("intensity", 0.5)));
    return traffic.run(Duration.ofMillis(count)).events();
  }
}
