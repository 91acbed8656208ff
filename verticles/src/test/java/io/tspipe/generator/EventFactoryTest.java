package io.tspipe.generator;

import io.tspipe.model.EventType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFactoryTest {

  private static final int EVENTS = 30_000;
  private static final Instant NOW = Instant.parse("2026-11-24T15:04:05Z");

  private static Pools pools;
  private static Sample normal;
  private static Sample attack;

  /** The events of one profile, grouped by type. */
  private record Sample(List<JsonObject> all, Map<EventType, List<JsonObject>> byType) {
    static Sample of(TrafficProfile profile, long seed) {
      EventFactory factory = new EventFactory(new SplittableRandom(seed), pools, Clock.fixed(NOW, ZoneOffset.UTC));
      List<JsonObject> all = new ArrayList<>();
      Map<EventType, List<JsonObject>> byType = new EnumMap<>(EventType.class);
      for (EventType type : EventType.values()) {
        byType.put(type, new ArrayList<>());
      }
      for (int i = 0; i < EVENTS; i++) {
        JsonObject event = factory.next(profile);
        all.add(event);
        byType.get(EventType.fromWireName(event.getString("type")).orElseThrow()).add(event);
      }
      return new Sample(all, byType);
    }

    List<JsonObject> of(EventType type) {
      return byType.get(type);
    }

    double typeShare(EventType type) {
      return byType.get(type).size() / (double) all.size();
    }

    static double share(List<JsonObject> events, Predicate<JsonObject> predicate) {
      return events.stream().filter(predicate).count() / (double) events.size();
    }

    Set<String> distinct(String field) {
      return all.stream().map(event -> event.getString(field)).collect(Collectors.toSet());
    }
  }

  @BeforeAll
  static void generate() {
    pools = Pools.generate(new SplittableRandom(1), 1000, 500);
    normal = Sample.of(TrafficProfile.NORMAL, 2);
    attack = Sample.of(TrafficProfile.ATTACK, 3);
  }

  @Test
  @DisplayName("every good event of both profiles is valid against its JSON Schema")
  void everyEventIsSchemaValid() {
    EventSchemas schemas = EventSchemas.load();
    for (Sample sample : List.of(normal, attack)) {
      for (EventType type : EventType.values()) {
        for (JsonObject event : sample.of(type)) {
          assertTrue(schemas.valid(type, new JsonObject(event.encode())),
            () -> event.encode() + " → " + schemas.validate(type, event));
        }
      }
    }
  }

  @Test
  @DisplayName("timestamps are ISO-8601 UTC with exactly three millisecond digits, even on a whole second")
  void timestampFormat() {
    assertEquals(Set.of("2026-11-24T15:04:05.000Z"), normal.distinct("timestamp"));
    EventFactory factory = new EventFactory(new SplittableRandom(4), pools,
      Clock.fixed(Instant.parse("2026-01-02T03:04:05.120Z"), ZoneOffset.UTC));
    assertEquals("2026-01-02T03:04:05.120Z", factory.next(TrafficProfile.NORMAL).getString("timestamp"));
  }

  @Test
  @DisplayName("every event carries a fresh random id, schema version 1 and a user from the pool")
  void commonFields() {
    Set<String> userIds = pools.users().stream().map(User::userId).collect(Collectors.toSet());
    assertEquals(EVENTS, normal.distinct("id").size());
    for (JsonObject event : normal.all()) {
      assertEquals(1, event.getInteger("schemaVersion"));
      assertTrue(userIds.contains(event.getString("userId")));
      assertTrue(pools.ips().contains(event.getString("sourceIp")));
    }
    assertTrue(normal.distinct("userId").size() > 950, "traffic spreads over the user pool");
  }

  @Test
  @DisplayName("normal traffic: types uniform, 5% account failures, HTTP 95/3/2 within 50–250 ms, 5% email failures")
  void normalProfileStatistics() {
    for (EventType type : EventType.values()) {
      assertEquals(1 / 3.0, normal.typeShare(type), 0.015, type + " share");
    }
    assertEquals(0.05, Sample.share(normal.of(EventType.ACCOUNT_ACTIVITY), failed()), 0.012);

    List<JsonObject> api = normal.of(EventType.API_REQUEST);
    assertEquals(0.95, Sample.share(api, status(200)), 0.012);
    assertEquals(0.03, Sample.share(api, status(400)), 0.008);
    assertEquals(0.02, Sample.share(api, status(500)), 0.007);
    assertEquals(Set.of(200, 400, 500), api.stream().map(e -> e.getInteger("statusCode")).collect(Collectors.toSet()));
    assertLatencies(api, 50, 250);

    assertEquals(0.05, Sample.share(normal.of(EventType.EMAIL_SEND), failed()), 0.012);
    assertBouncesSplit(normal.of(EventType.EMAIL_SEND));
  }

  @Test
  @DisplayName("attack traffic: 60% account activity, 70% account failures, HTTP 40% 500 and 20% 429, 20% 1–11 s spikes, 40% email failures")
  void attackProfileStatistics() {
    assertEquals(0.60, attack.typeShare(EventType.ACCOUNT_ACTIVITY), 0.015);
    assertEquals(0.20, attack.typeShare(EventType.API_REQUEST), 0.015);
    assertEquals(0.20, attack.typeShare(EventType.EMAIL_SEND), 0.015);
    assertEquals(0.70, Sample.share(attack.of(EventType.ACCOUNT_ACTIVITY), failed()), 0.015);

    List<JsonObject> api = attack.of(EventType.API_REQUEST);
    assertEquals(0.40, Sample.share(api, status(500)), 0.03);
    assertEquals(0.20, Sample.share(api, status(429)), 0.025);
    assertEquals(0.40, Sample.share(api, status(200)), 0.03);
    assertEquals(Set.of(200, 429, 500), api.stream().map(e -> e.getInteger("statusCode")).collect(Collectors.toSet()));

    List<JsonObject> spikes = api.stream().filter(e -> e.getInteger("responseTimeMs") >= 1000).toList();
    List<JsonObject> ordinary = api.stream().filter(e -> e.getInteger("responseTimeMs") < 1000).toList();
    assertEquals(0.20, spikes.size() / (double) api.size(), 0.025, "share of 1–11 s spikes");
    assertLatencies(spikes, 1_000, 11_000);
    assertLatencies(ordinary, 50, 250);

    assertEquals(0.40, Sample.share(attack.of(EventType.EMAIL_SEND), failed()), 0.03);
    assertBouncesSplit(attack.of(EventType.EMAIL_SEND));
  }

  @Test
  @DisplayName("an attack comes from at most 10% of the IP pool, normal traffic from nearly all of it")
  void ipConcentration() {
    Set<String> attackIps = attack.distinct("sourceIp");
    assertTrue(attackIps.size() <= pools.ips().size() / 10, "distinct attack IPs: " + attackIps.size());
    assertTrue(attackIps.size() >= 45, "the attack uses its whole share: " + attackIps.size());
    assertTrue(normal.distinct("sourceIp").size() > 490, "normal traffic spreads over the pool");
  }

  @Test
  @DisplayName("account activity uses every action, and names a failure reason exactly when it fails")
  void accountActivityFields() {
    Set<String> actions = Set.of("login", "logout", "password_change", "two_factor_enabled", "two_factor_disabled",
      "account_created", "account_deleted");
    for (Sample sample : List.of(normal, attack)) {
      List<JsonObject> account = sample.of(EventType.ACCOUNT_ACTIVITY);
      assertEquals(actions, account.stream().map(e -> e.getString("action")).collect(Collectors.toSet()));
      for (JsonObject event : account) {
        assertEquals(!event.getBoolean("success"), event.containsKey("failureReason"), event::encode);
      }
    }
    assertTrue(Sample.share(attack.of(EventType.ACCOUNT_ACTIVITY), e -> e.getString("action").equals("login")) > 0.7,
      "an attack is mostly logins");
  }

  @Test
  @DisplayName("API requests use all five methods and all seven paths, with sizes that are never negative")
  void apiRequestFields() {
    List<JsonObject> api = normal.of(EventType.API_REQUEST);
    assertEquals(Set.of("GET", "POST", "PUT", "DELETE", "PATCH"),
      api.stream().map(e -> e.getString("method")).collect(Collectors.toSet()));
    assertEquals(Set.copyOf(Pools.API_PATHS), api.stream().map(e -> e.getString("path")).collect(Collectors.toSet()));
    assertTrue(api.stream().allMatch(e -> e.getInteger("requestBytes") >= 0 && e.getInteger("responseBytes") >= 0));
  }

  @Test
  @DisplayName("emails go to the user's address with one of five templates; a message id and no bounce exactly on success")
  void emailFields() {
    Map<String, String> emailOf = pools.users().stream().collect(Collectors.toMap(User::userId, User::email));
    List<JsonObject> emails = attack.of(EventType.EMAIL_SEND);
    assertEquals(Set.copyOf(Pools.EMAIL_TEMPLATES), emails.stream().map(e -> e.getString("templateId")).collect(Collectors.toSet()));
    for (JsonObject email : emails) {
      assertEquals(emailOf.get(email.getString("userId")), email.getString("recipientEmail"));
      if (email.getBoolean("success")) {
        assertNotNull(email.getString("messageId"));
        assertEquals("none", email.getString("bounceType"));
        assertFalse(email.containsKey("failureReason"));
      } else {
        assertNull(email.getString("messageId"));
        assertTrue(Set.of("hard", "soft").contains(email.getString("bounceType")));
        assertNotNull(email.getString("failureReason"));
      }
    }
  }

  @Test
  @DisplayName("users keep the same email, country, city and coordinates in every event about them")
  void usersAreStable() {
    Map<String, String> emails = new HashMap<>();
    Map<String, JsonObject> geos = new HashMap<>();
    Map<String, User> pool = pools.users().stream().collect(Collectors.toMap(User::userId, user -> user));
    for (Sample sample : List.of(normal, attack)) {
      for (JsonObject email : sample.of(EventType.EMAIL_SEND)) {
        String previous = emails.putIfAbsent(email.getString("userId"), email.getString("recipientEmail"));
        assertTrue(previous == null || previous.equals(email.getString("recipientEmail")));
      }
      for (JsonObject account : sample.of(EventType.ACCOUNT_ACTIVITY)) {
        JsonObject geo = account.getJsonObject("geo");
        JsonObject previous = geos.putIfAbsent(account.getString("userId"), geo);
        assertTrue(previous == null || previous.equals(geo), () -> previous + " then " + geo);
        User user = pool.get(account.getString("userId"));
        assertEquals(user.country(), geo.getString("country"));
        assertEquals(user.city().name(), geo.getString("city"));
        assertEquals(user.city().lat(), geo.getDouble("lat"));
        assertEquals(user.city().lon(), geo.getDouble("lon"));
      }
    }
    assertTrue(geos.size() > 900 && emails.size() > 900, "seen enough users to mean something");
    Set<String> countries = new HashSet<>();
    geos.values().forEach(geo -> countries.add(geo.getString("country")));
    assertEquals(15, countries.size());
  }

  @Test
  @DisplayName("attack traffic is mostly scripts, normal traffic mostly the users' own devices, one device per user")
  void userAgents() {
    Predicate<JsonObject> bot = e -> Pools.BOT_AGENTS.contains(e.getString("userAgent"));
    assertTrue(Sample.share(normal.of(EventType.API_REQUEST), bot) < 0.1);
    assertTrue(Sample.share(attack.of(EventType.API_REQUEST), bot) > 0.4);
    Map<String, String> deviceOf = pools.users().stream().collect(Collectors.toMap(User::userId, User::userAgent));
    for (JsonObject event : normal.of(EventType.ACCOUNT_ACTIVITY)) {
      if (!bot.test(event)) {
        assertEquals(deviceOf.get(event.getString("userId")), event.getString("userAgent"));
      }
    }
  }

  @Test
  @DisplayName("the same seed, pools and clock give the same events")
  void seedReproducesEvents() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    EventFactory first = new EventFactory(new SplittableRandom(9), pools, clock);
    EventFactory second = new EventFactory(new SplittableRandom(9), pools, clock);
    for (int i = 0; i < 100; i++) {
      assertEquals(first.next(TrafficProfile.ATTACK), second.next(TrafficProfile.ATTACK));
    }
  }

  private static Predicate<JsonObject> failed() {
    return event -> !event.getBoolean("success");
  }

  private static Predicate<JsonObject> status(int code) {
    return event -> event.getInteger("statusCode") == code;
  }

  private static void assertLatencies(List<JsonObject> api, int min, int max) {
    int lowest = api.stream().mapToInt(e -> e.getInteger("responseTimeMs")).min().orElseThrow();
    int highest = api.stream().mapToInt(e -> e.getInteger("responseTimeMs")).max().orElseThrow();
    assertTrue(lowest >= min && highest <= max, "latencies within " + min + "–" + max + ": " + lowest + "–" + highest);
    assertTrue(lowest <= min + (max - min) / 20 && highest >= max - (max - min) / 20,
      "latencies span the range: " + lowest + "–" + highest);
  }

  private static void assertBouncesSplit(List<JsonObject> emails) {
    List<JsonObject> failures = emails.stream().filter(failed()).toList();
    double hard = Sample.share(failures, e -> e.getString("bounceType").equals("hard"));
    assertEquals(0.5, hard, 0.1, "failures split between hard and soft bounces");
    assertTrue(emails.stream().filter(e -> e.getBoolean("success")).allMatch(e -> e.getString("bounceType").equals("none")));
  }
}
