package io.tspipe.web;

import io.tspipe.detection.Detection;
import io.tspipe.detection.EntityKind;
import io.tspipe.event.EventType;
import io.tspipe.generator.OutgoingEvent;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.testing.HostileEvents;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.tspipe.testing.ApiCalls.body;
import static io.tspipe.testing.ApiCalls.send;
import static io.tspipe.testing.Eventually.atOnce;
import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detections, labels and verdicts on the real engines: detection rows written into ClickHouse as the detector writes
 * them (one row per state), labels set and removed through the real web role, and detection records produced to the
 * real detections topic for its SSE feed.
 */
class DetectionsIT {

  private static final String ADMIN_KEY = "detections-admin-key-0123456789";
  /** Longer than the default {@code web.verdictRefreshMs} and a snapshot, on a busy machine. */
  private static final Duration VIEW_REFRESHED = Duration.ofSeconds(15);

  @Test
  @DisplayName("the list filters detections by window, rule, kind, entity, state, mode and severity, each at its latest "
    + "state; labels are set, read, expired, removed and audited with the admin key; verdicts follow the rule; the "
    + "entity profile carries both; the feed streams records from the topic to each subscriber's filter; verdicts "
    + "answer from memory, taking the topic's records and the role's own label changes at once")
  void detectionsLabelsAndVerdicts() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-detections")) {
      List<JsonObject> events = TestPipeline.generate(200, false, 17).records().stream()
        .filter(record -> record.kind() == OutgoingEvent.Kind.GOOD).map(record -> new JsonObject(record.value()))
        .toList();
      JsonObject login = events.stream()
        .filter(event -> event.getString("type").equals(EventType.ACCOUNT_ACTIVITY.wireName())).findFirst().orElseThrow();
      String ip = login.getString("sourceIp");
      String user = login.getString("userId");
      pipeline.deployWorker();
      pipeline.config().getJsonObject("web").put("adminKey", ADMIN_KEY);
      String baseUrl = pipeline.deployWeb();
      pipeline.produce(TestPipeline.generate(200, false, 17).records());
      pipeline.awaitNumber("SELECT count() FROM ${db}.events", events.size(), Duration.ofMinutes(2));

      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String sample = events.get(1).getString("id");
      UUID stuffing = detection(pipeline, "stuffing_ip", "live", "high", EntityKind.IP, ip, now.minusSeconds(600),
        now.minusSeconds(600), null, 12, sample);
      detection(pipeline, "stuffing_ip", "live", "high", EntityKind.IP, ip, now.minusSeconds(600), now.minusSeconds(300),
        null, 40, sample);
      UUID brute = detection(pipeline, "brute_user", "shadow", "medium", EntityKind.USER, user, now.minusSeconds(900),
        now.minusSeconds(900), null, 5, sample);
      detection(pipeline, "brute_user", "shadow", "medium", EntityKind.USER, user, now.minusSeconds(900),
        now.minusSeconds(120), now.minusSeconds(120), 5, sample);
      UUID old = detection(pipeline, "old_rule", "live", "low", EntityKind.IP, "198.51.100.21", now.minusSeconds(3 * 3600),
        now.minusSeconds(2 * 3600), now.minusSeconds(2 * 3600), 1, sample);
      UUID review = detection(pipeline, "slow_ip", "live", "medium", EntityKind.IP, "198.51.100.22",
        now.minusSeconds(200), now.minusSeconds(60), null, 3, sample);

