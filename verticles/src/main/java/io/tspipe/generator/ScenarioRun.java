package io.tspipe.generator;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One run of a scenario: the events it makes, and the ground truth of who took part, recorded the first time each
 * entity is used. Its events are built by the same {@link EventFactory} as calm traffic and carry no mark of the run.
 */
abstract class ScenarioRun {

  /** What every run draws from. */
  record Context(EventFactory events, Population population, Networks networks, RandomGenerator random,
                 List<Origin> classicPool) {
  }

  final AttackWindow window;
  final ScenarioRequest request;
  final EventFactory events;
  final Population population;
  final Networks networks;
  final RandomGenerator random;
  private final Set<String> recorded = new HashSet<>();
  private final List<AttackEntity> pending = new ArrayList<>();

  ScenarioRun(AttackWindow window, ScenarioRequest request, Context context) {
    this.window = window;
    this.request = request;
    this.events = context.events();
    this.population = context.population();
    this.networks = context.networks();
    this.random = context.random();
  }

  /** The run's next event, or null once it has nothing more to do. */
  abstract JsonObject next();

  final void attacker(AttackEntity.Kind kind, String value) {
    record(kind, value, AttackEntity.Role.ATTACKER);
  }

  final void victim(AttackEntity.Kind kind, String value) {
    record(kind, value, AttackEntity.Role.VICTIM);
  }

  private void record(AttackEntity.Kind kind, String value, AttackEntity.Role role) {
    if (recorded.add(kind.ordinal() + "|" + role.ordinal() + "|" + value)) {
      pending.add(new AttackEntity(window.windowId(), kind, value, role, Instant.ofEpochMilli(events.millis())));
    }
  }

  /** Entities first used since the last call. */
  final List<AttackEntity> drainEntities() {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<AttackEntity> drained = List.copyOf(pending);
    pending.clear();
    return drained;
  }

  /** A login attempt by {@code userId} from {@code origin}, placed in the address's country. */
  final JsonObject login(String userId, Origin origin, String agent, boolean success, String failureReason) {
    return events.account(userId, origin, origin.country().cities().get(0), agent, "login", success, failureReason);
  }
}
