package io.tspipe.generator;

import io.tspipe.event.EventType;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code classic}: the original generator's attack mode, number for number ({@link TrafficProfile#ATTACK}), over the
 * whole population, from the first {@code poolShare} of the classic address pool.
 */
final class ClassicRun extends ScenarioRun {

  private final TrafficProfile profile;
  private final List<Origin> pool;

  ClassicRun(AttackWindow window, ScenarioRequest request, Context context) {
    super(window, request, context);
    this.profile = TrafficProfile.ATTACK.withLoginFailureRate(request.number("loginFailureRate"));
    List<Origin> all = context.classicPool();
    this.pool = all.subList(0, Math.max(1, (int) Math.round(all.size() * request.number("poolShare"))));
  }

  @Override
  JsonObject next() {
    EventType type = profile.types().pick(random);
    Person person = population.random(random);
    Origin origin = RandomDraws.pick(random, pool);
    attacker(AttackEntity.Kind.IP, origin.ip());
    String agent = RandomDraws.chance(random, profile.botShare()) ? RandomDraws.pick(random, Pools.BOT_AGENTS)
      : person.device;
    return switch (type) {
      case ACCOUNT_ACTIVITY -> {
        String action = profile.actions().pick(random);
        yield events.account(person.userId, origin, person.cityOf(origin), agent, action,
          !RandomDraws.chance(random, profile.accountFailureRate()));
      }
      case API_REQUEST -> {
        boolean spike = RandomDraws.chance(random, profile.latencySpikeShare());
        yield events.apiRequest(person.userId, origin, agent, Pools.METHODS.pick(random),
          RandomDraws.pick(random, Pools.API_PATHS), profile.statusCodes().pick(random),
          (spike ? profile.spikeMs() : profile.latencyMs()).draw(random));
      }
      case EMAIL_SEND -> {
        boolean failed = RandomDraws.chance(random, profile.emailFailureRate());
        yield events.email(person.userId, origin, person.email, RandomDraws.pick(random, Pools.EMAIL_TEMPLATES),
          !failed ? EventFactory.Delivery.DELIVERED
            : RandomDraws.chance(random, profile.hardBounceShare()) ? EventFactory.Delivery.HARD_BOUNCE
            : EventFactory.Delivery.SOFT_BOUNCE);
      }
    };
  }
}
