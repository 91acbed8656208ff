package io.tspipe.pipeline;

import io.tspipe.bus.Addresses;
import io.tspipe.store.StoredEvents;
import io.tspipe.testing.TestPipeline;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector with the repository's rules over traffic from the real generator, through the broker and the worker,
 * scored against the ground truth the generator stored: per scenario, the share of its attacking entities detected
 * (recall), the share of detections on those entities (precision), and the time from an entity's first attack event
 * to its detection.
 */
class DetectionIT {

  private static final List<Scenario> SCENARIOS = List.of(Scenario.CREDENTIAL_STUFFING, Scenario.ACCOUNT_TAKEOVER,
    Scenario.BRUTE_FORCE, Scenario.API_SCRAPING, Scenario.SPAM_WAVE);

  @Test
  @DisplayName("each scenario beside calm traffic: its attackers detected from the stored events, scored against the truth")
  void scenariosAreDetected() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("detection")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 100).put("seed", 11)
        .getJsonObject("attack").put("mode", "off");
      pipeline.deployWorker();
      pipeline.deployGenerator();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 1000, Duration.ofMinutes(1));
      pipeline.deployDetector();
      Thread.sleep(5_000);
      for (Scenario scenario : SCENARIOS) {
        pipeline.request(Addresses.GENERATOR_CONTROL, new ControlCommand.Start(UUID.randomUUID(),
          ScenarioRequest.parse(new JsonObject().put("scenario", scenario.wireName()).put("durationSeconds", 60)))
          .toJson());
      }
      pipeline.awaitNumber("SELECT count() FROM (SELECT window_id FROM ${db}.attack_windows FINAL"
        + " WHERE ended_at IS NOT NULL)", SCENARIOS.size(), Duration.ofMinutes(3));
      Thread.sleep(15_000);

      // the entities a detector should name: the attackers, and the accounts taken over
      String targets = "SELECT w.scenario AS scenario, e.kind AS kind, e.value AS value, min(e.first_seen_at) AS first"
        + " FROM ${db}.attack_entities e JOIN (SELECT window_id, scenario FROM ${db}.attack_windows FINAL) w"
        + " ON e.window_id = w.window_id WHERE e.role = 'attacker' OR (w.scenario = 'account_takeover' AND e.kind = 'user')"
        + " GROUP BY scenario, kind, value";
      String detected = "SELECT entity_kind AS kind, entity AS value, min(opened_at) AS opened FROM ${db}.detections FINAL"
        + " WHERE mode = 'live' AND entity_kind IN ('ip', 'user', 'email') GROUP BY kind, value";
      List<String> lines = new ArrayList<>();
      for (Scenario scenario : SCENARIOS) {
        JsonObject score = pipeline.row("SELECT count() AS entities, countIf(d.value != '') AS found,"
          + " quantileExactIf(0.5)(toUnixTimestamp64Milli(d.opened) - toUnixTimestamp64Milli(t.first), d.value != '') AS p50,"
          + " quantileExactIf(0.95)(toUnixTimestamp64Milli(d.opened) - toUnixTimestamp64Milli(t.first), d.value != '') AS p95"
          + " FROM (" + targets + ") t LEFT JOIN (" + detected + ") d ON t.kind = d.kind AND t.value = d.value"
          + " WHERE t.scenario = '" + scenario.wireName() + "' AND t.kind IN (SELECT DISTINCT entity_kind FROM"
          + " ${db}.detections)");
        long entities = StoredEvents.longOf(score, "entities");
        long found = StoredEvents.longOf(score, "found");
        lines.add(String.format("%-20s recall %d/%d, time to detect p50 %s ms, p95 %s ms", scenario.wireName(), found,
          entities, score.getValue("p50"), score.getValue("p95")));
      }
      JsonObject precision = pipeline.row("SELECT count() AS detections, countIf((kind, value) IN (SELECT kind, value"
        + " FROM (" + targets + "))) AS true_detections FROM (" + detected + ")");
      lines.add("precision " + precision.getValue("true_detections") + "/" + precision.getValue("detections"));
      System.out.println("Detection over 60 s of every scenario beside calm traffic at 100 events/s:\n  "
        + String.join("\n  ", lines));
      assertTrue(StoredEvents.longOf(precision, "detections") > 0, "the detector detects");
      assertEquals(0, pipeline.number("SELECT count() FROM (SELECT rule, entity_kind, entity, opened_at, count() AS n"
        + " FROM ${db}.detections FINAL GROUP BY rule, entity_kind, entity, opened_at HAVING n > 1)"),
        "one row per detection");
    }
  }
}
