package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * The detector's evaluation timer per rule as its {@code /metrics} serves it at one moment
 * ({@code tspipe_detector_evaluation_seconds_count}, {@code _sum} and {@code _max}, by the label {@code rule}).
 */
record RuleEvaluations(Map<String, Timing> byRule) {

  static final String METRIC = "tspipe_detector_evaluation_seconds";

  /**
   * One rule's timer.
   *
   * @param count      evaluations so far
   * @param seconds    their total time
   * @param maxSeconds the slowest of the recent ones (Micrometer keeps the max over its last few minutes)
   */
  record Timing(double count, double seconds, double maxSeconds) {
  }

  static RuleEvaluations of(String exposition) {
    Map<String, Double> counts = Exposition.byLabel(exposition, METRIC + "_count", "rule");
    Map<String, Double> sums = Exposition.byLabel(exposition, METRIC + "_sum", "rule");
    Map<String, Double> maxes = Exposition.byLabel(exposition, METRIC + "_max", "rule");
    Map<String, Timing> byRule = new TreeMap<>();
    counts.forEach((rule, count) -> byRule.put(rule, new Timing(count, sums.getOrDefault(rule, 0.0),
      maxes.getOrDefault(rule, Double.NaN))));
    return new RuleEvaluations(byRule);
  }

  /** Every rule's evaluations together from {@code earlier} to this, and the time they took. */
  Timing totalSince(RuleEvaluations earlier) {
    double count = 0;
    double seconds = 0;
    for (Map.Entry<String, Timing> rule : byRule.entrySet()) {
      Timing before = earlier.byRule().getOrDefault(rule.getKey(), new Timing(0, 0, Double.NaN));
      count += rule.getValue().count() - before.count();
      seconds += rule.getValue().seconds() - before.seconds();
    }
    return new Timing(count, seconds, Double.NaN);
  }

  /**
   * Per rule, what it did from {@code earlier} to this: {@code [{rule, evaluations, meanMs, maxMs}]}, meanMs null for a
   * rule not evaluated meanwhile; maxMs is this reading's recent max.
   */
  JsonArray since(RuleEvaluations earlier) {
    JsonArray rules = new JsonArray();
    byRule.forEach((rule, now) -> {
      Timing before = earlier.byRule().getOrDefault(rule, new Timing(0, 0, Double.NaN));
      double evaluations = now.count() - before.count();
      double seconds = now.seconds() - before.seconds();
      rules.add(new JsonObject().put("rule", rule).put("evaluations", Math.round(evaluations))
        .put("meanMs", evaluations > 0 ? PipelineBench.round(seconds / evaluations * 1000) : null)
        .put("maxMs", Double.isFinite(now.maxSeconds()) ? PipelineBench.round(now.maxSeconds() * 1000) : null));
    });
    return rules;
  }
}