      // the list: latest state of each, most recently updated first, by window and filters
      assertEquals(List.of(review.toString(), brute.toString(), stuffing.toString()), ids(get(baseUrl,
        "/api/v1/detections?range=1h", 200)));
      assertEquals(List.of(review.toString(), brute.toString(), stuffing.toString(), old.toString()), ids(get(baseUrl,
        "/api/v1/detections?range=24h", 200)));
      JsonObject latest = get(baseUrl, "/api/v1/detections?range=1h&rule=stuffing_ip", 200).getJsonArray("detections")
        .getJsonObject(0);
      assertEquals("open", latest.getString("state"));
      assertEquals(40, latest.getJsonObject("evidence").getJsonObject("features").getInteger("failures"));
      assertEquals(Detection.idOf("stuffing_ip", EntityKind.IP, ip, now.minusSeconds(600)).toString(),
        latest.getString("detectionId"));
      assertEquals(new JsonObject().put("kind", "ip").put("value", ip), latest.getJsonObject("entity"));
      assertEquals("/api/v1/entities/ip/" + URLEncoder.encode(ip, StandardCharsets.UTF_8), latest.getString("href"));
      assertEquals(format(now.minusSeconds(300)), latest.getString("updatedAt"));
      assertEquals(null, latest.getValue("resolvedAt"));
      assertEquals(List.of(review.toString(), stuffing.toString()), ids(get(baseUrl,
        "/api/v1/detections?range=1h&state=open", 200)));
      assertEquals(List.of(brute.toString()), ids(get(baseUrl, "/api/v1/detections?range=1h&state=resolved&mode=shadow",
        200)));
      assertEquals(List.of(stuffing.toString()), ids(get(baseUrl, "/api/v1/detections?range=1h&severity=high", 200)));
      assertEquals(List.of(brute.toString()), ids(get(baseUrl, "/api/v1/detections?range=1h&kind=user&entity="
        + user.toUpperCase(), 200)));
      JsonObject one = get(baseUrl, "/api/v1/detections?range=1h&limit=1", 200);
      assertEquals(List.of(review.toString()), ids(one));
      assertEquals(true, one.getBoolean("truncated"));
      assertEquals("kind", get(baseUrl, "/api/v1/detections?entity=" + ip, 400).getString("field"));
      assertEquals("severity", get(baseUrl, "/api/v1/detections?severity=urgent", 400).getString("field"));

      // labels: the admin guard, then set, read, verdicts
      String bad = label("ip", "198.51.100.30", "abuse_source", "bad", null);
      assertEquals(401, send(baseUrl, "POST", "/api/v1/labels", bad, null).statusCode());
      assertEquals(401, send(baseUrl, "POST", "/api/v1/labels", bad, "not-the-key").statusCode());
      JsonObject set = body(send(baseUrl, "POST", "/api/v1/labels", bad, ADMIN_KEY), 201);
      assertEquals("person:ana", set.getString("source"));
      assertEquals("ana", set.getString("changedBy"));
      assertEquals("reason", body(send(baseUrl, "POST", "/api/v1/labels", bad.replace("\"reason\":\"seen stuffing\"",
        "\"reason\":\"\""), ADMIN_KEY), 400).getString("field"));
      assertEquals("value", body(send(baseUrl, "POST", "/api/v1/labels", label("user", ip, "x", "bad", null),
        ADMIN_KEY), 400).getString("field"));
      body(send(baseUrl, "POST", "/api/v1/labels", label("ip", "198.51.100.22", "partner_gateway", "good", null),
        ADMIN_KEY), 201);
      body(send(baseUrl, "POST", "/api/v1/labels", label("ip", "198.51.100.31", "watched", "neutral", null), ADMIN_KEY),
        201);
      body(send(baseUrl, "POST", "/api/v1/labels", label("ip", ip, "watched", "neutral", null), ADMIN_KEY), 201);
      body(send(baseUrl, "POST", "/api/v1/labels", label("ip", "198.51.100.32", "short_lived", "bad", 1), ADMIN_KEY),
        201);

      // verdicts: the detections above were written straight into ClickHouse, so the view has them from its next
      // snapshot on
      assertVerdict(pipeline, baseUrl, "deny", "ip", ip, List.of("watched"), List.of(stuffing));
      assertVerdict(pipeline, baseUrl, "none", "user", user, List.of(), List.of());
      assertVerdict(pipeline, baseUrl, "allow", "ip", "198.51.100.22", List.of("partner_gateway"), List.of(review));
      assertVerdict(pipeline, baseUrl, "deny", "ip", "198.51.100.30", List.of("abuse_source"), List.of());
      assertVerdict(pipeline, baseUrl, "none", "ip", "198.51.100.31", List.of("watched"), List.of());
      // resolved long ago
      assertVerdict(pipeline, baseUrl, "none", "ip", "198.51.100.21", List.of(), List.of());
      detection(pipeline, "slow_ip", "live", "medium", EntityKind.IP, "198.51.100.33", now.minusSeconds(100),
        now.minusSeconds(50), null, 3, sample);
      detection(pipeline, "crit_shadow", "shadow", "critical", EntityKind.IP, "198.51.100.33", now.minusSeconds(100),
        now.minusSeconds(50), null, 3, sample);
      // shadow rules take no effect
      assertVerdict(pipeline, baseUrl, "review", "ip", "198.51.100.33", List.of(), null);
      assertEquals("value", get(baseUrl, "/api/v1/verdicts/stream/all", 400).getString("field"));
      assertEquals("none", get(baseUrl, "/api/v1/verdicts/stream/*", 200).getString("verdict"));

