package io.tspipe.generator;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The scenario runs going on, and how they share the traffic: each takes its {@code intensity} as a share of all
 * events (shares scaled down together when they add up to more than all of it); the rest is calm traffic. A run ends
 * when its duration is over, when it is stopped, or when it has nothing more to do. Pure: time comes from the clock,
 * and the caller sends the windows and entities this returns.
 */
final class ScenarioRuns {

  private final Map<UUID, Running> runs = new LinkedHashMap<>();
  private final ScenarioRun.Context context;
  private final RandomGenerator random;
  private final Clock clock;
  /** Entities of runs that ended before their entities were drained. */
  private final List<AttackEntity> leftover = new ArrayList<>();
  private double totalIntensity;

  private static final class Running {
    final ScenarioRun run;
    /** Null for a run whose end someone else decides (the classic schedule). */
    final Instant endsAt;
    boolean exhausted;

    Running(ScenarioRun run, Instant endsAt) {
      this.run = run;
      this.endsAt = endsAt;
    }
  }

  ScenarioRuns(ScenarioRun.Context context, RandomGenerator random, Clock clock) {
    this.context = context;
    this.random = random;
    this.clock = clock;
  }

  /**
   * Starts a run now; its window is returned, to be recorded. A run with that id already going on is left as it is.
   *
   * @param timed whether the run ends by itself after its {@code durationSeconds}
   */
  Optional<AttackWindow> start(UUID runId, ScenarioRequest request, AttackWindow.Trigger trigger, boolean timed) {
    if (runs.containsKey(runId)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    AttackWindow window = AttackWindow.open(runId, request, now, trigger);
    runs.put(runId, new Running(create(window, request), timed ? now.plusSeconds(request.durationSeconds()) : null));
    totalIntensity += request.intensity();
    return Optional.of(window);
  }

  private ScenarioRun create(AttackWindow window, ScenarioRequest request) {
    return switch (request.scenario()) {
      case CLASSIC -> new ClassicRun(window, request, context);
      case CREDENTIAL_STUFFING -> new CredentialStuffingRun(window, request, context);
      case ACCOUNT_TAKEOVER -> new AccountTakeoverRun(window, request, context);
      case BRUTE_FORCE -> new BruteForceRun(window, request, context);
      case API_SCRAPING -> new ApiScrapingRun(window, request, context);
      case SPAM_WAVE -> new SpamWaveRun(window, request, context);
    };
  }

  /** Ends the run now; its closed window is returned, to be recorded. Empty when no such run goes on. */
  Optional<AttackWindow> stop(UUID runId) {
    Running running = runs.remove(runId);
    if (running == null) {
      return Optional.empty();
    }
    totalIntensity -= running.run.request.intensity();
    leftover.addAll(running.run.drainEntities());
    AttackWindow closed = running.run.window.endAt(clock.instant());
    return Optional.of(closed);
  }

  /** Ends the runs whose time is up or that have nothing more to do, returning their closed windows. */
  List<AttackWindow> expire() {
    Instant now = clock.instant();
    List<UUID> over = new ArrayList<>();
    runs.forEach((id, running) -> {
      if (running.exhausted || (running.endsAt != null && !now.isBefore(running.endsAt))) {
        over.add(id);
      }
    });
    List<AttackWindow> closed = new ArrayList<>();
    for (UUID id : over) {
      stop(id).ifPresent(closed::add);
    }
    return closed;
  }

  /** An event of a run, chosen by intensity; null when this event is calm traffic's. */
  JsonObject next() {
    if (runs.isEmpty()) {
      return null;
    }
    double roll = random.nextDouble() * Math.max(1, totalIntensity);
    double cumulative = 0;
    for (Running running : runs.values()) {
      cumulative += running.run.request.intensity();
      if (roll < cumulative) {
        if (running.exhausted) {
          return null;
        }
        JsonObject event = running.run.next();
        running.exhausted = event == null;
        return event;
      }
    }
    return null;
  }

  /** Entities first used by any run since the last call. */
  List<AttackEntity> drainEntities() {
    List<AttackEntity> entities = new ArrayList<>(leftover);
    leftover.clear();
    for (Running running : runs.values()) {
      entities.addAll(running.run.drainEntities());
    }
    return entities;
  }

  /** The runs going on, as {@code {"runId", "scenario", "parameters", "startedAt"}}. */
  List<JsonObject> running() {
    return runs.values().stream().map(running -> {
      JsonObject window = running.run.window.toJson();
      window.put("runId", window.remove("windowId"));
      window.remove("endedAt");
      return window;
    }).toList();
  }

  boolean isRunning(UUID runId) {
    return runs.containsKey(runId);
  }

  boolean isEmpty() {
    return runs.isEmpty();
  }

  double totalIntensity() {
    return totalIntensity;
  }
}
