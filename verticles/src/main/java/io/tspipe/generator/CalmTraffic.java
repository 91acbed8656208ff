package io.tspipe.generator;

import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Ordinary traffic, as sessions rather than independent draws: a login (sometimes a typo first), API requests by that
 * person from that address, emails to their own address, then mostly a logout. A number of sessions run at once and
 * each call emits the next event of one of them, so a session's events are seconds apart at the default rate.
 *
 * <p>Legitimate oddities a detector must tolerate: travel (a new country and network for hours), a new device, a
 * password reset after real failures, sign-ups and deletions, and the shared addresses of {@link Population}.
 */
final class CalmTraffic {

  /** Chance, per session, of each legitimate oddity. */
  static final double TYPO = 0.04;
  static final double PASSWORD_RESET = 0.003;
  static final double START_TRAVEL = 0.0015;
  static final double NEW_DEVICE = 0.01;
  static final double SIGN_UP = 0.004;
  static final double DELETE_ACCOUNT = 0.002;

  /** Where a session comes from, for people who have that place. */
  static final double FROM_PHONE = 0.35;
  static final double FROM_OFFICE = 0.3;
  static final double FROM_OTHER_PERSONAL = 0.03;

  private static final int MEAN_REQUESTS = 9;

  private static final Weighted<Integer> STATUSES = Weighted.<Integer>builder()
    .add(200, 95).add(400, 2).add(404, 1.5).add(500, 1.2).add(429, 0.3).build();
  private static final List<String> SESSION_EMAILS = List.of("login_alert_v4", "weekly_digest_v7", "two_factor_code_v1");

  private enum Step {
    TYPO, FAILED_LOGIN, PASSWORD_RESET, SIGN_UP, LOGIN, REQUEST, EMAIL, TWO_FACTOR_ON, TWO_FACTOR_OFF,
    PASSWORD_CHANGE, LOGOUT, DELETE
  }

  private static final class Session {
    final Person person;
    final Origin origin;
    final String userAgent;
    final Deque<Step> steps = new ArrayDeque<>();

    Session(Person person, Origin origin, String userAgent) {
      this.person = person;
      this.origin = origin;
      this.userAgent = userAgent;
    }
  }

  private final Population population;
  private final EventFactory events;
  private final RandomGenerator random;
  private final Session[] sessions;

  CalmTraffic(Population population, EventFactory events, RandomGenerator random, int concurrentSessions) {
    this.population = population;
    this.events = events;
    this.random = random;
    this.sessions = new Session[Math.max(1, concurrentSessions)];
  }

  /** Sessions at once for a rate: a session's events about {@code gapSeconds} apart, at most a quarter of everyone. */
  static int concurrentSessions(double ratePerSecond, int users, double gapSeconds) {
    return (int) Math.max(1, Math.min(Math.max(4, Math.round(ratePerSecond * gapSeconds)), Math.max(1, users / 4)));
  }

  JsonObject next() {
    int slot = random.nextInt(sessions.length);
    Session session = sessions[slot];
    if (session == null || session.steps.isEmpty()) {
      if (session != null) {
        session.person.inSession = false;
      }
      session = start();
      sessions[slot] = session;
    }
    return emit(session, session.steps.poll());
  }

  private Session start() {
    boolean signUp = RandomDraws.chance(random, SIGN_UP);
    Person person = signUp ? population.newPerson() : idlePerson();
    if (signUp) {
      population.join(person);
    }
    person.inSession = true;
    long now = events.millis();
    if (!person.travelling(now) && RandomDraws.chance(random, START_TRAVEL)) {
      person.travel = population.networks().elsewhere(person.home, random);
      person.travelCity = RandomDraws.pick(random, person.travel.country().cities());
      person.travelUntilMillis = now + RandomDraws.between(random, 30, 240) * 60_000L;
    }
    if (RandomDraws.chance(random, NEW_DEVICE)) {
      String device = RandomDraws.pick(random, Pools.DEVICE_AGENTS);
      if (random.nextBoolean()) {
        person.device = device;
      }
      return plan(new Session(person, origin(person, now), device), signUp);
    }
    return plan(new Session(person, origin(person, now), person.device), signUp);
  }

  private Person idlePerson() {
    Person person = population.random(random);
    for (int attempt = 0; attempt < 8 && person.inSession; attempt++) {
      person = population.random(random);
    }
    return person;
  }

