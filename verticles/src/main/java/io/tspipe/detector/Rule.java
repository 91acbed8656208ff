package io.tspipe.detector;

import io.tspipe.detection.Detection;
import io.tspipe.detection.EntityKind;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One rule as its file states it, checked: see {@code rules/README.md} for the format. {@code version} is a digest
 * of the rule's own text, so a detection names the exact rule that made it.
 *
 * @param every         how often the rule is evaluated in event time, or zero for every detector tick
 * @param features      in the file's order; a feature may use those before it
 * @param skipLabels    labels (or {@code good}, any good label) that exempt an entity, and for an IP its network
 * @param escalate      labels (or {@code bad}) that raise a detection's severity to {@code escalatedSeverity}
 * @param label         the label a live detection sets on its entity, or null
 * @param replaces      for a shadow rule, the rule it would replace, scored beside it; or null
 */
record Rule(String name, String description, String severity, EntityKind entity, Duration window, Duration history,
            Duration every, Expression filter, Map<String, Expression> features, Expression condition,
            Detection.Mode mode, List<String> skipLabels, List<String> escalate, String escalatedSeverity,
            LabelEffect label, String replaces, String version, String file, int line) {

  static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

  /** The label a detection sets: its name, connotation and how long it lasts. */
  record LabelEffect(String name, String connotation, Duration expiresAfter) {
  }

  /**
   * How far apart, in milliseconds of event time, the rule's evaluations are: {@code every} rounded down to whole ticks
   * of {@code tick} (so never more than its window), at least one tick. A rule is evaluated at the multiples of its
   * step since the epoch, live and replayed alike, so its ticks are some of the detector's.
   */
  long stepMillis(Duration tick) {
    long tickMillis = tick.toMillis();
    return Math.max(1, every.toMillis() / tickMillis) * tickMillis;
  }

  boolean live() {
    return mode == Detection.Mode.LIVE;
  }
}
