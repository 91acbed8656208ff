package io.tspipe.generator;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code api_scraping}: {@code addresses} addresses hammering the read paths with a script, {@code throttledShare} of
 * it answered 429. With {@code byUser} every request is made as one signed-in person (the attacker); otherwise as
 * throw-away ids.
 */
final class ApiScrapingRun extends ScenarioRun {

  private static final List<String> READ_PATHS = List.of(
    "/api/v1/products", "/api/v1/search", "/api/v1/users/me", "/api/v1/orders", "/api/v1/messages");

  private final List<Origin> addresses = new ArrayList<>();
  private final Person account;
  private final String agent;

  ApiScrapingRun(AttackWindow window, ScenarioRequest request, Context context) {
    super(window, request, context);
    for (int i = 0; i < request.integer("addresses"); i++) {
      addresses.add(networks.hosting(random));
    }
    this.account = request.flag("byUser") ? population.random(random) : null;
    this.agent = RandomDraws.pick(random, Pools.BOT_AGENTS);
  }

  @Override
  JsonObject next() {
    Origin origin = RandomDraws.pick(random, addresses);
    attacker(AttackEntity.Kind.IP, origin.ip());
    String userId;
    if (account != null) {
      attacker(AttackEntity.Kind.USER, account.userId);
      userId = account.userId;
    } else {
      userId = RandomDraws.uuid(random).toString();
    }
    boolean throttled = RandomDraws.chance(random, request.number("throttledShare"));
    return events.apiRequest(userId, origin, agent, "GET", RandomDraws.pick(random, READ_PATHS),
      throttled ? 429 : 200, RandomDraws.between(random, 5, throttled ? 20 : 120));
  }
}
