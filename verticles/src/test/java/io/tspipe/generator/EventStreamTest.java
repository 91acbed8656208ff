package io.tspipe.generator;

import io.tspipe.truth.ScenarioRequest;

import io.tspipe.event.EventType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventStreamTest {

  private static EventStream stream(GeneratorSettings settings, long seed) {
    SimulatedTraffic traffic = new SimulatedTraffic(settings, seed);
    traffic.start(ScenarioRequest.parse(new JsonObject().put("scenario", "classic").put("intensity", 0.2)));
    return traffic.traffic.stream();
  }

  private static GeneratorSettings settings(double bad, double duplicates) {
    return GeneratorSettings.from(new JsonObject().put("seed", 3).put("badFraction", bad)
      .put("duplicateFraction", duplicates));
  }

  @Test
  @DisplayName("at the default fractions, half a percent of records are bad and half a percent duplicates")
  void defaultFractions() {
    EventStream stream = stream(GeneratorSettings.from(new JsonObject()), 21);
    int records = 200_000;
    Map<OutgoingEvent.Kind, Long> kinds = new HashMap<>();
    for (int i = 0; i < records; i++) {
      kinds.merge(stream.next().kind(), 1L, Long::sum);
    }
    assertEquals(0.005, kinds.get(OutgoingEvent.Kind.BAD) / (double) records, 0.0008);
    assertEquals(0.005, kinds.get(OutgoingEvent.Kind.DUPLICATE) / (double) records, 0.0008);
  }

  @Test
  @DisplayName("a duplicate re-sends the exact key and value of a recent good record, so the same id")
  void duplicatesAreExactCopiesOfRecentGoodRecords() {
    GeneratorSettings settings = settings(0.05, 0.1);
    EventStream stream = stream(settings, 22);
    List<OutgoingEvent> good = new ArrayList<>();
    int duplicates = 0;
    for (int i = 0; i < 20_000; i++) {
      OutgoingEvent record = stream.next();
      switch (record.kind()) {
        case GOOD -> good.add(record);
        case DUPLICATE -> {
          duplicates++;
          List<OutgoingEvent> recent = good.subList(Math.max(0, good.size() - settings.recentEvents()), good.size());
          assertTrue(recent.contains(record.asGood()), "a copy of one of the last " + settings.recentEvents() + " good records");
          assertEquals(new JsonObject(record.value()).getString("userId"), record.key(), "keyed by the user id");
        }
        case BAD -> { }
      }
    }
    assertEquals(0.1 * 20_000, duplicates, 200);
  }

  @Test
  @DisplayName("good records are schema-valid JSON keyed by their user id; bad ones are rejected yet go to their type's topic")
  void goodAndBadRecords() {
    EventSchemas schemas = EventSchemas.load();
    EventStream stream = stream(settings(0.2, 0), 23);
    Map<OutgoingEvent.Kind, List<OutgoingEvent>> records = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      OutgoingEvent record = stream.next();
      records.computeIfAbsent(record.kind(), kind -> new ArrayList<>()).add(record);
    }
    for (OutgoingEvent record : records.get(OutgoingEvent.Kind.GOOD)) {
      JsonObject event = new JsonObject(record.value());
      assertEquals(record.type().wireName(), event.getString("type"));
      assertEquals(event.getString("userId"), record.key());
      assertTrue(schemas.valid(record.type(), event), record::value);
    }
    List<OutgoingEvent> bad = records.get(OutgoingEvent.Kind.BAD);
    assertEquals(1_000, bad.size(), 150);
    for (OutgoingEvent record : bad) {
      assertTrue(schemas.rejects(record.type(), record.value()), record::value);
      assertTrue(record.key().matches("[0-9a-f-]{36}"), "a bad record is still keyed by a user id");
    }
    assertEquals(EventType.values().length, bad.stream().map(OutgoingEvent::type).collect(Collectors.toSet()).size(),
      "bad records go to every event type's topic");
  }

  @Test
  @DisplayName("no duplicate is sent before any good record exists to copy")
  void noDuplicateFromAnEmptyRing() {
    EventStream stream = stream(settings(0, 1.0), 24);
    assertEquals(OutgoingEvent.Kind.GOOD, stream.next().kind());
    assertEquals(OutgoingEvent.Kind.DUPLICATE, stream.next().kind());
  }

  @Test
  @DisplayName("the same seed reproduces the same records")
  void seedReproducesRecords() {
    GeneratorSettings settings = settings(0.1, 0.1);
    EventStream first = stream(settings, 25);
    EventStream second = stream(settings, 25);
    for (int i = 0; i < 1_000; i++) {
      assertEquals(first.next(), second.next());
    }
  }

  @Test
  @DisplayName("the ring of recent records keeps only the newest ones")
  void ringKeepsNewest() {
    RecentEvents ring = new RecentEvents(3);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 10; i++) {
      ring.add(new OutgoingEvent(EventType.API_REQUEST, "k", "v" + i, OutgoingEvent.Kind.GOOD));
    }
    assertEquals(3, ring.size());
    for (int i = 0; i < 100; i++) {
      String value = ring.pick(random).orElseThrow().value();
      assertTrue(List.of("v7", "v8", "v9").contains(value), value);
    }
  }
}
