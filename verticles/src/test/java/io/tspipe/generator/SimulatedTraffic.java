package io.tspipe.generator;

import io.tspipe.ipintel.AddressSpace;
import io.tspipe.ipintel.IpIntelligence;
import io.tspipe.testing.IpDatabase;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The generator's traffic on a {@link SimulatedClock} over the real IP database, without Kafka: a stretch of
 * simulated time as the records the generator would send, with the ground truth its runs record.
 */
final class SimulatedTraffic {

  static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

  private static IpIntelligence intelligence;
  private static AddressSpace space;

  final SimulatedClock clock = new SimulatedClock(START);
  final Traffic traffic;
  final List<OutgoingEvent> records = new ArrayList<>();
  final List<AttackWindow> windows = new ArrayList<>();
  final List<AttackEntity> entities = new ArrayList<>();
  private final long nanosPerEvent;

  SimulatedTraffic(GeneratorSettings settings, long seed) {
    this.traffic = Traffic.create(settings, space(), new SplittableRandom(seed), clock);
    this.nanosPerEvent = Math.round(1e9 / settings.ratePerSecond());
  }

  static synchronized IpIntelligence intelligence() {
    if (intelligence == null) {
      intelligence = IpDatabase.load();
    }
    return intelligence;
  }

  static synchronized AddressSpace space() {
    if (space == null) {
      space = AddressSpace.load(intelligence());
    }
    return space;
  }

  /** Default settings with these overrides, at 50 events/s, no bad records and no duplicates unless asked. */
  static GeneratorSettings settings(JsonObject overrides) {
    return GeneratorSettings.from(new JsonObject().put("seed", 1).put("badFraction", 0).put("duplicateFraction", 0)
      .mergeIn(overrides));
  }

  /** Starts a run now, as the generator does for a start command. */
  UUID start(ScenarioRequest request) {
    UUID runId = UUID.randomUUID();
    traffic.runs().start(runId, request, AttackWindow.Trigger.FORCED, true).ifPresent(windows::add);
    return runId;
  }

  /** Emits {@code duration} of simulated time, ending runs whose time is up every simulated second. */
  SimulatedTraffic run(Duration duration) {
    long end = clock.millis() + duration.toMillis();
    long nextCheck = clock.millis();
    while (clock.millis() < end) {
      if (clock.millis() >= nextCheck) {
        nextCheck += 1000;
        windows.addAll(traffic.runs().expire());
      }
      records.add(traffic.stream().next());
      clock.advanceNanos(nanosPerEvent);
    }
    windows.addAll(traffic.runs().expire());
    entities.addAll(traffic.runs().drainEntities());
    return this;
  }

  /** The good events among the records, decoded. */
  List<JsonObject> events() {
    return records.stream().filter(record -> record.kind() == OutgoingEvent.Kind.GOOD)
      .map(record -> new JsonObject(record.value())).toList();
  }
}
