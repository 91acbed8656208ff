package io.tspipe.generator;

import io.tspipe.ipintel.AddressSpace;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Everything the generator draws from, built once from the settings, the address space and a seed: the population
 * and its calm sessions, the scenario runs, and the stream that mixes them with bad and duplicate records. The same
 * seed, settings and clock give the same records.
 */
public final class Traffic {

  /** How far apart, in seconds, a session's events are at the configured rate. */
  static final double SESSION_EVENT_GAP_SECONDS = 2;

  private final Population population;
  private final ScenarioRuns runs;
  private final EventStream stream;

  private Traffic(Population population, ScenarioRuns runs, EventStream stream) {
    this.population = population;
    this.runs = runs;
    this.stream = stream;
  }

  public static Traffic create(GeneratorSettings settings, AddressSpace space, RandomGenerator.SplittableGenerator root,
                               Clock clock) {
    Networks networks = new Networks(space);
    Population population = Population.generate(root.split(), networks, settings.users());
    EventFactory events = new EventFactory(root.split(), clock);
    CalmTraffic calm = new CalmTraffic(population, events, root.split(),
      CalmTraffic.concurrentSessions(settings.ratePerSecond(), settings.users(), SESSION_EVENT_GAP_SECONDS));
    RandomGenerator scenarioRandom = root.split();
    ScenarioRuns runs = new ScenarioRuns(
      new ScenarioRun.Context(events, population, networks, scenarioRandom, classicPool(networks, root.split(),
        settings.ips())),
      root.split(), clock);
    EventStream stream = new EventStream(calm, runs, new BadEventFactory(root.split()),
      new RecentEvents(settings.recentEvents()), root.split(), settings.badFraction(), settings.duplicateFraction());
    return new Traffic(population, runs, stream);
  }

  /** The classic scenario's address pool: {@code size} addresses, a third in data centres, the rest residential. */
  private static List<Origin> classicPool(Networks networks, RandomGenerator random, int size) {
    Set<Origin> pool = new LinkedHashSet<>();
    for (int attempt = 0; pool.size() < size && attempt < size * 10; attempt++) {
      pool.add(networks.attacking(random, 1.0 / 3));
    }
    return List.copyOf(new ArrayList<>(pool));
  }

  /** Starts a run now, as a start command does; its window, to be recorded, unless a run with that id goes on. */
  public Optional<AttackWindow> start(UUID runId, ScenarioRequest request, AttackWindow.Trigger trigger) {
    return runs.start(runId, request, trigger, true);
  }

  public EventStream stream() {
    return stream;
  }

  ScenarioRuns runs() {
    return runs;
  }

  Population population() {
    return population;
  }
}
