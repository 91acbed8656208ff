package io.tspipe.generator;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An hour of calm traffic at the default settings, on simulated time, measured the way an analyst would look at it:
 * addresses per user, where logins come from, how many users an address serves, and how often logins fail.
 */
class CalmTrafficTest {

  private static SimulatedTraffic hour;
  private static List<JsonObject> events;
  private static Map<String, Person> people;
  /** The figures measured, printed once all tests ran. */
  private static final Map<String, String> FIGURES = new java.util.TreeMap<>();

  @org.junit.jupiter.api.AfterAll
  static void report() {
    System.out.println("Calm traffic, one simulated hour at the defaults: " + FIGURES);
  }

  @BeforeAll
  static void simulateAnHour() {
    hour = new SimulatedTraffic(SimulatedTraffic.settings(new JsonObject()), 42);
    people = new HashMap<>();
    hour.traffic.population().people().forEach(person -> people.put(person.userId, person));
    hour.run(Duration.ofHours(1));
    hour.traffic.population().people().forEach(person -> people.put(person.userId, person));
    events = hour.events();
  }

  @Test
  @DisplayName("the median active user uses at most 2 addresses in an hour, and the 99th percentile at most 6")
  void addressesPerUser() {
    Map<String, Set<String>> addresses = new HashMap<>();
    events.forEach(event -> addresses.computeIfAbsent(event.getString("userId"), user -> new HashSet<>())
      .add(event.getString("sourceIp")));
    List<Integer> counts = new ArrayList<>(addresses.values().stream().map(Set::size).toList());
    Collections.sort(counts);
    assertTrue(counts.size() > 500, "most people are active in an hour: " + counts.size());
    int median = counts.get(counts.size() / 2);
    int p99 = counts.get((int) Math.ceil(counts.size() * 0.99) - 1);
    FIGURES.put("addresses per user (median, p99)", median + ", " + p99);
    assertTrue(median <= 2, "median " + median);
    assertTrue(p99 <= 6, "p99 " + p99);
  }

  @Test
  @DisplayName("at least 95% of logins come from the user's home country")
  void loginsFromHome() {
    long logins = 0;
    long fromHome = 0;
    for (JsonObject event : events) {
      if ("login".equals(event.getString("action")) && people.containsKey(event.getString("userId"))) {
        logins++;
        if (people.get(event.getString("userId")).home.code().equals(event.getJsonObject("geo").getString("country"))) {
          fromHome++;
        }
      }
    }
    double share = fromHome / (double) logins;
    FIGURES.put("logins from home", String.format("%.2f%% of %d", share * 100, logins));
    assertTrue(logins > 10_000, "logins: " + logins);
    assertTrue(share >= 0.95, "from home: " + share);
    assertTrue(share < 1, "travel happens: " + share);
  }

  @Test
  @DisplayName("1-5% of addresses serve 20 or more users, and those are the shared networks (carrier and office NAT)")
  void sharedAddresses() {
    Map<String, Set<String>> users = new HashMap<>();
    events.forEach(event -> users.computeIfAbsent(event.getString("sourceIp"), ip -> new HashSet<>())
      .add(event.getString("userId")));
    Set<String> shared = new HashSet<>();
    people.values().forEach(person -> {
      if (person.mobile != null) {
        shared.add(person.mobile.ip());
      }
      if (person.office != null) {
        shared.add(person.office.ip());
      }
    });
    List<String> busy = users.entrySet().stream().filter(entry -> entry.getValue().size() >= 20)
      .map(Map.Entry::getKey).toList();
    double share = busy.size() / (double) users.size();
    FIGURES.put("addresses serving 20+ users", String.format("%d of %d (%.2f%%)", busy.size(), users.size(), share * 100));
    assertTrue(share >= 0.01 && share <= 0.05, busy.size() + " of " + users.size() + " addresses serve 20+ users");
    assertTrue(shared.containsAll(busy), "every busy address is a carrier's or an office's");
  }

  @Test
  @DisplayName("3-6% of logins fail, mostly typos followed by a success within seconds")
  void loginFailureRate() {
    List<JsonObject> logins = events.stream().filter(event -> "login".equals(event.getString("action"))).toList();
    long failed = logins.stream().filter(event -> !event.getBoolean("success")).count();
    double rate = failed / (double) logins.size();
    FIGURES.put("login failure rate", String.format("%.2f%% of %d", rate * 100, logins.size()));
    assertTrue(rate >= 0.03 && rate <= 0.06, "login failure rate " + rate);
  }

  @Test
  @DisplayName("every event's geo is its address's country, as the IP database says")
  void geoIsWhereTheAddressIs() {
    for (JsonObject event : events) {
      if (event.containsKey("geo")) {
        assertEquals(SimulatedTraffic.intelligence().lookup(event.getString("sourceIp")).country(),
          event.getJsonObject("geo").getString("country"), event::encode);
      }
    }
  }
}
