package io.tspipe.generator;

import io.tspipe.event.EventType;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each scenario at its default intensity beside calm traffic, against the same calm traffic alone: the features a
 * Trust & Safety analyst would look at move the expected way, and the ground truth names who took part.
 */
class ScenariosTest {

  private static final Duration SPAN = Duration.ofMinutes(10);
  private static final JsonObject RATE = new JsonObject().put("ratePerSecond", 100);
  private static List<JsonObject> calm;

  @BeforeAll
  static void calmTraffic() {
    calm = new SimulatedTraffic(SimulatedTraffic.settings(RATE), 7).run(SPAN).events();
  }

  private static SimulatedTraffic withRun(JsonObject request) {
    SimulatedTraffic traffic = new SimulatedTraffic(SimulatedTraffic.settings(RATE), 7);
    traffic.start(ScenarioRequest.parse(request));
    return traffic.run(SPAN);
  }

  private static SimulatedTraffic withRun(Scenario scenario) {
    return withRun(new JsonObject().put("scenario", scenario.wireName()));
  }

  private static boolean failedLogin(JsonObject event) {
    return "login".equals(event.getString("action")) && !event.getBoolean("success");
  }

  /** Per address, how many of its events match. */
  private static Map<String, Long> perAddress(List<JsonObject> events, Predicate<JsonObject> which) {
    return events.stream().filter(which).collect(Collectors.groupingBy(event -> event.getString("sourceIp"),
      Collectors.counting()));
  }

