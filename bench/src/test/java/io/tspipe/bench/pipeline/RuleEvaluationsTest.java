package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RuleEvaluationsTest {

  private static String exposition(double scrapingCount, double scrapingSum, double surgeCount, double surgeSum) {
    return """
      # TYPE tspipe_detector_evaluation_seconds summary
      tspipe_detector_evaluation_seconds_count{rule="api_scraping"} %s
      tspipe_detector_evaluation_seconds_sum{rule="api_scraping"} %s
      tspipe_detector_evaluation_seconds_max{rule="api_scraping"} 0.08
      tspipe_detector_evaluation_seconds_count{rule="login_failure_surge"} %s
      tspipe_detector_evaluation_seconds_sum{rule="login_failure_surge"} %s
      tspipe_detector_evaluation_seconds_max{rule="login_failure_surge"} 0.0
      tspipe_detector_evaluations_total{rule="api_scraping"} 99.0
      """.formatted(scrapingCount, scrapingSum, surgeCount, surgeSum);
  }

  @Test
  @DisplayName("each rule's evaluations between two readings give their count, mean time and the recent max")
  void perRuleBetweenReadings() {
    RuleEvaluations before = RuleEvaluations.of(exposition(10, 0.5, 3, 0.3));
    RuleEvaluations after = RuleEvaluations.of(exposition(40, 2.0, 3, 0.3));
    JsonArray rules = after.since(before);
    assertEquals(2, rules.size());
    JsonObject scraping = rules.getJsonObject(0);
    assertEquals("api_scraping", scraping.getString("rule"));
    assertEquals(30, scraping.getLong("evaluations"));
    assertEquals(50.0, scraping.getDouble("meanMs"), 1e-9);
    assertEquals(80.0, scraping.getDouble("maxMs"), 1e-9);
    JsonObject surge = rules.getJsonObject(1);
    assertEquals(0, surge.getLong("evaluations"));
    assertNull(surge.getValue("meanMs"), "no evaluation meanwhile, no mean");
  }

  @Test
  @DisplayName("a rule first seen in the later reading counts from zero")
  void newRuleCountsFromZero() {
    JsonArray rules = RuleEvaluations.of(exposition(4, 0.2, 2, 0.1)).since(RuleEvaluations.of(""));
    assertEquals(4, rules.getJsonObject(0).getLong("evaluations"));
    assertEquals(50.0, rules.getJsonObject(1).getDouble("meanMs"), 1e-9);
  }

  @Test
  @DisplayName("every rule's evaluations between two readings add up, with the time they took")
  void totalBetweenReadings() {
    RuleEvaluations.Timing total = RuleEvaluations.of(exposition(40, 2.0, 5, 0.5))
      .totalSince(RuleEvaluations.of(exposition(10, 0.5, 3, 0.3)));
    assertEquals(32, total.count(), 1e-9);
    assertEquals(1.7, total.seconds(), 1e-9);
  }
}
