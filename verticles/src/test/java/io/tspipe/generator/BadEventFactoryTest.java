package io.tspipe.generator;

import io.tspipe.model.EventType;
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
    Pools pools = Pools.generate(new SplittableRandom(1), 1000, 500);
    EventFactory events = new EventFactory(new SplittableRandom(2), pools,
      Clock.fixed(Instant.parse("2026-05-05T05:05:05.555Z"), ZoneOffset.UTC));
    BadEventFactory bad = new BadEventFactory(new SplittableRandom(3));
    Map<BadEventFactory.Defect, Integer> counts = new EnumMap<>(BadEventFactory.Defect.class);

    for (int i = 0; i < SAMPLES; i++) {
      JsonObject good = events.next(i % 2 == 0 ? TrafficProfile.NORMAL : TrafficProfile.ATTACK);
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
    Pools pools = Pools.generate(new SplittableRandom(1), 10, 10);
    EventFactory events = new EventFactory(new SplittableRandom(2), pools, Clock.systemUTC());
    BadEventFactory bad = new BadEventFactory(new SplittableRandom(3));
    for (int i = 0; i < 200; i++) {
      JsonObject good = events.next(TrafficProfile.NORMAL);
      String before = good.encode();
      bad.corrupt(good);
      assertEquals(before, good.encode());
    }
  }
}
