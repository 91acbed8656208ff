package io.tspipe.generator;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * {@code account_takeover}: {@code victims} accounts, one after another. For each: {@code failuresBefore} failed
 * logins, then a success, from an address in another country on another network and a device the victim never used;
 * then a password change (the victim is told by email), two-factor disabled, and a burst of {@code emailBurst} emails sent from the victim's account
 * to strangers. The run ends when the last victim's burst is sent. Victims are accounts in use: people who have logged
 * in during the run, while there are any.
 */
final class AccountTakeoverRun extends ScenarioRun {

  private static final String[] SPAM_TEMPLATES = {"promo_blast_v1", "invoice_notice_v2", "gift_card_v1"};

  private final Deque<Supplier<JsonObject>> script = new ArrayDeque<>();
  private int victimsLeft;

  AccountTakeoverRun(AttackWindow window, ScenarioRequest request, Context context) {
    super(window, request, context);
    this.victimsLeft = request.integer("victims");
  }

  @Override
  JsonObject next() {
    if (script.isEmpty()) {
      if (victimsLeft == 0) {
        return null;
      }
      victimsLeft--;
      planTakeover(accountInUse());
    }
    return script.poll().get();
  }

  private Person accountInUse() {
    Person person = population.random(random);
    for (int attempt = 0; attempt < 100 && !person.loggedIn; attempt++) {
      person = population.random(random);
    }
    return person;
  }

  private void planTakeover(Person victim) {
    Origin attacker = RandomDraws.chance(random, 0.5) ? networks.hosting(random) : networks.elsewhere(victim.home, random);
    String agent = RandomDraws.pick(random, Pools.DEVICE_AGENTS.stream().filter(a -> !a.equals(victim.device)).toList());
    Geography.City city = attacker.country().cities().get(0);
    Runnable truth = () -> {
      attacker(AttackEntity.Kind.IP, attacker.ip());
      victim(AttackEntity.Kind.USER, victim.userId);
      victim(AttackEntity.Kind.EMAIL, victim.email);
    };
    for (int i = 0; i < request.integer("failuresBefore"); i++) {
      script.add(() -> {
        truth.run();
        return events.account(victim.userId, attacker, city, agent, "login", false, "invalid_password");
      });
    }
    script.add(() -> {
      truth.run();
      return events.account(victim.userId, attacker, city, agent, "login", true);
    });
    script.add(() -> events.account(victim.userId, attacker, city, agent, "password_change", true));
    script.add(() -> events.email(victim.userId, attacker, victim.email, "password_changed_v1",
      EventFactory.Delivery.DELIVERED));
    script.add(() -> events.account(victim.userId, attacker, city, agent, "two_factor_disabled", true));
    for (int i = 0; i < request.integer("emailBurst"); i++) {
      script.add(() -> events.email(victim.userId, attacker, SpamWaveRun.stranger(random),
        SPAM_TEMPLATES[random.nextInt(SPAM_TEMPLATES.length)],
        RandomDraws.chance(random, 0.15) ? EventFactory.Delivery.HARD_BOUNCE : EventFactory.Delivery.DELIVERED));
    }
  }
}