      // expiry: the bad label lives a second
      eventually(VIEW_REFRESHED, () -> {
        JsonArray expired = atOnce(() -> get(baseUrl, "/api/v1/labels?kind=ip&value=198.51.100.32&includeExpired=true",
          200)).getJsonArray("labels");
        assertEquals(1, expired.size());
        assertEquals(true, expired.getJsonObject(0).getBoolean("expired"), expired::encode);
      });
      // the bad label expired
      assertVerdict(pipeline, baseUrl, "none", "ip", "198.51.100.32", List.of(), List.of());
      assertEquals(0, get(baseUrl, "/api/v1/labels?kind=ip&value=198.51.100.32", 200).getJsonArray("labels").size());
      assertEquals(List.of("198.51.100.30"), get(baseUrl, "/api/v1/labels?label=abuse_source&source=person:ana", 200)
        .getJsonArray("labels").stream().map(l -> ((JsonObject) l).getString("value")).toList());

      // removal, its guard and its audit history
      String path = "/api/v1/labels/ip/198.51.100.30/abuse_source";
      assertEquals(401, send(baseUrl, "DELETE", path + "?reason=cleared&by=bo", null, null).statusCode());
      assertEquals("reason", body(send(baseUrl, "DELETE", path + "?by=bo", null, ADMIN_KEY), 400).getString("field"));
      JsonObject removed = body(send(baseUrl, "DELETE", path, "{\"reason\":\"a customer's NAT\",\"by\":\"bo\"}",
        ADMIN_KEY), 200);
      assertEquals(true, removed.getBoolean("removed"));
      assertEquals("person:bo", removed.getString("source"));
      assertEquals(404, send(baseUrl, "DELETE", path + "?reason=again&by=bo", null, ADMIN_KEY).statusCode());
      assertVerdict(pipeline, baseUrl, "none", "ip", "198.51.100.30", List.of(), List.of());
      JsonObject history = get(baseUrl, "/api/v1/labels?kind=ip&value=198.51.100.30&history=true", 200);
      assertEquals(true, history.getBoolean("history"));
      JsonArray rows = history.getJsonArray("labels");
      assertEquals(2, rows.size());
      assertEquals(List.of(true, false), rows.stream().map(r -> ((JsonObject) r).getBoolean("removed")).toList());
      assertEquals(List.of("bo", "ana"), rows.stream().map(r -> ((JsonObject) r).getString("changedBy")).toList());
      assertEquals(List.of("a customer's NAT", "seen stuffing"),
        rows.stream().map(r -> ((JsonObject) r).getString("reason")).toList());

      // the entity profile carries its labels and detections
      JsonObject profile = get(baseUrl, "/api/v1/entities/ip/" + URLEncoder.encode(ip, StandardCharsets.UTF_8), 200);
      assertEquals(List.of("watched"), profile.getJsonArray("labels").stream()
        .map(l -> ((JsonObject) l).getString("label")).toList());
      assertEquals(List.of(stuffing.toString()), profile.getJsonArray("detections").stream()
        .map(d -> ((JsonObject) d).getString("detectionId")).toList());
      JsonObject userProfile = get(baseUrl, "/api/v1/entities/user/" + user, 200);
      assertEquals("resolved", userProfile.getJsonArray("detections").getJsonObject(0).getString("state"));

