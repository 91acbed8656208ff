package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * How far each rule's progress (its last evaluated tick in {@code detector_progress}) trails the newest stored event,
 * over samples taken while the detector runs: mean, max and last per rule. A rule that keeps up trails by the
 * detector's lateness plus up to one of its steps and a cycle; one that does not trails further at every sample.
 */
final class DetectorLag {

  /** The detector's gauge of each rule's step: the event time between two of its evaluations. */
  static final String STEP_METRIC = "tspipe_detector_rule_step_seconds";

  private final Map<String, Samples> byRule = new TreeMap<>();

  private static final class Samples {
    int count;
    double sumSeconds;
    double maxSeconds;
    double lastSeconds;
    double firstSeconds;
  }

  /** One sample: the newest stored event's time and each rule's progress, in epoch milliseconds. */
  void add(long newestEventMillis, Map<String, Long> progressMillis) {
    progressMillis.forEach((rule, tick) -> {
      double lag = (newestEventMillis - tick) / 1000.0;
      Samples samples = byRule.computeIfAbsent(rule, name -> new Samples());
      if (samples.count == 0) {
        samples.firstSeconds = lag;
      }
      samples.count++;
      samples.sumSeconds += lag;
      samples.maxSeconds = samples.count == 1 ? lag : Math.max(samples.maxSeconds, lag);
      samples.lastSeconds = lag;
    });
  }

  /** Each rule's step as the detector's {@code /metrics} gives it. */
  static Map<String, Double> steps(String exposition) {
    return Exposition.byLabel(exposition, STEP_METRIC, "rule");
  }

  /** The most any rule trailed by at the latest sample, in seconds; NaN before the first. */
  double latestMaxSeconds() {
    return byRule.values().stream().mapToDouble(samples -> samples.lastSeconds).max().orElse(Double.NaN);
  }

  /**
   * {@code [{rule, samples, meanSeconds, maxSeconds, firstSeconds, lastSeconds, stepSeconds}]}, by rule name, with
   * each rule's step as {@code stepsSeconds} gives it (the detector's {@value #STEP_METRIC}), 0 where it does not.
   */
  JsonArray json(Map<String, Double> stepsSeconds) {
    JsonArray rules = new JsonArray();
    byRule.forEach((rule, samples) -> rules.add(new JsonObject().put("rule", rule).put("samples", samples.count)
      .put("stepSeconds", PipelineBench.round(stepsSeconds.getOrDefault(rule, 0.0)))
      .put("meanSeconds", PipelineBench.round(samples.sumSeconds / samples.count))
      .put("maxSeconds", PipelineBench.round(samples.maxSeconds))
      .put("firstSeconds", PipelineBench.round(samples.firstSeconds))
      .put("lastSeconds", PipelineBench.round(samples.lastSeconds))));
    return rules;
  }
}
