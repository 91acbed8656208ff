package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * How far each rule's progress (its last evaluated tick in {@code detector_progress}) trails the newest stored event,
 * over samples taken while the detector runs: mean, max and last per rule. A rule that keeps up trails by the
 * detector's lateness plus up to a tick and a cycle; one that does not trails further at every sample.
 */
final class DetectorLag {

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

  /** The most any rule trailed by at the latest sample, in seconds; NaN before the first. */
  double latestMaxSeconds() {
    return byRule.values().stream().mapToDouble(samples -> samples.lastSeconds).max().orElse(Double.NaN);
  }

  /** {@code [{rule, samples, meanSeconds, maxSeconds, firstSeconds, lastSeconds}]}, by rule name. */
  JsonArray json() {
    JsonArray rules = new JsonArray();
    byRule.forEach((rule, samples) -> rules.add(new JsonObject().put("rule", rule).put("samples", samples.count)
      .put("meanSeconds", PipelineBench.round(samples.sumSeconds / samples.count))
      .put("maxSeconds", PipelineBench.round(samples.maxSeconds))
      .put("firstSeconds", PipelineBench.round(samples.firstSeconds))
      .put("lastSeconds", PipelineBench.round(samples.lastSeconds))));
    return rules;
  }
}