  private static long max(Collection<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static Set<String> values(SimulatedTraffic traffic, AttackEntity.Kind kind, AttackEntity.Role role) {
    return traffic.entities.stream().filter(entity -> entity.kind() == kind && entity.role() == role)
      .map(AttackEntity::value).collect(Collectors.toSet());
  }

  @Test
  @DisplayName("credential stuffing: attacking addresses fail many logins against many users, beyond any calm address")
  void credentialStuffing() {
    SimulatedTraffic run = withRun(Scenario.CREDENTIAL_STUFFING);
    Set<String> attackers = values(run, AttackEntity.Kind.IP, AttackEntity.Role.ATTACKER);
    Map<String, Long> failures = perAddress(run.events(), ScenariosTest::failedLogin);
    long calmWorst = max(perAddress(calm, ScenariosTest::failedLogin).values());
    long attackerFailures = attackers.stream().mapToLong(ip -> failures.getOrDefault(ip, 0L)).sum();
    assertTrue(attackerFailures / (double) attackers.size() > calmWorst,
      "mean failures per attacking address " + attackerFailures / (double) attackers.size() + ", worst calm " + calmWorst);
    Map<String, Set<String>> usersTried = new HashMap<>();
    run.events().stream().filter(ScenariosTest::failedLogin).forEach(event ->
      usersTried.computeIfAbsent(event.getString("sourceIp"), ip -> new HashSet<>()).add(event.getString("userId")));
    assertTrue(attackers.stream().allMatch(ip -> usersTried.getOrDefault(ip, Set.of()).size() > 3),
      "every attacking address tries several users");
    assertFalse(values(run, AttackEntity.Kind.USER, AttackEntity.Role.VICTIM).isEmpty());
    assertTrue(run.events().stream().anyMatch(event -> "login".equals(event.getString("action"))
      && event.getBoolean("success") && attackers.contains(event.getString("sourceIp"))), "a few successes");
  }

  @Test
  @DisplayName("low-and-slow credential stuffing: no address makes more than one attempt a minute")
  void lowAndSlowStuffing() {
    SimulatedTraffic run = withRun(new JsonObject().put("scenario", "credential_stuffing").put("variant", "low_and_slow"));
    Set<String> attackers = values(run, AttackEntity.Kind.IP, AttackEntity.Role.ATTACKER);
    Map<String, List<Instant>> attempts = new HashMap<>();
    run.events().stream().filter(event -> attackers.contains(event.getString("sourceIp")))
      .forEach(event -> attempts.computeIfAbsent(event.getString("sourceIp"), ip -> new java.util.ArrayList<>())
        .add(Instant.parse(event.getString("timestamp"))));
    long totalAttempts = attempts.values().stream().mapToLong(List::size).sum();
    assertTrue(totalAttempts > 1000, "attempts " + totalAttempts);
    for (List<Instant> times : attempts.values()) {
      for (int i = 1; i < times.size(); i++) {
        assertTrue(Duration.between(times.get(i - 1), times.get(i)).toSeconds() >= 60, "an address waits a minute");
      }
    }
    assertTrue(attackers.size() > 100, "many addresses: " + attackers.size());
  }

  @Test
  @DisplayName("account takeover: victims log in from a new country, change the password, drop two-factor, send a burst")
  void accountTakeover() {
    SimulatedTraffic run = withRun(Scenario.ACCOUNT_TAKEOVER);
    Set<String> victims = values(run, AttackEntity.Kind.USER, AttackEntity.Role.VICTIM);
    assertEquals(3, victims.size());
    Map<String, Set<String>> calmCountries = loginCountries(calm);
    Map<String, Set<String>> countries = loginCountries(run.events());
    for (String victim : victims) {
      assertTrue(countries.get(victim).size() > calmCountries.getOrDefault(victim, Set.of()).size(),
        "a new country for " + victim);
      List<JsonObject> own = run.events().stream().filter(event -> victim.equals(event.getString("userId"))).toList();
      assertTrue(own.stream().anyMatch(event -> "two_factor_disabled".equals(event.getString("action"))));
      assertTrue(own.stream().filter(event -> "email_send".equals(event.getString("type"))).count() >= 40);
    }
    assertEquals(victims.size(), values(run, AttackEntity.Kind.EMAIL, AttackEntity.Role.VICTIM).size());
    assertNotNull(run.windows.get(run.windows.size() - 1).endedAt(), "the run ends once its script is done");
  }

  private static Map<String, Set<String>> loginCountries(List<JsonObject> events) {
    Map<String, Set<String>> countries = new HashMap<>();
    events.stream().filter(event -> "login".equals(event.getString("action")) && event.getBoolean("success"))
      .forEach(event -> countries.computeIfAbsent(event.getString("userId"), user -> new HashSet<>())
        .add(event.getJsonObject("geo").getString("country")));
    return countries;
  }

  @Test
  @DisplayName("brute force: a few addresses, each with far more failures than any calm address, against a few users")
  void bruteForce() {
    SimulatedTraffic run = withRun(Scenario.BRUTE_FORCE);
    Set<String> attackers = values(run, AttackEntity.Kind.IP, AttackEntity.Role.ATTACKER);
    assertEquals(2, attackers.size());
    Map<String, Long> failures = perAddress(run.events(), ScenariosTest::failedLogin);
    long calmWorst = max(perAddress(calm, ScenariosTest::failedLogin).values());
    attackers.forEach(ip -> assertTrue(failures.get(ip) > 10 * Math.max(1, calmWorst), ip + ": " + failures.get(ip)));
    assertEquals(3, values(run, AttackEntity.Kind.USER, AttackEntity.Role.VICTIM).size());
  }

  @Test
  @DisplayName("API scraping: the scraping addresses draw far more 429s than any calm address")
  void apiScraping() {
    SimulatedTraffic run = withRun(Scenario.API_SCRAPING);
    Predicate<JsonObject> throttled = event -> Integer.valueOf(429).equals(event.getInteger("statusCode"));
    long calmWorst = max(perAddress(calm, throttled).values());
    Map<String, Long> throttles = perAddress(run.events(), throttled);
    Set<String> attackers = values(run, AttackEntity.Kind.IP, AttackEntity.Role.ATTACKER);
    attackers.forEach(ip -> assertTrue(throttles.get(ip) > 10 * Math.max(1, calmWorst), ip + ": " + throttles.get(ip)));
  }

  @Test
  @DisplayName("spam wave: the new accounts' email bounces hard far more often than calm senders'")
  void spamWave() {
    SimulatedTraffic run = withRun(Scenario.SPAM_WAVE);
    Set<String> accounts = values(run, AttackEntity.Kind.USER, AttackEntity.Role.ATTACKER);
    assertEquals(40, accounts.size());
    Set<String> created = run.events().stream().filter(event -> "account_created".equals(event.getString("action")))
      .map(event -> event.getString("userId")).collect(Collectors.toSet());
    assertTrue(created.containsAll(accounts));
    Function<List<JsonObject>, Double> hardBounceRate = events -> {
      List<JsonObject> emails = events.stream().filter(event -> "email_send".equals(event.getString("type"))).toList();
      return emails.stream().filter(event -> "hard".equals(event.getString("bounceType"))).count() / (double) emails.size();
    };
    double spam = hardBounceRate.apply(run.events().stream().filter(event -> accounts.contains(event.getString("userId"))).toList());
    double calmRate = hardBounceRate.apply(calm);
    assertTrue(spam > 10 * calmRate, "spam " + spam + ", calm " + calmRate);
  }

  @Test
  @DisplayName("classic: the seed's attack makes most logins fail across the whole stream")
  void classic() {
    SimulatedTraffic run = withRun(new JsonObject().put("scenario", "classic").put("durationSeconds", SPAN.toSeconds()));
    List<JsonObject> logins = run.events().stream().filter(event -> "login".equals(event.getString("action"))).toList();
    double rate = logins.stream().filter(event -> !event.getBoolean("success")).count() / (double) logins.size();
    assertTrue(rate > 0.6, "login failure rate " + rate);
    assertEquals(50, values(run, AttackEntity.Kind.IP, AttackEntity.Role.ATTACKER).size(), "10% of the 500-address pool");
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  @DisplayName("every run records one window that opens and closes, and entities whose addresses are in its events")
  void groundTruth(Scenario scenario) {
    SimulatedTraffic run = withRun(new JsonObject().put("scenario", scenario.wireName()).put("durationSeconds", 300));
    assertEquals(2, run.windows.size(), "opened and closed");
    AttackWindow opened = run.windows.get(0);
    AttackWindow closed = run.windows.get(1);
    assertEquals(opened.windowId(), closed.windowId());
    assertEquals(scenario.wireName(), closed.scenario());
    assertNotNull(closed.endedAt());
    Set<String> addresses = run.events().stream().map(event -> event.getString("sourceIp")).collect(Collectors.toSet());
    Set<String> attackers = values(run, AttackEntity.Kind.IP, AttackEntity.Role.ATTACKER);
    assertFalse(attackers.isEmpty());
    assertTrue(addresses.containsAll(attackers));
    run.entities.forEach(entity -> {
      assertEquals(opened.windowId(), entity.windowId());
      assertFalse(entity.firstSeenAt().isBefore(opened.startedAt()));
    });
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  @DisplayName("no event carries a mark of the truth: a scenario's events are valid and have only the fields calm events have")
  void noMarkOfTheTruth(Scenario scenario) {
    EventSchemas schemas = EventSchemas.load();
    Map<String, Set<String>> calmFields = new HashMap<>();
    calm.forEach(event -> calmFields.computeIfAbsent(event.getString("type"), type -> new HashSet<>())
      .addAll(event.fieldNames()));
    for (JsonObject event : withRun(scenario).events()) {
      EventType type = EventType.fromWireName(event.getString("type")).orElseThrow();
      assertTrue(schemas.valid(type, event), event::encode);
      assertTrue(calmFields.get(type.wireName()).containsAll(event.fieldNames()), event::encode);
    }
  }
}
