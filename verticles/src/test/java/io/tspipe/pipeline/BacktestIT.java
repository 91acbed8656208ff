package io.tspipe.pipeline;

import io.tspipe.backtest.Backtest;
import io.tspipe.backtest.BacktestCommand;
import io.tspipe.bus.Addresses;
import io.tspipe.detection.Detection;
import io.tspipe.detector.DetectorSettings;
import io.tspipe.detector.Replay;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.TestPipeline;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.tspipe.testing.Eventually.atOnce;
import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backtest on the real engines, over traffic with brute force and credential stuffing that the live detector saw
 * with every tick evaluated:
 * <ul>
 *   <li>parity: the replay of the repository's rules over a period opens the detections the live detector opened in
 *   it, with the same ids, and resolves those it resolved at the same ticks;</li>
 *   <li>the diff: the {@code backtest} command run with a deliberately worse version of the address rule (a hundred
 *   failures in two minutes) reports attackers the live rule found and it loses, judged true.</li>
 * </ul>
 */
class BacktestIT {

  @Test
  @DisplayName("a replay of the live rules equals the live detections; a worse rule's diff shows lost true detections")
  void replayMatchesLiveAndTheDiffShowsWhatAWorseRuleLoses() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("backtest")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 300).put("users", 2000).put("seed", 5)
        .getJsonObject("attack").put("mode", "off");
      // live evaluates every tick, as the replay does, rather than striding over a backlog
      pipeline.config().getJsonObject("detector").put("ticksPerTurn", 400);
      pipeline.deployWorker();
      pipeline.deployGenerator();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 10_000, Duration.ofMinutes(2));
      pipeline.deployDetector();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.detector_progress", 1, Duration.ofMinutes(1));
      Instant from = progress(pipeline, "max");
      for (Scenario scenario : List.of(Scenario.BRUTE_FORCE, Scenario.CREDENTIAL_STUFFING)) {
        pipeline.request(Addresses.GENERATOR_CONTROL, new ControlCommand.Start(UUID.randomUUID(),
          ScenarioRequest.parse(new JsonObject().put("scenario", scenario.wireName()).put("durationSeconds", 40)))
          .toJson());
      }
      pipeline.awaitNumber("SELECT count() FROM (SELECT window_id FROM ${db}.attack_windows FINAL"
        + " WHERE ended_at IS NOT NULL)", 2, Duration.ofMinutes(2));
      Instant ended = Instant.now();
      Instant to = eventually(Duration.ofSeconds(120), Duration.ofSeconds(1), () -> {
        Instant reached = atOnce(() -> progress(pipeline, "min"));
        assertTrue(!reached.isBefore(ended.plusSeconds(10)), "every rule evaluated to 10 s after the attacks ended; "
          + "the slowest to " + reached);
        return reached;
      });

      DetectorSettings settings = DetectorSettings.from(pipeline.config().getJsonObject("detector"));
      ClickHouseClient clickHouse = ClickHouseClient.readOnly(pipeline.vertx(), pipeline.clickHouseSettings());
      Replay.RuleSet rules = Replay.load(settings.rulesDir(), pipeline.db());
      assertTrue(rules.errors().isEmpty(), rules.errors().toString());
      long started = System.nanoTime();
      long[] ticks = {0};
      List<Detection> replayed = new Replay(clickHouse, settings, 2)
        .run(rules, from, to, (done, total, found) -> ticks[0] = total).await(10, TimeUnit.MINUTES);
      System.out.printf("Replayed %d rule evaluations (%s .. %s) in %.1f s%n", ticks[0], from, to,
        (System.nanoTime() - started) / 1e9);
      Instant end = to;
      Set<String> replayedStates = new TreeSet<>();
      replayed.stream().filter(detection -> detection.openedAt().isAfter(from))
        .forEach(detection -> replayedStates.add(state(detection.detectionId().toString(), detection.rule(),
          detection.entity(), detection.resolvedAt() == null ? null : detection.resolvedAt().toEpochMilli())));
      Set<String> liveStates = new TreeSet<>();
      for (JsonObject row : pipeline.rows("SELECT toString(detection_id) AS id, rule, entity, "
        + "if(state = 'resolved' AND resolved_at <= " + millis(end) + ", toUnixTimestamp64Milli(assumeNotNull(resolved_at)), 0) AS resolved_ms "
        + "FROM ${db}.detections FINAL WHERE opened_at > " + millis(from) + " AND opened_at <= " + millis(end))) {
        long resolved = StoredValues.longOf(row, "resolved_ms");
        liveStates.add(state(row.getString("id"), row.getString("rule"), row.getString("entity"),
          resolved == 0 ? null : resolved));
      }
      assertFalse(liveStates.isEmpty(), "the attacks were detected live");
      assertEquals(liveStates, replayedStates, "the replay opens and resolves what live did, tick for tick");

      Path candidate = Files.createTempFile("worse-rule", ".yaml");
      Files.writeString(candidate, Files.readString(settings.rulesDir().resolve("login_abuse.yaml"))
        .replace("condition: failure_rate >= 0.5 and (failures >= 10 or (failures >= 5 and accounts >= 2))",
          "condition: failure_rate >= 0.5 and failures >= 100"));
      Path json = Files.createTempFile("backtest", ".json");
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int exit = BacktestCommand.run(pipeline.vertx(), pipeline.config(), BacktestCommand.parse(List.of("--rules",
        candidate.toString(), "--from", from.toString(), "--to", to.toString(), "--json", json.toString()),
        Instant.now()).orElseThrow(), new PrintStream(printed, true, StandardCharsets.UTF_8));
      String output = printed.toString(StandardCharsets.UTF_8);
      System.out.println(output);
      assertEquals(0, exit, output);
      assertTrue(output.contains("evaluations (100.0%)"), "progress printed to the end\n" + output);
      JsonObject report = new JsonObject(Files.readString(json));
      JsonObject diff = report.getJsonArray("diff").stream().map(JsonObject.class::cast)
        .filter(rule -> rule.getString("rule").equals("ip_login_failures")).findFirst().orElseThrow();
      assertTrue(diff.getJsonObject("lost").getLong("true") > 0, "the worse rule loses attackers the live rule found: "
        + diff.encodePrettily());
      assertEquals(0L, diff.getJsonObject("gained").getLong("true") + diff.getJsonObject("gained").getLong("false"),
        "a stricter condition gains nothing");
      JsonObject unchanged = report.getJsonArray("diff").stream().map(JsonObject.class::cast)
        .filter(rule -> rule.getString("rule").equals("unknown_account_logins")).findFirst().orElseThrow();
      assertEquals(0L, unchanged.getJsonObject("lost").getLong("true") + unchanged.getJsonObject("lost").getLong("false")
        + unchanged.getJsonObject("gained").getLong("true") + unchanged.getJsonObject("gained").getLong("false"),
        "an unchanged rule's backtest matches live: " + unchanged.encodePrettily());

      Instant later = Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
      JsonObject cut = new Backtest(clickHouse, settings, 2).run(rules, to.minusSeconds(30), later, Duration.ofSeconds(60),
        (done, total, found) -> { }).await(2, TimeUnit.MINUTES);
      Instant reached = progress(pipeline, "max");
      assertEquals(later, Instant.parse(cut.getString("requestedTo")), cut.encode());
      assertFalse(Instant.parse(cut.getString("to")).isAfter(reached),
        "a period asked past the live detector's progress ends at it: " + cut.getString("to") + " > " + reached);
      clickHouse.close();
    }
  }

  private static Instant progress(TestPipeline pipeline, String which) {
    return Instant.ofEpochMilli(pipeline.number("SELECT " + which + "(t) FROM (SELECT rule, "
      + "toUnixTimestamp64Milli(max(tick)) AS t FROM ${db}.detector_progress GROUP BY rule)"));
  }

  private static String millis(Instant at) {
    return "fromUnixTimestamp64Milli(" + at.toEpochMilli() + ")";
  }

  private static String state(String id, String rule, String entity, Long resolvedMillis) {
    return rule + " " + entity + " " + id + " resolved " + resolvedMillis;
  }
}