      // the verdict's latency, on the local engine with nothing else to do
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long started = System.nanoTime();
        get(baseUrl, "/api/v1/verdicts/ip/" + URLEncoder.encode(ip, StandardCharsets.UTF_8), 200);
        micros.add((System.nanoTime() - started) / 1000);
      }
      micros.sort(Long::compare);
      System.out.printf("[%s] verdict latency p50 %d µs, p99 %d µs%n", pipeline.name(), micros.get(100),
        micros.get(197));

      // the feed: records from the topic, each subscriber with its filter
      BlockingQueue<JsonObject> ipsOnly = subscribe(baseUrl + "/api/v1/stream/detections?kind=ip&mode=live");
      BlockingQueue<JsonObject> all = subscribe(baseUrl + "/api/v1/stream/detections");
      // a pair of records every second until the subscriptions are in place and one reaches the filtered subscriber
      AtomicInteger attempt = new AtomicInteger();
      JsonObject arrived = eventually(Duration.ofSeconds(30), Duration.ZERO, () -> {
        Instant at = now.plusMillis(attempt.getAndIncrement());
        atOnce(() -> produce(pipeline, "probe_user", EntityKind.USER, user, at));
        atOnce(() -> produce(pipeline, "probe_ip", EntityKind.IP, ip, at));
        JsonObject record = ipsOnly.poll(1, TimeUnit.SECONDS);
        assertNotNull(record, "a detection record reached the filtered subscriber");
        return record;
      });
      assertEquals("probe_ip", arrived.getString("rule"));
      assertEquals(ip, arrived.getJsonObject("entity").getString("value"));
      JsonObject first = all.poll(10, TimeUnit.SECONDS);
      assertNotNull(first);
      List<String> rules = new ArrayList<>(List.of(first.getString("rule")));
      // the records that reached the unfiltered feed went past the filtered subscriber's filter too
      eventually(Duration.ofSeconds(10), () -> {
        for (JsonObject record = all.poll(); record != null; record = all.poll()) {
          rules.add(record.getString("rule"));
        }
        assertTrue(rules.contains("probe_user") && rules.contains("probe_ip"), "the unfiltered feed has both: " + rules);
      });
      ipsOnly.forEach(record -> assertEquals("ip", record.getJsonObject("entity").getString("kind")));

      // the verdict view, on a web role that reads ClickHouse once, at start: what it answers beyond that came through
      // the detections topic or its own label API. A record of the topic alone, never written to ClickHouse, shows
      // that the view is loaded and takes the topic's records.
      pipeline.config().getJsonObject("web").put("verdictRefreshMs", 600_000);
      String live = pipeline.deployWeb();
      String probed = "198.51.100.40";
      eventually(Duration.ofMinutes(1), () -> {
        atOnce(() -> produce(pipeline, "probe_view", EntityKind.IP, probed, now));
        assertEquals(1, atOnce(() -> verdictAnswer(live, "ip", probed)).getJsonArray("detections").size(),
          "open detections on " + probed + " in the verdict: the record produced to the topic alone");
      });
      // a label set or removed through the role's API applies to its verdicts at once; another role sees it at its
      // next snapshot
      String labelled = "198.51.100.41";
      body(send(live, "POST", "/api/v1/labels", label("ip", labelled, "abuse_source", "bad", null), ADMIN_KEY), 201);
      JsonObject setNow = verdictAnswer(live, "ip", labelled);
      assertEquals("deny", setNow.getString("verdict"));
      assertEquals(List.of("abuse_source"), labelNames(setNow));
      assertVerdict(pipeline, baseUrl, "deny", "ip", labelled, List.of("abuse_source"), List.of());
      body(send(live, "DELETE", "/api/v1/labels/ip/" + labelled + "/abuse_source?reason=cleared&by=bo", null,
        ADMIN_KEY), 200);
      JsonObject removedNow = verdictAnswer(live, "ip", labelled);
      assertEquals("none", removedNow.getString("verdict"));
      assertEquals(List.of(), labelNames(removedNow));
      // a detection the detector opens reaches the verdict through the topic within 2 s of its row in ClickHouse
      String attacker = "198.51.100.42";
      List<OutgoingEvent> attack = new ArrayList<>(HostileEvents.failedLogins(attacker, 8));
      attack.add(HostileEvents.latest());
      pipeline.produce(attack);
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events WHERE source_ip = '" + attacker + "'", 8,
        Duration.ofMinutes(1));
      pipeline.deployDetector();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detections WHERE rule = 'ip_login_failures' AND entity = '"
        + attacker + "'", 1, Duration.ofMinutes(1));
      eventually(Duration.ofSeconds(2), () -> assertEquals(1, atOnce(() -> verdictAnswer(live, "ip", attacker))
          .getJsonArray("detections").stream()
          .filter(d -> "ip_login_failures".equals(((JsonObject) d).getString("rule"))).count(),
        "ip_login_failures detections on " + attacker + " in the verdict: the detector's detection, through the topic"));
      assertEquals("deny", verdictAnswer(live, "ip", attacker).getString("verdict"));

      // with no admin key configured, label changes are closed
      pipeline.config().getJsonObject("web").put("adminKey", "");
      String closed = pipeline.deployWeb();
      assertEquals(403, send(closed, "POST", "/api/v1/labels", bad, ADMIN_KEY).statusCode());
      assertEquals(403, send(closed, "DELETE", path + "?reason=r&by=b", null, ADMIN_KEY).statusCode());
    }
  }

  private static UUID detection(TestPipeline pipeline, String rule, String mode, String severity, EntityKind kind,
                                String entity, Instant opened, Instant updated, Instant resolved, int failures,
                                String sample) {
    UUID id = Detection.idOf(rule, kind, entity, opened);
    JsonObject evidence = new JsonObject().put("features", new JsonObject().put("failures", failures))
      .put("sampleEventIds", new JsonArray().add(sample));
    pipeline.execute("INSERT INTO ${db}.detections (detection_id, rule, rule_version, mode, severity, entity_kind, "
      + "entity, state, window_seconds, first_seen, last_seen, opened_at, updated_at, resolved_at, evidence, recorded_at) "
      + "VALUES ('" + id + "', '" + rule + "', '1', '" + mode + "', '" + severity + "', '" + kind.wireName() + "', '"
      + entity + "', '" + (resolved == null ? "open" : "resolved") + "', 300, " + time(opened.minusSeconds(30)) + ", "
      + time(updated) + ", " + time(opened) + ", " + time(updated) + ", " + (resolved == null ? "NULL" : time(resolved))
      + ", '" + evidence.encode() + "', now64(3))");
    return id;
  }

  private static void produce(TestPipeline pipeline, String rule, EntityKind kind, String entity, Instant at) {
    Detection record = new Detection(Detection.idOf(rule, kind, entity, at), rule, "1", Detection.Mode.LIVE, "low", kind,
      entity, Detection.State.OPEN, 60, at, at, at, at, null, at, new JsonObject().put("features", new JsonObject()));
    pipeline.produceRaw(pipeline.kafka().detectionsTopic(), record.key(), record.toJson().encode());
  }

  private static String time(Instant instant) {
    return "toDateTime64('" + ClickHouseClient.dateTime64(instant) + "', 3, 'UTC')";
  }

  private static String format(Instant instant) {
    return io.tspipe.store.StoredValues.formatMillis(instant.toEpochMilli());
  }

  private static String label(String kind, String value, String name, String connotation, Integer expiresInSeconds) {
    JsonObject body = new JsonObject().put("kind", kind).put("value", value).put("label", name)
      .put("connotation", connotation).put("reason", "seen stuffing").put("by", "ana");
    if (expiresInSeconds != null) {
      body.put("expiresInSeconds", expiresInSeconds);
    }
    return body.encode();
  }

  /**
   * Polls the verdict on an entity until it is {@code expected} and rests on {@code labels} and (when given)
   * {@code detections}, for at most {@link #VIEW_REFRESHED}: rows written straight into ClickHouse reach the web
   * role's verdict view at its next snapshot. Fails with the last answer.
   */
  private static void assertVerdict(TestPipeline pipeline, String baseUrl, String expected, String kind, String value,
                                    List<String> labels, List<UUID> detections) {
    JsonObject entity = new JsonObject().put("kind", kind).put("value", value);
    List<String> ids = detections == null ? null : detections.stream().map(UUID::toString).toList();
    eventually(VIEW_REFRESHED, () -> {
      JsonObject answer = atOnce(() -> verdictAnswer(baseUrl, kind, value));
      assertTrue(expected.equals(answer.getString("verdict")) && entity.equals(answer.getJsonObject("entity"))
          && labels.equals(labelNames(answer)) && (ids == null || ids.equals(ids(answer))),
        () -> "[" + pipeline.name() + "] verdict on " + kind + " " + value + ": expected " + expected + " on labels "
          + labels + " and detections " + ids + "; the answer: " + answer);
    });
  }

  /** The verdict on an entity, once; a test failure when it is not answered 200. */
  private static JsonObject verdictAnswer(String baseUrl, String kind, String value) {
    try {
      return get(baseUrl, "/api/v1/verdicts/" + kind + "/" + URLEncoder.encode(value, StandardCharsets.UTF_8), 200);
    } catch (Exception unanswered) {
      throw new IllegalStateException(unanswered);
    }
  }

  private static List<String> labelNames(JsonObject answer) {
    return answer.getJsonArray("labels").stream().map(l -> ((JsonObject) l).getString("label")).toList();
  }

  private static List<String> ids(JsonObject answer) {
    return answer.getJsonArray("detections").stream().map(d -> ((JsonObject) d).getString("detectionId")).toList();
  }

  private static BlockingQueue<JsonObject> subscribe(String url) throws Exception {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
      HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, stream.statusCode());
    Thread reader = new Thread(() -> stream.body()
      .filter(line -> line.startsWith("data: "))
      .forEach(line -> events.add(new JsonObject(line.substring("data: ".length())))), "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  private static JsonObject get(String baseUrl, String path, int expectedStatus) throws Exception {
    return body(send(baseUrl, "GET", path, null, null), expectedStatus);
  }
}
