package io.tspipe.generator;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code brute_force}: {@code attackers} addresses guessing the passwords of {@code targets} accounts, many failures
 * each; an account locks now and then, and a guess succeeds with {@code successRate}.
 */
final class BruteForceRun extends ScenarioRun {

  private final List<Origin> attackers = new ArrayList<>();
  private final List<Person> targets = new ArrayList<>();
  private final String agent;

  BruteForceRun(AttackWindow window, ScenarioRequest request, Context context) {
    super(window, request, context);
    for (int i = 0; i < request.integer("attackers"); i++) {
      attackers.add(networks.attacking(random, 0.7));
    }
    for (int i = 0; i < request.integer("targets"); i++) {
      targets.add(population.random(random));
    }
    this.agent = RandomDraws.pick(random, Pools.BOT_AGENTS);
  }

  @Override
  JsonObject next() {
    Origin origin = RandomDraws.pick(random, attackers);
    Person target = RandomDraws.pick(random, targets);
    attacker(AttackEntity.Kind.IP, origin.ip());
    victim(AttackEntity.Kind.USER, target.userId);
    if (RandomDraws.chance(random, request.number("successRate"))) {
      return login(target.userId, origin, agent, true, null);
    }
    return login(target.userId, origin, agent, false,
      RandomDraws.chance(random, 0.1) ? "account_locked" : "invalid_password");
  }
}
