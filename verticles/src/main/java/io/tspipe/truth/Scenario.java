package io.tspipe.truth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalogue of simulated attacks: each a named profile with its knobs. Every scenario takes {@code intensity}
 * (its share of all generated events while it runs) and {@code durationSeconds}; the rest are its own.
 */
public enum Scenario {

  CLASSIC("The original generator's attack mode: for its duration, that share of all traffic becomes hostile (60% "
    + "account activity from 10% of the classic address pool, 70% login failures, HTTP 40% 500 and 20% 429, 20% "
    + "latency spikes of 1-11 s, 40% email failures). The auto schedule starts it every 5 minutes with a 20% chance.",
    1.0, 300,
    ScenarioParameter.number("poolShare", 0.1, 0.001, 1, "share of the classic address pool the attack comes from"),
    ScenarioParameter.number("loginFailureRate", 0.7, 0, 1, "share of the attack's account activity that fails")),

  CREDENTIAL_STUFFING("Leaked credentials tried against many accounts: mostly unknown users or wrong passwords, a "
    + "few successes, from proxy and hosting addresses that rotate. The low_and_slow variant keeps every address "
    + "under one attempt a minute by drawing new addresses as needed.",
    0.05, 600,
    ScenarioParameter.choice("variant", "burst", List.of("burst", "low_and_slow"),
      "burst: a rotating pool of addresses; low_and_slow: each address at most one attempt per minute"),
    ScenarioParameter.integer("addresses", 50, 1, 5000, "size of the rotating address pool (burst)"),
    ScenarioParameter.integer("rotateSeconds", 120, 1, 86_400, "how often a quarter of the pool is replaced (burst)"),
    ScenarioParameter.number("unknownUserShare", 0.6, 0, 1, "share of attempts against user ids that do not exist"),
    ScenarioParameter.number("successRate", 0.02, 0, 1, "share of attempts on real accounts that succeed"),
    ScenarioParameter.number("hostingShare", 0.5, 0, 1,
      "share of addresses from hosting networks; the rest are residential proxies")),

  ACCOUNT_TAKEOVER("A few victims: after failed logins, a success from a new country and network, then a password "
    + "change, two-factor disabled, and a burst of email sends from the victim's account.",
    0.01, 600,
    ScenarioParameter.integer("victims", 3, 1, 100, "accounts taken over during the run"),
    ScenarioParameter.integer("failuresBefore", 3, 0, 50, "failed logins before the successful one"),
    ScenarioParameter.integer("emailBurst", 40, 0, 10_000, "emails sent from each taken-over account")),

  BRUTE_FORCE("One or a few addresses against a few accounts, with many failures each.",
    0.02, 300,
    ScenarioParameter.integer("attackers", 2, 1, 50, "attacking addresses"),
    ScenarioParameter.integer("targets", 3, 1, 100, "accounts attacked"),
    ScenarioParameter.number("successRate", 0.001, 0, 1, "chance that an attempt guesses the password")),

  API_SCRAPING("A few addresses, or one user's account, hammering read paths and drawing 429s.",
    0.05, 300,
    ScenarioParameter.integer("addresses", 3, 1, 100, "scraping addresses"),
    ScenarioParameter.flag("byUser", false, "scrape through one signed-in account rather than anonymous ids"),
    ScenarioParameter.number("throttledShare", 0.5, 0, 1, "share of the scraper's requests answered 429")),

  SPAM_WAVE("A burst of new accounts that then send email with high hard-bounce rates.",
    0.03, 600,
    ScenarioParameter.integer("accounts", 40, 1, 10_000, "accounts created by the spammer"),
    ScenarioParameter.integer("addresses", 5, 1, 500, "addresses the accounts are created and used from"),
    ScenarioParameter.number("hardBounceRate", 0.4, 0, 1, "share of the spam that bounces hard"));

  /** Largest duration a run may ask for: one day. */
  public static final long MAX_DURATION_SECONDS = 86_400;

  private final String description;
  private final List<ScenarioParameter> parameters;

  Scenario(String description, double intensity, long durationSeconds, ScenarioParameter... own) {
    this.description = description;
    List<ScenarioParameter> all = new ArrayList<>();
    all.add(ScenarioParameter.number("intensity", intensity, 0.0001, 1,
      "share of all generated events that this run produces while it lasts"));
    all.add(ScenarioParameter.integer("durationSeconds", durationSeconds, 1, MAX_DURATION_SECONDS,
      "how long the run lasts"));
    all.addAll(Arrays.asList(own));
    this.parameters = List.copyOf(all);
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }

  public List<ScenarioParameter> parameters() {
    return parameters;
  }

  public static Optional<Scenario> fromWireName(String name) {
    return Arrays.stream(values()).filter(scenario -> scenario.wireName().equals(name)).findFirst();
  }

  public static String allowedValues() {
    return Arrays.stream(values()).map(Scenario::wireName).collect(Collectors.joining(", "));
  }

  /** The catalogue entry: {@code {name, description, parameters: [...]}}. */
  public JsonObject toJson() {
    JsonArray knobs = new JsonArray();
    parameters.forEach(parameter -> knobs.add(parameter.toJson()));
    return new JsonObject().put("name", wireName()).put("description", description).put("parameters", knobs);
  }

  /** The whole catalogue, as {@code GET /api/v1/scenarios} answers it. */
  public static JsonObject catalogue() {
    JsonArray scenarios = new JsonArray();
    for (Scenario scenario : values()) {
      scenarios.add(scenario.toJson());
    }
    return new JsonObject().put("scenarios", scenarios);
  }
}
