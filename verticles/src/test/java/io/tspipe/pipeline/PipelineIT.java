package io.tspipe.pipeline;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.store.EventsTable;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 100,000 generated records through a real Kafka broker and a worker verticle into the real ClickHouse engine. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

  private static final int RECORDS = 100_000;
  private static TestPipeline pipeline;
  private static GeneratedRecords generated;

  @BeforeAll
  static void runPipeline() throws InterruptedException {
    pipeline = TestPipeline.create("pipeline");
    generated = TestPipeline.generate(RECORDS, false, 42);
    pipeline.deployWorker();
    pipeline.produce(generated.records());
    long stored = generated.goodIds().size() + generated.count(OutgoingEvent.Kind.BAD) + generated.count(OutgoingEvent.Kind.DUPLICATE);
    pipeline.awaitNumber("SELECT (SELECT count() FROM ${db}.events) + (SELECT count() FROM ${db}.rejected_events)"
      + " + (SELECT count() FROM ${db}.duplicate_events)", stored, Duration.ofMinutes(3));
  }

  @AfterAll
  static void close() {
    pipeline.close();
  }

  @Test
  @Order(1)
  @DisplayName("every valid event is stored exactly once, and no other")
  void storesEveryValidEventExactlyOnce() {
    Set<String> expected = generated.goodIds();
    JsonObject counts = pipeline.row("SELECT count() AS rows, uniqExact(id) AS ids FROM ${db}.events");
    assertEquals(expected.size(), Long.parseLong(counts.getString("rows")));
    assertEquals(expected.size(), Long.parseLong(counts.getString("ids")));
    Set<String> stored = pipeline.rows("SELECT toString(id) AS id FROM ${db}.events").stream()
      .map(row -> row.getString("id")).collect(Collectors.toCollection(HashSet::new));
    assertEquals(expected, stored);
  }

  @Test
  @Order(2)
  @DisplayName("every bad record is in rejected_events with a reason, its field and its raw payload")
  void rejectsEveryBadRecordWithItsReason() {
    long bad = generated.count(OutgoingEvent.Kind.BAD);
    assertTrue(bad > 300, "the stream should carry about 0.5% bad records, had " + bad);
    assertEquals(bad, pipeline.number("SELECT count() FROM ${db}.rejected_events"));
    assertEquals(0, pipeline.number("SELECT countIf(reason = '' OR reason_code = '' OR payload = '' OR event_type = '')"
      + " FROM ${db}.rejected_events"));
    List<JsonObject> reasons = pipeline.rows("SELECT reason_code, count() AS n FROM ${db}.rejected_events GROUP BY reason_code");
    Set<String> codes = reasons.stream().map(row -> row.getString("reason_code")).collect(Collectors.toSet());
    assertTrue(codes.containsAll(Set.of("malformed_json", "missing_field", "invalid_type")), "reason codes seen: " + codes);
    assertEquals(0, pipeline.number("SELECT countIf(field = '') FROM ${db}.rejected_events WHERE reason_code = 'missing_field'"));
  }

  @Test
  @Order(3)
  @DisplayName("re-sent ids are counted as duplicates, never as events")
  void countsDuplicatesApart() {
    long duplicates = generated.count(OutgoingEvent.Kind.DUPLICATE);
    assertTrue(duplicates > 300, "the stream should carry about 0.5% duplicates, had " + duplicates);
    assertEquals(duplicates, pipeline.number("SELECT count() FROM ${db}.duplicate_events"));
    assertEquals(0, pipeline.number("SELECT count() FROM ${db}.duplicate_events d"
      + " WHERE d.id NOT IN (SELECT id FROM ${db}.events)"));
  }

  @Test
  @Order(4)
  @DisplayName("rollup totals equal raw totals, before and after the rollups are merged")
  void rollupsEqualRawTotals() {
    assertRollupsMatchRaw();
    pipeline.execute("OPTIMIZE TABLE ${db}.events_minute FINAL");
    pipeline.execute("OPTIMIZE TABLE ${db}.quality_minute FINAL");
    pipeline.execute("OPTIMIZE TABLE ${db}.ip_minute FINAL");
    pipeline.execute("OPTIMIZE TABLE ${db}.user_minute FINAL");
    assertRollupsMatchRaw();
  }

  private void assertRollupsMatchRaw() {
    List<JsonObject> raw = pipeline.rows("SELECT type, toString(count()) AS events,"
      + " toString(countIf(action = 'login' AND success)) AS logins_ok,"
      + " toString(countIf(action = 'login' AND NOT success)) AS logins_failed,"
      + " toString(countIf(status_code BETWEEN 500 AND 599)) AS http_5xx,"
      + " toString(countIf(status_code BETWEEN 400 AND 499)) AS http_4xx,"
      + " toString(countIf(bounce_type = 'hard')) AS bounces_hard,"
      + " toString(uniqExact(source_ip)) AS ips,"
      + " toString(round(quantileExact(0.5)(response_time_ms))) AS p50"
      + " FROM ${db}.events GROUP BY type ORDER BY type");
    List<JsonObject> rolled = pipeline.rows("SELECT type, toString(sum(events)) AS events,"
      + " toString(sum(logins_ok)) AS logins_ok, toString(sum(logins_failed)) AS logins_failed,"
      + " toString(sum(http_5xx)) AS http_5xx, toString(sum(http_4xx)) AS http_4xx,"
      + " toString(sum(bounces_hard)) AS bounces_hard, toString(uniqMerge(uniq_ips)) AS ips,"
      + " toString(round(quantilesTDigestMerge(0.5, 0.95, 0.99)(latency_ms)[1])) AS p50"
      + " FROM ${db}.events_minute GROUP BY type ORDER BY type");
    assertEquals(3, raw.size());
    for (int i = 0; i < raw.size(); i++) {
      JsonObject exact = raw.get(i);
      JsonObject rollup = rolled.get(i);
      for (String column : List.of("type", "events", "logins_ok", "logins_failed", "http_5xx", "http_4xx", "bounces_hard")) {
        assertEquals(exact.getString(column), rollup.getString(column), column + " of " + exact.getString("type"));
      }
      double exactIps = Double.parseDouble(exact.getString("ips"));
      assertEquals(exactIps, Double.parseDouble(rollup.getString("ips")), exactIps * 0.02, "distinct IPs (uniq is approximate)");
      if (exact.getString("type").equals("api_request")) {
        double p50 = Double.parseDouble(exact.getString("p50"));
        assertEquals(p50, Double.parseDouble(rollup.getString("p50")), p50 * 0.05, "latency p50 from merged t-digest states");
      }
    }
    JsonObject entityTotals = pipeline.row("SELECT toString(count()) AS events, toString(countIf(" + EventsTable.FAILURE
      + ")) AS failures FROM ${db}.events");
    for (String rollup : List.of("ip_minute", "user_minute")) {
      assertEquals(entityTotals, pipeline.row("SELECT toString(sum(events)) AS events, toString(sum(failures)) AS failures"
        + " FROM ${db}." + rollup), "events and failures of " + rollup);
    }
    assertEquals(pipeline.number("SELECT count() FROM ${db}.rejected_events"),
      pipeline.number("SELECT sum(count) FROM ${db}.quality_minute WHERE kind = 'rejected'"));
    assertEquals(pipeline.number("SELECT count() FROM ${db}.rejected_events WHERE reason_code = 'missing_field'"),
      pipeline.number("SELECT sum(count) FROM ${db}.quality_minute WHERE kind = 'rejected' AND reason_code = 'missing_field'"));
    assertEquals(pipeline.number("SELECT count() FROM ${db}.duplicate_events"),
      pipeline.number("SELECT sum(count) FROM ${db}.quality_minute WHERE kind = 'duplicate'"));
  }

  @Test
  @Order(5)
  @DisplayName("ingest time is stored beside event time, so freshness is measurable")
  void storesIngestTime() {
    JsonObject freshness = pipeline.row("SELECT toUInt32(countIf(ingested_at < timestamp)) AS early,"
      + " toString(max(toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(timestamp))) AS worst_ms FROM ${db}.events");
    assertEquals(0, freshness.getInteger("early"));
    assertTrue(Long.parseLong(freshness.getString("worst_ms")) < 180_000, "worst freshness " + freshness);
    assertEquals(generated.goodIds().size(), pipeline.number(
      "SELECT sum(c) FROM (SELECT quantilesTDigestMerge(0.5, 0.95, 0.99)(freshness_ms)[3] AS p99, sum(events) AS c"
        + " FROM ${db}.events_minute GROUP BY type) WHERE p99 >= 0"));
  }
}
