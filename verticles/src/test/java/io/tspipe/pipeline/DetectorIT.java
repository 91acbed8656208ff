package io.tspipe.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.bus.Addresses;
import io.tspipe.detector.DetectorSettings;
import io.tspipe.generator.OutgoingEvent;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.HostileEvents;
import io.tspipe.testing.TestPipeline;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector on the real engines: labels it reads, and a restart after SIGKILL. */
class DetectorIT {

  private static void label(TestPipeline pipeline, String ip, String label, String connotation, Instant expires) {
    pipeline.execute("INSERT INTO ${db}.labels (entity_kind, entity, label, connotation, reason, source, expires_at,"
      + " removed, changed_at, changed_by) VALUES ('ip', '" + ip + "', '" + label + "', '" + connotation + "', 'test',"
      + " 'person:test', " + (expires == null ? "NULL" : "toDateTime64(" + expires.toEpochMilli() / 1000 + ", 3, 'UTC')")
      + ", false, now64(3) - INTERVAL 1 HOUR, 'test')");
  }

  @Test
  @DisplayName("an allow-listed address is skipped, an expired allow-list no longer applies, a known-bad one is escalated")
  void labelsAreRead() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("detector-labels")) {
      pipeline.deployWorker();
      pipeline.awaitAtLeast("SELECT count() FROM system.tables WHERE database = '" + pipeline.db()
        + "' AND name = 'labels'", 1, Duration.ofMinutes(1));
      String allowed = "198.51.100.7";
      String expired = "198.51.100.8";
      String plain = "198.51.100.9";
      String known = "198.51.100.10";
      label(pipeline, allowed, "allowlisted", "good", null);
      label(pipeline, expired, "allowlisted", "good", Instant.now().minusSeconds(600));
      label(pipeline, known, "known_bad", "bad", Instant.now().plusSeconds(3600));
      List<OutgoingEvent> records = new ArrayList<>();
      for (String ip : List.of(allowed, expired, plain, known)) {
        records.addAll(HostileEvents.failedLogins(ip, 8));
      }
      records.add(HostileEvents.latest());
      pipeline.produce(records);
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", records.size(), Duration.ofMinutes(1));
      pipeline.deployDetector();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detections WHERE rule = 'ip_login_failures'", 3,
        Duration.ofMinutes(1));
      // the rule's progress is saved after the turn's detections and labels: it has evaluated every tick that opened one
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detector_progress WHERE rule = 'ip_login_failures' AND tick >= "
        + "(SELECT max(opened_at) FROM ${db}.detections WHERE rule = 'ip_login_failures')", 1, Duration.ofMinutes(1));
      assertEquals(0, pipeline.number("SELECT count() FROM ${db}.detections WHERE entity = '" + allowed + "'"),
        "an allow-listed address is not detected");
      assertEquals("high", pipeline.row("SELECT severity FROM ${db}.detections FINAL WHERE rule = 'ip_login_failures'"
        + " AND entity = '" + expired + "'").getString("severity"), "an expired allow-list no longer applies");
      assertEquals("critical", pipeline.row("SELECT severity FROM ${db}.detections FINAL WHERE"
        + " rule = 'ip_login_failures' AND entity = '" + known + "'").getString("severity"), "a known-bad one escalates");
      assertEquals(1, pipeline.number("SELECT count() FROM ${db}.labels WHERE entity = '" + plain
        + "' AND label = 'login_abuser' AND source = 'rule:ip_login_failures'"), "the rule labels what it detects");
    }
  }

  @Test
  @DisplayName("the rules' queries reach ClickHouse at the detector's priority and threads; its defaults are 10 and 1")
  void querySettingsReachTheEngine() {
    try (TestPipeline pipeline = TestPipeline.create("detector-query-settings")) {
      DetectorSettings defaults = DetectorSettings.from(pipeline.config().getJsonObject("detector"));
      assertEquals(10, defaults.queryPriority());
      assertEquals(1, defaults.queryThreads());
      DetectorSettings chosen = DetectorSettings.from(pipeline.config().getJsonObject("detector").copy()
        .put("queryPriority", 7).put("queryThreads", 2));
      ClickHouseClient client = new ClickHouseClient(pipeline.vertx(), pipeline.clickHouseSettings(),
        chosen.querySettings());
      try {
        JsonObject applied = pipeline.awaitResult(client.select("SELECT toString(getSetting('os_thread_priority')) AS "
          + "priority, toString(getSetting('max_threads')) AS threads", Map.of())).get(0);
        assertEquals("7", applied.getString("priority"));
        assertEquals("2", applied.getString("threads"));
      } finally {
        client.close();
      }
      JsonObject unchanged = pipeline.row("SELECT toString(getSetting('os_thread_priority')) AS priority");
      assertEquals("0", unchanged.getString("priority"), "another client's queries keep the server's priority");
    }
  }

  @Test
  @DisplayName("the detector killed with SIGKILL mid-scenario and restarted keeps its detections open, opening none twice")
  void restartAfterKill() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("detector-restart")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 100).getJsonObject("attack").put("mode", "off");
      pipeline.deployWorker();
      pipeline.deployGenerator();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 500, Duration.ofMinutes(1));
      pipeline.request(Addresses.GENERATOR_CONTROL, new ControlCommand.Start(UUID.randomUUID(),
        ScenarioRequest.parse(new JsonObject().put("scenario", "brute_force").put("intensity", 0.05)
          .put("durationSeconds", 600))).toJson());
      RoleProcess detector = pipeline.startRoles("detector", "detector");
      try {
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.detections FINAL WHERE rule = 'ip_login_failures'"
          + " AND state = 'open'", 2, Duration.ofMinutes(1));
        detector.kill();
        Instant killed = Instant.now();
        Thread.sleep(3_000); // deliberate: the detector stays down a few ticks, as after a crash
        detector = pipeline.startRoles("detector-again", "detector");
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.detections WHERE rule = 'ip_login_failures' AND recorded_at > "
          + "toDateTime64(" + (killed.toEpochMilli() / 1000 + 5) + ", 3, 'UTC')", 2, Duration.ofMinutes(1));
      } finally {
        detector.stop();
      }
      List<JsonObject> attackers = pipeline.rows("SELECT entity, count(DISTINCT detection_id) AS detections,"
        + " argMax(state, updated_at) AS state FROM ${db}.detections WHERE rule = 'ip_login_failures'"
        + " AND entity IN (SELECT value FROM ${db}.attack_entities WHERE role = 'attacker' AND kind = 'ip')"
        + " GROUP BY entity");
      assertEquals(2, attackers.size(), attackers.toString());
      for (JsonObject attacker : attackers) {
        assertEquals(1, StoredValues.longOf(attacker, "detections"), "one detection across the restart: " + attacker);
        assertEquals("open", attacker.getString("state"));
      }
      assertTrue(pipeline.number("SELECT count() FROM ${db}.detector_progress") > 0);
    }
  }

  @Test
  @DisplayName("late data: a worker 60 s behind delays detections and resolves none; future-stamped events hold nothing open")
  void lateData() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("detector-late")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 100).getJsonObject("attack").put("mode", "off");
      String worker = pipeline.deployWorker();
      pipeline.deployGenerator();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 500, Duration.ofMinutes(1));
      pipeline.deployDetector();
      pipeline.request(Addresses.GENERATOR_CONTROL, new ControlCommand.Start(UUID.randomUUID(),
        ScenarioRequest.parse(new JsonObject().put("scenario", "brute_force").put("intensity", 0.05)
          .put("durationSeconds", 600))).toJson());
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detections FINAL WHERE rule = 'ip_login_failures'"
        + " AND state = 'open'", 2, Duration.ofMinutes(1));

      pipeline.undeploy(worker);
      Instant paused = Instant.now();
      pipeline.request(Addresses.GENERATOR_CONTROL, new ControlCommand.Start(UUID.randomUUID(),
        ScenarioRequest.parse(new JsonObject().put("scenario", "api_scraping").put("durationSeconds", 600)))
        .toJson());
      Thread.sleep(60_000); // deliberate: the outage under test, the worker kept away for 60 s
      assertEquals(0, pipeline.number("SELECT count() FROM ${db}.detections WHERE state = 'resolved'"
        + " AND rule = 'ip_login_failures' AND recorded_at >= toDateTime64(" + paused.toEpochMilli() / 1000
        + ", 3, 'UTC')"), "nothing resolves while the worker is behind");

      pipeline.deployWorker();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detections FINAL WHERE rule = 'api_throttled'"
        + " AND entity IN (SELECT value FROM ${db}.attack_entities WHERE role = 'attacker' AND kind = 'ip')", 3,
        Duration.ofMinutes(2));
      assertEquals(0, pipeline.number("SELECT count() FROM ${db}.detections FINAL WHERE rule = 'ip_login_failures'"
        + " AND state = 'resolved' AND entity IN (SELECT value FROM ${db}.attack_entities WHERE role = 'attacker'"
        + " AND kind = 'ip')"), "the brute force detections stayed open through the delay");

      String future = "198.51.100.77";
      List<OutgoingEvent> ahead = new ArrayList<>();
      for (OutgoingEvent record : HostileEvents.failedLogins(future, 10)) {
        JsonObject event = new JsonObject(record.value());
        event.put("timestamp", StoredValues.formatMillis(Instant.now().plusSeconds(120).toEpochMilli()));
        ahead.add(new OutgoingEvent(record.type(), record.key(), event.encode(), OutgoingEvent.Kind.GOOD));
      }
      pipeline.produce(ahead);
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events WHERE source_ip = '" + future + "'", 10,
        Duration.ofMinutes(1));
      // the rule has evaluated a tick later than the moment they were stored
      long storedBy = Instant.now().getEpochSecond() + 1;
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detector_progress WHERE rule = 'ip_login_failures' AND tick >= "
        + "toDateTime64(" + storedBy + ", 3, 'UTC')", 1, Duration.ofMinutes(1));
      assertEquals(0, pipeline.number("SELECT count() FROM ${db}.detections WHERE entity = '" + future + "'"),
        "events stamped ahead of now are in no window yet");
    }
  }

  @Test
  @DisplayName("rules are reloaded while running: a broken file added is left out, a new rule starts, the others keep running")
  void reloadsRules() throws Exception {
    java.nio.file.Path rules = java.nio.file.Files.createTempDirectory("rules");
    try (TestPipeline pipeline = TestPipeline.create("detector-reload")) {
      java.nio.file.Path shipped = java.nio.file.Path.of(pipeline.config().getJsonObject("detector").getString("rulesDir"));
      java.nio.file.Files.copy(shipped.resolve("login_abuse.yaml"), rules.resolve("login_abuse.yaml"));
      pipeline.config().getJsonObject("detector").put("rulesDir", rules.toString()).put("reloadIntervalSeconds", 1);
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 100).getJsonObject("attack").put("mode", "off");
      pipeline.deployWorker();
      pipeline.deployGenerator();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 300, Duration.ofMinutes(1));
      pipeline.deployDetector();
      pipeline.awaitAtLeast("SELECT count(DISTINCT rule) FROM ${db}.detector_progress", 5, Duration.ofMinutes(1));

      java.nio.file.Files.writeString(rules.resolve("broken.yaml"), "- name: broken\n  description: no features\n"
        + "  severity: low\n  entity: ip\n  window: 1m\n  condition: x >= 1\n");
      java.nio.file.Files.writeString(rules.resolve("added.yaml"), "- name: every_login\n  description: any login\n"
        + "  severity: low\n  entity: stream\n  mode: shadow\n  window: 10s\n  filter: action == \"login\"\n"
        + "  features:\n    logins: count()\n  condition: logins >= 1\n");
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detector_progress WHERE rule = 'every_login'", 1,
        Duration.ofMinutes(1));
      String tick = "SELECT toUnixTimestamp64Milli(max(tick)) FROM ${db}.detector_progress WHERE rule = 'ip_login_failures'";
      pipeline.awaitAtLeast(tick, pipeline.number(tick) + 3_000, Duration.ofMinutes(1));
      assertEquals(0, pipeline.number("SELECT count() FROM ${db}.detector_progress WHERE rule = 'broken'"));
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detections WHERE rule = 'every_login' AND mode = 'shadow'", 1,
        Duration.ofMinutes(1));
    } finally {
      try (var files = java.nio.file.Files.list(rules)) {
        for (java.nio.file.Path file : files.toList()) {
          java.nio.file.Files.delete(file);
        }
      }
      java.nio.file.Files.delete(rules);
    }
  }
}
