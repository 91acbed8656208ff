package io.tspipe.generator;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code credential_stuffing}: a leaked list tried against many accounts, mostly ids that do not exist or wrong
 * passwords, a few successes, from proxy and hosting addresses that rotate. {@code burst} draws from a pool of
 * {@code addresses}, a quarter of it replaced every {@code rotateSeconds}; {@code low_and_slow} uses each address at
 * most once per {@link #SLOW_INTERVAL_MILLIS}, drawing new ones as needed, so no address makes a minute's attempts.
 */
final class CredentialStuffingRun extends ScenarioRun {

  static final long SLOW_INTERVAL_MILLIS = 90_000;

  private record Proxy(Origin origin, String agent) {
  }

  private record Used(Proxy proxy, long atMillis) {
  }

  private final boolean lowAndSlow;
  private final List<Proxy> pool = new ArrayList<>();
  private final Deque<Used> rested = new ArrayDeque<>();
  private final long rotateMillis;
  private long rotatedAt;

  CredentialStuffingRun(AttackWindow window, ScenarioRequest request, Context context) {
    super(window, request, context);
    this.lowAndSlow = request.choice("variant").equals("low_and_slow");
    this.rotateMillis = request.integer("rotateSeconds") * 1000L;
    if (!lowAndSlow) {
      for (int i = 0; i < request.integer("addresses"); i++) {
        pool.add(newProxy());
      }
    }
    this.rotatedAt = events.millis();
  }

  @Override
  JsonObject next() {
    Proxy proxy = lowAndSlow ? restedProxy() : pooledProxy();
    attacker(AttackEntity.Kind.IP, proxy.origin().ip());
    if (RandomDraws.chance(random, request.number("unknownUserShare"))) {
      return login(RandomDraws.uuid(random).toString(), proxy.origin(), proxy.agent(), false, "unknown_user");
    }
    Person target = population.random(random);
    victim(AttackEntity.Kind.USER, target.userId);
    boolean success = RandomDraws.chance(random, request.number("successRate"));
    return login(target.userId, proxy.origin(), proxy.agent(), success, success ? null : "invalid_password");
  }

  private Proxy newProxy() {
    Origin origin = networks.attacking(random, request.number("hostingShare"));
    String agent = RandomDraws.chance(random, 0.3) ? RandomDraws.pick(random, Pools.BOT_AGENTS)
      : RandomDraws.pick(random, Pools.DEVICE_AGENTS);
    return new Proxy(origin, agent);
  }

  private Proxy pooledProxy() {
    long now = events.millis();
    if (now - rotatedAt >= rotateMillis) {
      rotatedAt = now;
      for (int i = 0; i < Math.max(1, pool.size() / 4); i++) {
        pool.set(random.nextInt(pool.size()), newProxy());
      }
    }
    return RandomDraws.pick(random, pool);
  }

  private Proxy restedProxy() {
    long now = events.millis();
    Used oldest = rested.peekFirst();
    Proxy proxy = oldest != null && now - oldest.atMillis() >= SLOW_INTERVAL_MILLIS
      ? rested.pollFirst().proxy() : newProxy();
    rested.addLast(new Used(proxy, now));
    return proxy;
  }
}