  private Origin origin(Person person, long now) {
    if (person.travelling(now)) {
      return person.travel;
    }
    if (person.mobile != null && RandomDraws.chance(random, FROM_PHONE)) {
      return person.mobile;
    }
    if (person.office != null && RandomDraws.chance(random, FROM_OFFICE)) {
      return person.office;
    }
    for (int i = 1; i < person.personal.size(); i++) {
      if (RandomDraws.chance(random, FROM_OTHER_PERSONAL)) {
        return person.personal.get(i);
      }
    }
    return person.personal.get(0);
  }

  private Session plan(Session session, boolean signUp) {
    Deque<Step> steps = session.steps;
    if (signUp) {
      steps.add(Step.SIGN_UP);
    } else if (RandomDraws.chance(random, PASSWORD_RESET)) {
      for (int i = RandomDraws.between(random, 2, 4); i > 0; i--) {
        steps.add(Step.FAILED_LOGIN);
      }
      steps.add(Step.PASSWORD_RESET);
    } else if (RandomDraws.chance(random, TYPO)) {
      steps.add(Step.TYPO);
    }
    steps.add(Step.LOGIN);
    int requests = geometric(MEAN_REQUESTS);
    for (int i = 0; i < requests; i++) {
      steps.add(Step.REQUEST);
      double roll = random.nextDouble();
      if (roll < 0.1) {
        steps.add(Step.EMAIL);
      } else if (roll < 0.104) {
        steps.add(Step.TWO_FACTOR_ON);
      } else if (roll < 0.106) {
        steps.add(Step.TWO_FACTOR_OFF);
      } else if (roll < 0.11) {
        steps.add(Step.PASSWORD_CHANGE);
      }
    }
    if (RandomDraws.chance(random, DELETE_ACCOUNT)) {
      steps.add(Step.DELETE);
    } else if (RandomDraws.chance(random, 0.85)) {
      steps.add(Step.LOGOUT);
    }
    return session;
  }

  private int geometric(int mean) {
    double u = random.nextDouble();
    return (int) Math.min(mean * 20L, Math.floor(Math.log(1 - u) / Math.log(1 - 1.0 / mean)));
  }

  private JsonObject emit(Session session, Step step) {
    Person person = session.person;
    Origin origin = session.origin;
    Geography.City city = person.cityOf(origin);
    String agent = session.userAgent;
    return switch (step) {
      case TYPO, FAILED_LOGIN -> events.account(person.userId, origin, city, agent, "login", false, "invalid_password");
      case PASSWORD_RESET -> events.account(person.userId, origin, city, agent, "password_change", true);
      case SIGN_UP -> events.account(person.userId, origin, city, agent, "account_created", true);
      case LOGIN -> {
        person.loggedIn = true;
        yield events.account(person.userId, origin, city, agent, "login", true);
      }
      case TWO_FACTOR_ON -> events.account(person.userId, origin, city, agent, "two_factor_enabled", succeeds());
      case TWO_FACTOR_OFF -> events.account(person.userId, origin, city, agent, "two_factor_disabled", succeeds());
      case PASSWORD_CHANGE -> events.account(person.userId, origin, city, agent, "password_change", succeeds());
      case LOGOUT -> events.account(person.userId, origin, city, agent, "logout", succeeds());
      case DELETE -> {
        population.leave(person);
        yield events.account(person.userId, origin, city, agent, "account_deleted", true);
      }
      case REQUEST -> {
        int status = STATUSES.pick(random);
        boolean spike = RandomDraws.chance(random, 0.01);
        yield events.apiRequest(person.userId, origin, agent, Pools.METHODS.pick(random),
          RandomDraws.pick(random, Pools.API_PATHS), status,
          spike ? RandomDraws.between(random, 1_000, 5_000) : RandomDraws.between(random, 30, 250));
      }
      case EMAIL -> events.email(person.userId, origin, person.email, RandomDraws.pick(random, SESSION_EMAILS),
        delivery());
    };
  }

  private boolean succeeds() {
    return !RandomDraws.chance(random, 0.02);
  }

  private EventFactory.Delivery delivery() {
    double roll = random.nextDouble();
    return roll < 0.97 ? EventFactory.Delivery.DELIVERED
      : roll < 0.995 ? EventFactory.Delivery.SOFT_BOUNCE : EventFactory.Delivery.HARD_BOUNCE;
  }
}
