package io.tspipe.web;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.StoredEvents;
import io.tspipe.testing.TestPipeline;
import io.tspipe.web.suspicious.RollupCoverage;
import io.tspipe.web.suspicious.SuspiciousEntities;
import io.tspipe.worker.WorkerSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suspicious entities API over the per-minute entity rollups, against a direct computation on raw {@code events}.
 * Attack traffic stamped over the last 40 minutes goes through the real worker; then the rollups are made to start in
 * the middle of it, as on an installation that held events before the rollups existed: the V003 row of
 * {@code schema_migrations} is replaced with an earlier {@code applied_at}, and the rollup rows of the minutes before
 * that start are falsified, so reading them there would show. One more IP and one more user, failing a million times,
 * are put into the rollups alone at the start minute, so reading the rollups from there on shows too. One event stored
 * with an {@code ingested_at} before any recorded migration stands for the events an upgraded installation held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuspiciousRollupsIT {

  private static final int RECORDS = 6_000;
  private static final long SPACING_MS = 400;
  private static final String PLANTED_IP = "198.51.100.77";
  private static final String PLANTED_USER = "00000000-0000-4000-8000-000000000077";
  private static final long PLANTED_FAILURES = 1_000_000;
  private static final String EARLY_EVENT = "00000000-0000-4000-8000-0000000000e1";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestPipeline pipeline;
  private Duration maxFutureSkew;
  /** The whole minutes holding the data, and the minute the rollups are made to start at. */
  private Instant first;
  private Instant end;
  private Instant coverage;
  private String web;

  @BeforeAll
  void storeAttackTraffic() throws Exception {
    pipeline = TestPipeline.create("web-suspicious-rollups");
    maxFutureSkew = Duration.ofSeconds(
      WorkerSettings.from(pipeline.config().getJsonObject("worker")).maxFutureSkewSeconds());
    List<OutgoingEvent> good = TestPipeline.generate(RECORDS, true, 62).records().stream()
      .filter(record -> record.kind() == OutgoingEvent.Kind.GOOD).toList();
    long newest = Instant.now().minusSeconds(5).toEpochMilli();
    long oldest = newest - (good.size() - 1) * SPACING_MS;
    List<OutgoingEvent> stamped = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      OutgoingEvent record = good.get(i);
      JsonObject event = new JsonObject(record.value())
        .put("timestamp", StoredEvents.formatMillis(oldest + i * SPACING_MS));
      stamped.add(new OutgoingEvent(record.type(), record.key(), event.encode(), OutgoingEvent.Kind.GOOD));
    }
    first = Instant.ofEpochMilli(oldest).truncatedTo(ChronoUnit.MINUTES);
    end = Instant.ofEpochMilli(newest).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    coverage = first.plus(Duration.between(first, end).dividedBy(2)).truncatedTo(ChronoUnit.MINUTES);
    pipeline.deployWorker();
    pipeline.produce(stamped);
    pipeline.awaitNumber("SELECT count() FROM ${db}.events", stamped.size(), Duration.ofMinutes(2));
    // an event stored before the views existed, as on an installation upgraded to V003; stamped days before every window
    pipeline.execute("INSERT INTO ${db}.events (ingested_at, id, type, schema_version, timestamp, source_ip, user_id,"
      + " kafka_topic, kafka_partition, kafka_offset) VALUES (" + dateTime(first.minus(1, ChronoUnit.HOURS)) + ", '"
      + EARLY_EVENT + "', 'api_request', 1, " + dateTime(first.minus(3, ChronoUnit.DAYS)) + ", '203.0.113.9', '"
      + PLANTED_USER + "', 'before-the-views', 0, 0)");
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  @Test
  @Order(1)
  @DisplayName("the entity rollups add up to the raw events: events, failures, fan-out, before and after merges")
  void rollupsAddUpToRawEvents() {
    assertRollupsMatchRaw();
    pipeline.execute("OPTIMIZE TABLE ${db}.ip_minute FINAL");
    pipeline.execute("OPTIMIZE TABLE ${db}.user_minute FINAL");
    assertRollupsMatchRaw();
  }

  private void assertRollupsMatchRaw() {
    assertMatchesRaw("ip_minute", "source_ip", "user_id", "users");
    assertMatchesRaw("user_minute", "user_id", "source_ip", "ips");
  }

  private void assertMatchesRaw(String table, String key, String other, String spread) {
    String raw = "SELECT toString(sum(n)) AS events, toString(sum(f)) AS failures, toString(count()) AS keys,"
      + " toString(sum(u)) AS fan_out FROM (SELECT toStartOfMinute(timestamp) AS m, " + key + " AS k, count() AS n,"
      + " countIf(" + StoredEvents.FAILURE + ") AS f, uniqExact(" + other + ") AS u FROM ${db}.events GROUP BY m, k)";
    String rolled = "SELECT toString(sum(n)) AS events, toString(sum(f)) AS failures, toString(count()) AS keys,"
      + " toString(sum(u)) AS fan_out FROM (SELECT minute AS m, " + key + " AS k, sum(events) AS n, sum(failures) AS f,"
      + " uniqExactMerge(" + spread + ") AS u FROM ${db}." + table + " GROUP BY m, k)";
    JsonObject expected = pipeline.row(raw);
    assertNotEquals("0", expected.getString("failures"), "the attack traffic fails");
    assertEquals(expected, pipeline.row(rolled), table + " per minute against events");
    assertEquals(pipeline.row("SELECT toString(sum(u)) AS fan_out FROM (SELECT " + key + " AS k, uniqExact(" + other
        + ") AS u FROM ${db}.events GROUP BY k)"),
      pipeline.row("SELECT toString(sum(u)) AS fan_out FROM (SELECT " + key + " AS k, uniqExactMerge(" + spread
        + ") AS u FROM ${db}." + table + " GROUP BY k)"), table + " fan-out over all minutes against events");
  }

  @Test
  @Order(2)
  @DisplayName("while the rollups' migration is not recorded, every window is answered from raw events alone")
  void readsRawEventsUntilTheMigrationIsRecorded() throws Exception {
    pipeline.execute("DELETE FROM ${db}.schema_migrations WHERE version = '" + RollupCoverage.MIGRATION + "'");
    falsifyTheRollups();
    web = pipeline.deployWeb();
    for (String kind : List.of("ip", "user")) {
      for (Instant[] window : windows()) {
        List<JsonObject> raw = raw(kind, window[0], window[1], SuspiciousEntities.MAX_LIMIT);
        System.out.printf("[%s] %d suspicious %s in %s..%s%n", pipeline.name(), raw.size(), kind, window[0], window[1]);
        assertFalse(raw.isEmpty(), "the attack traffic singles out some " + kind + " in " + window[0] + ".." + window[1]);
        assertEquals(raw, listed(web, kind, window), kind + " in " + window[0] + ".." + window[1]);
      }
    }
  }

  /** Rows that change every answer read from them: failures in every minute before the start, one entity more at it. */
  private void falsifyTheRollups() {
    String before = "minute < " + dateTime(coverage);
    pipeline.execute("INSERT INTO ${db}.ip_minute SELECT minute, source_ip, events + 1000, failures + 1000, users"
      + " FROM ${db}.ip_minute WHERE " + before);
    pipeline.execute("INSERT INTO ${db}.user_minute SELECT minute, user_id, events + 1000, failures + 1000, ips"
      + " FROM ${db}.user_minute WHERE " + before);
    String minute = dateTime(coverage);
    pipeline.execute("INSERT INTO ${db}.ip_minute SELECT " + minute + ", '" + PLANTED_IP + "', " + PLANTED_FAILURES
      + ", " + PLANTED_FAILURES + ", uniqExactState(toUUID('" + PLANTED_USER + "'))");
    pipeline.execute("INSERT INTO ${db}.user_minute SELECT " + minute + ", toUUID('" + PLANTED_USER + "'), "
      + PLANTED_FAILURES + ", " + PLANTED_FAILURES + ", uniqExactState('" + PLANTED_IP + "')");
  }

  @Test
  @Order(3)
  @DisplayName("once recorded, minutes before the start are read raw and the rest from the rollups, merged exactly")
  void splitsEachWindowAtTheRollupsStart() throws Exception {
    recordTheMigration(coverage.minus(maxFutureSkew).minusSeconds(30));
    for (String kind : List.of("ip", "user")) {
      for (Instant[] window : windows()) {
        assertEquals(expected(kind, window, coverage), listed(web, kind, window),
          kind + " in " + window[0] + ".." + window[1] + ", rollups from " + coverage);
      }
    }
  }

  @Test
  @Order(4)
  @DisplayName("a web role keeps the start it found; a new one reads the start recorded now")
  void keepsTheStartOnceFound() throws Exception {
    Instant later = coverage.plus(10, ChronoUnit.MINUTES);
    recordTheMigration(later.minus(maxFutureSkew));
    String fresh = pipeline.deployWeb();
    for (String kind : List.of("ip", "user")) {
      for (Instant[] window : windows()) {
        String what = kind + " in " + window[0] + ".." + window[1];
        assertEquals(expected(kind, window, coverage), listed(web, kind, window), what + ", rollups from " + coverage);
        assertEquals(expected(kind, window, later), listed(fresh, kind, window), what + ", rollups from " + later);
      }
    }
  }

  @Test
  @Order(5)
  @DisplayName("with no event ingested before the migration, the rollups are read for every minute")
  void readsTheRollupsThroughoutWhenNothingPredatesThem() throws Exception {
    pipeline.execute("DELETE FROM ${db}.events WHERE id = '" + EARLY_EVENT + "'");
    String fresh = pipeline.deployWeb();
    Instant[] early = {first, coverage};
    for (String kind : List.of("ip", "user")) {
      List<JsonObject> listed = listed(fresh, kind, early);
      assertNotEquals(raw(kind, first, coverage, SuspiciousEntities.MAX_LIMIT), listed, kind + ": read from the rollups");
      assertTrue(listed.get(0).getLong("failures") >= 1000, kind + ": the falsified rollup rows show: " + listed.get(0));
    }
  }

  private void recordTheMigration(Instant appliedAt) {
    pipeline.execute("INSERT INTO ${db}.schema_migrations (version, applied_at) VALUES ('" + RollupCoverage.MIGRATION
      + "', " + dateTime(appliedAt) + ")");
  }

  /** All raw, all rollups, both with the start inside, and one starting and ending mid-data. */
  private List<Instant[]> windows() {
    return List.of(
      new Instant[] {first, coverage},
      new Instant[] {coverage, end},
      new Instant[] {first, end},
      new Instant[] {coverage.minus(7, ChronoUnit.MINUTES), coverage.plus(9, ChronoUnit.MINUTES)});
  }

  /**
   * What raw events say of {@code window}, plus the planted entity, first by its failures, when the rollups start
   * inside the window at its minute.
   */
  private List<JsonObject> expected(String kind, Instant[] window, Instant rollupsFrom) {
    boolean planted = !coverage.isBefore(rollupsFrom) && !coverage.isBefore(window[0]) && coverage.isBefore(window[1]);
    List<JsonObject> expected = new ArrayList<>();
    if (planted) {
      expected.add(new JsonObject().put("value", kind.equals("ip") ? PLANTED_IP : PLANTED_USER)
        .put("events", PLANTED_FAILURES).put("failures", PLANTED_FAILURES).put("fan_out", 1L));
    }
    expected.addAll(raw(kind, window[0], window[1], SuspiciousEntities.MAX_LIMIT - expected.size()));
    return expected;
  }

  /** The rule computed on raw events alone, as the API computed it before the rollups. */
  private List<JsonObject> raw(String kind, Instant from, Instant to, int limit) {
    String key = kind.equals("ip") ? "source_ip" : "toString(user_id)";
    String other = kind.equals("ip") ? "user_id" : "source_ip";
    List<JsonObject> rows = pipeline.rows("SELECT " + key + " AS value, count() AS events, countIf("
      + StoredEvents.FAILURE + ") AS failures, uniqExact(" + other + ") AS fan_out FROM ${db}.events"
      + " WHERE timestamp >= " + dateTime(from) + " AND timestamp < " + dateTime(to)
      + " GROUP BY value HAVING (failures >= " + SuspiciousEntities.MIN_FAILURES + " AND failures * 2 >= events)"
      + " OR fan_out >= " + SuspiciousEntities.MIN_FAN_OUT
      + " ORDER BY failures DESC, fan_out DESC, value LIMIT " + limit);
    return rows.stream().map(row -> entity(row.getString("value"), row, "events", "failures", "fan_out")).toList();
  }

  private static List<JsonObject> listed(String baseUrl, String kind, Instant[] window) throws Exception {
    String path = "/api/v1/suspicious?kind=" + kind + "&from=" + window[0] + "&to=" + window[1] + "&limit="
      + SuspiciousEntities.MAX_LIMIT;
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
      .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path + " → " + response.body());
    JsonArray entities = new JsonObject(response.body()).getJsonArray("entities");
    String spread = kind.equals("ip") ? "users" : "ips";
    List<JsonObject> listed = new ArrayList<>();
    for (int i = 0; i < entities.size(); i++) {
      JsonObject entity = entities.getJsonObject(i);
      listed.add(entity(entity.getString("value"), entity, "events", "failures", spread));
    }
    return listed;
  }

  private static JsonObject entity(String value, JsonObject row, String events, String failures, String fanOut) {
    return new JsonObject().put("value", value).put("events", StoredEvents.longOf(row, events))
      .put("failures", StoredEvents.longOf(row, failures)).put("fan_out", StoredEvents.longOf(row, fanOut));
  }

  private static String dateTime(Instant instant) {
    return "toDateTime64('" + ClickHouseClient.dateTime64(instant) + "', 3, 'UTC')";
  }
}
