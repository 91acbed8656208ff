package io.tspipe.detector;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleLoaderTest {

  private static final String GOOD = """
    - name: ip_login_failures
      description: One address failing many logins.
      severity: high
      entity: ip
      window: 2m
      filter: action == "login"
      features:
        attempts: count()
        failures: count(not success)
        failure_rate: failures / attempts
      condition: failures >= 5 and failure_rate >= 0.5
    """;

  private static RuleException onlyError(String text) {
    RuleLoader.Loaded loaded = RuleLoader.load("broken.yaml", text, "db");
    assertEquals(1, loaded.errors().size(), loaded.errors().toString());
    return loaded.errors().get(0);
  }

  @Test
  @DisplayName("the rules shipped in rules/ all load and compile")
  void shippedRulesLoad() {
    RuleLoader.Loaded loaded = ShippedRules.load();
    assertEquals(java.util.List.of(), loaded.errors());
    assertTrue(loaded.rules().size() >= 10, "rules: " + loaded.rules().size());
  }

  @Test
  @DisplayName("a rule compiles to one query with its features as columns, and names only known fields")
  void compiles() {
    Rule rule = RuleLoader.load("good.yaml", GOOD, "db").rules().get(0);
    RuleQuery.Compiled query = RuleQuery.compile(rule, "db");
    assertEquals(java.util.List.of("attempts", "failures", "failure_rate"), query.features());
    assertTrue(query.sql().contains("countIf(timestamp >= {from:DateTime64(3, 'UTC')} AND (NOT (ifNull(success, true))))"),
      query.sql());
    assertTrue(query.sql().contains("action = 'login'"), query.sql());
    assertTrue(query.sql().contains("type = 'account_activity'"), "a login is an account event: " + query.sql());
    assertEquals(12, rule.version().length());
  }

  @Test
  @DisplayName("a shadow rule may name the rule it would replace; a live one may not")
  void replaces() {
    Rule shadow = RuleLoader.load("good.yaml", GOOD.replace("  entity: ip\n", "  entity: ip\n  mode: shadow\n"
      + "  replaces: ip_login_failures_v1\n"), "db").rules().get(0);
    assertEquals("ip_login_failures_v1", shadow.replaces());
    assertTrue(onlyError(GOOD.replace("  entity: ip\n", "  entity: ip\n  replaces: other\n")).getMessage()
      .contains("replaces: only a shadow rule replaces another"));
    assertTrue(onlyError(GOOD.replace("  entity: ip\n", "  entity: ip\n  mode: shadow\n  replaces: Not A Name\n"))
      .getMessage().contains("replaces: the name of the rule"));
  }

  @Test
  @DisplayName("a broken rule is reported with its file, name and line, and the other rules of the file still load")
  void brokenRuleNamesFileRuleAndLine() {
    String text = GOOD + """
    - name: typo
      description: A field that does not exist.
      severity: low
      entity: ip
      window: 1m
      features:
        failures: count(sucess == false)
      condition: failures >= 1
    """;
    RuleLoader.Loaded loaded = RuleLoader.load("mixed.yaml", text, "db");
    assertEquals(1, loaded.rules().size());
    RuleException error = loaded.errors().get(0);
    assertEquals("mixed.yaml", error.file());
    assertEquals("typo", error.rule());
    assertEquals(18, error.line(), error.getMessage());
    assertTrue(error.getMessage().contains("unknown field 'sucess'"), error.getMessage());
  }

  @Test
  @DisplayName("bad values are refused naming the key: entity, window, severity, unknown keys, syntax, values quoted")
  void refusals() {
    assertTrue(onlyError(GOOD.replace("entity: ip", "entity: device")).getMessage().contains("entity: expected one of"));
    assertTrue(onlyError(GOOD.replace("window: 2m", "window: 2 minutes")).getMessage().contains("window: expected a duration"));
    assertTrue(onlyError(GOOD.replace("severity: high", "severity: urgent")).getMessage().contains("severity"));
    assertTrue(onlyError(GOOD + "  colour: red\n").getMessage().contains("colour: unknown key"));
    RuleException syntax = onlyError(GOOD.replace("failures >= 5 and", "failures >= 5 and and"));
    assertTrue(syntax.getMessage().contains("condition: unexpected 'and'"), syntax.getMessage());
    assertEquals(11, syntax.line());
    assertTrue(onlyError(GOOD.replace("action == \"login\"", "action == login")).getMessage()
      .contains("compare action with a literal value"));
    assertTrue(onlyError(GOOD.replace("count(not success)", "count(status == \"x\")")).getMessage()
      .contains("status is a number"));
    assertTrue(onlyError("- name: [x]\n").getMessage().contains("name"));
    RuleException missing = onlyError(GOOD.replace("  condition: failures >= 5 and failure_rate >= 0.5\n", ""));
    assertEquals(1, missing.line(), "a missing key is reported at its rule's line: " + missing.getMessage());
    assertTrue(onlyError("rules: {}\n").getMessage().contains("a list of rules"));
    assertTrue(onlyError("- name: a\n  description: [unclosed\n").getMessage().contains("not valid YAML"));
  }

  @Test
  @DisplayName("every sets how often a rule is evaluated, in whole detector ticks, at most its window")
  void every() {
    Duration tick = Duration.ofSeconds(1);
    Rule eachTick = RuleLoader.load("good.yaml", GOOD, "db").rules().get(0);
    assertEquals(Duration.ZERO, eachTick.every());
    assertEquals(1_000, eachTick.stepMillis(tick));
    Rule everyFive = RuleLoader.load("good.yaml", GOOD.replace("  window: 2m\n", "  window: 2m\n  every: 5s\n"), "db")
      .rules().get(0);
    assertEquals(5_000, everyFive.stepMillis(tick));
    assertEquals(4_000, everyFive.stepMillis(Duration.ofSeconds(2)), "rounded down to whole ticks of 2 s");
    assertEquals(10_000, everyFive.stepMillis(Duration.ofSeconds(10)), "never more often than the detector's tick");
    assertNotEquals(eachTick.version(), everyFive.version(), "a detection names the rule with its cadence");
    assertTrue(onlyError(GOOD.replace("  window: 2m\n", "  window: 2m\n  every: 3m\n")).getMessage()
      .contains("every: expected more than 0 and at most 2m, got 3m"));
    assertTrue(onlyError(GOOD.replace("  window: 2m\n", "  window: 2m\n  every: 0s\n")).getMessage()
      .contains("every: expected more than 0"));
    assertTrue(onlyError(GOOD.replace("  window: 2m\n", "  window: 2m\n  every: often\n")).getMessage()
      .contains("every: expected a duration"));
  }

  @Test
  @DisplayName("text values are escaped: a quote in a rule cannot end the SQL string")
  void literalsAreEscaped() {
    Rule rule = RuleLoader.load("q.yaml", GOOD.replace("action == \"login\"", "action == \"lo'gin\\\\\""), "db")
      .rules().get(0);
    assertTrue(RuleQuery.compile(rule, "db").sql().contains("action = 'lo\\'gin\\\\\\\\'"),
      RuleQuery.compile(rule, "db").sql());
  }

  @Test
  @DisplayName("labelled(field, name) reads the labels in force at the tick on the event's entity; only entity fields")
  void labelledPredicate() {
    Rule rule = RuleLoader.load("l.yaml", GOOD.replace("count(not success)",
      "count(not success and labelled(ip, \"mass_signup\"))"), "db").rules().get(0);
    String sql = RuleQuery.compile(rule, "db").sql();
    assertTrue(sql.contains("source_ip IN (SELECT entity FROM (SELECT entity, label"), sql);
    assertTrue(sql.contains("FROM db.labels WHERE entity_kind = 'ip' AND changed_at <= {to:DateTime64(3, 'UTC')}"), sql);
    assertTrue(sql.contains("label IN ('mass_signup')"), sql);
    Rule anyBad = RuleLoader.load("l.yaml", GOOD.replace("count(not success)", "count(labelled(asn, \"bad\"))"), "db")
      .rules().get(0);
    assertTrue(RuleQuery.compile(anyBad, "db").sql().contains("toString(asn) IN (SELECT entity"),
      RuleQuery.compile(anyBad, "db").sql());
    assertTrue(onlyError(GOOD.replace("count(not success)", "count(labelled(status, \"bad\"))")).getMessage()
      .contains("labelled takes an entity field"));
    assertTrue(onlyError(GOOD.replace("count(not success)", "count(labelled(ip, 3))")).getMessage()
      .contains("labelled takes a quoted label name"));
  }

  @Test
  @DisplayName("never_seen(field) joins an account's profile after the aggregate; only for accounts, its fields, the condition")
  void neverSeen() {
    String rule = """
      - name: new_country
        description: A login from a country new to the account.
        severity: high
        entity: user
        window: 10m
        features:
          logins: count(action == "login")
          countries: never_seen(ip_country, action == "login" and success)
        condition: countries >= 1 and logins >= 1
      """;
    String sql = RuleQuery.compile(RuleLoader.load("n.yaml", rule, "db").rules().get(0), "db").sql();
    assertTrue(sql.contains("groupUniqArrayIf(ip_country, timestamp >= {from:DateTime64(3, 'UTC')} AND ("), sql);
    assertTrue(sql.contains("LEFT JOIN (SELECT entity, arrayMap(pair -> pair.1, arrayFilter(pair -> pair.2 >= "
      + "{from:DateTime64(3, 'UTC')} AND pair.2 > arrayMin("), sql);
    assertTrue(sql.contains("FROM db.entity_profile WHERE entity_kind = 'user' AND field = 'ip_country'"), sql);
    assertTrue(sql.contains("WHERE ((f_countries >= 1) AND (f_logins >= 1))"), sql);
    assertTrue(onlyError(rule.replace("entity: user", "entity: ip")).getMessage().contains("never_seen reads an account's profile"));
    assertTrue(onlyError(rule.replace("never_seen(ip_country", "never_seen(status")).getMessage()
      .contains("never_seen reads an account's profile"));
    assertTrue(onlyError(rule.replace("condition: countries >= 1 and logins >= 1",
      "  twice: countries * 2\n  condition: twice >= 1").replace("\n  condition", "\n  condition"))
      .getMessage().contains("is a never_seen feature"));
    assertTrue(onlyError(rule.replace("never_seen(ip_country, action == \"login\" and success)",
      "never_seen(ip_country) + 1")).getMessage().contains("never_seen is a feature of its own"));
  }
}
