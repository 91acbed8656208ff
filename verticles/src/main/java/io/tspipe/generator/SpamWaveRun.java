package io.tspipe.generator;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * {@code spam_wave}: {@code accounts} new accounts signed up from {@code addresses} addresses with throw-away emails
 * (each sent its welcome email), each logging in once and then sending email to strangers, {@code hardBounceRate} of it bouncing hard. Accounts are
 * created over the first part of the run, interleaved with the sending.
 */
final class SpamWaveRun extends ScenarioRun {

  private static final List<String> DISPOSABLE_DOMAINS = List.of(
    "mailinator.com", "yopmail.com", "guerrillamail.com", "sharklasers.com", "10minutemail.com", "trashmail.com");
  private static final List<String> STRANGER_DOMAINS = List.of(
    "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "mail.ru", "gmx.net");

  private record Account(String userId, String email, Origin origin) {
  }

  private final List<Origin> addresses = new ArrayList<>();
  private final List<Account> accounts = new ArrayList<>();
  private final List<Account> welcomed = new ArrayList<>();
  private final List<Account> loggedIn = new ArrayList<>();
  private final String agent;

  SpamWaveRun(AttackWindow window, ScenarioRequest request, Context context) {
    super(window, request, context);
    for (int i = 0; i < request.integer("addresses"); i++) {
      addresses.add(networks.attacking(random, 0.6));
    }
    this.agent = RandomDraws.pick(random, Pools.DEVICE_AGENTS);
  }

  /** A random recipient who never asked for the mail; a share of such addresses do not exist. */
  static String stranger(RandomGenerator random) {
    return RandomDraws.hex(random, 10) + "@" + RandomDraws.pick(random, STRANGER_DOMAINS);
  }

  @Override
  JsonObject next() {
    boolean create = accounts.size() < request.integer("accounts")
      && (loggedIn.isEmpty() || RandomDraws.chance(random, 0.25));
    if (create) {
      Account account = new Account(RandomDraws.uuid(random).toString(),
        (RandomDraws.hex(random, 8) + "@" + RandomDraws.pick(random, DISPOSABLE_DOMAINS)).toLowerCase(Locale.ROOT),
        RandomDraws.pick(random, addresses));
      accounts.add(account);
      record(account);
      return events.account(account.userId(), account.origin(), account.origin().country().cities().get(0), agent,
        "account_created", true);
    }
    if (welcomed.size() < accounts.size()) {
      Account account = accounts.get(welcomed.size());
      welcomed.add(account);
      return events.email(account.userId(), account.origin(), account.email(), "welcome_v3",
        EventFactory.Delivery.DELIVERED);
    }
    if (loggedIn.size() < accounts.size()) {
      Account account = accounts.get(loggedIn.size());
      loggedIn.add(account);
      return login(account.userId(), account.origin(), agent, true, null);
    }
    Account sender = RandomDraws.pick(random, loggedIn);
    record(sender);
    double roll = random.nextDouble();
    double hard = request.number("hardBounceRate");
    return events.email(sender.userId(), sender.origin(), stranger(random), "promo_blast_v1",
      roll < hard ? EventFactory.Delivery.HARD_BOUNCE
        : roll < hard + 0.05 ? EventFactory.Delivery.SOFT_BOUNCE : EventFactory.Delivery.DELIVERED);
  }

  private void record(Account account) {
    attacker(AttackEntity.Kind.IP, account.origin().ip());
    attacker(AttackEntity.Kind.USER, account.userId());
    attacker(AttackEntity.Kind.EMAIL, account.email());
  }
}
