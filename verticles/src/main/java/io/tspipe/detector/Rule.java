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
 * @param features      in the file's order; a feature may use those before it
 * @param skipLabels    labels (or {@code good}, any good label) that exempt an entity, and for an IP its network
 * @param escalate      labels (or {@code bad}) that raise a detection's severity to {@code escalatedSeverity}
 * @param label         the label a live detection sets on its entity, or null
 * @param replaces      for a shadow rule, the rule it would replace, scored beside it; or null
 */
record Rule(String name, String description, String severity, EntityKind entity, Duration window, Duration history,
            Expression filter, Map<String, Expression> features, Expression condition, Detection.Mode mode,
            List<String> skipLabels, List<String> escalate, String escalatedSeverity, LabelEffect label,
            String replaces, String version, String file, int line) {

  static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

  /** The label a detection sets: its name, connotation and how long it lasts. */
  record LabelEffect(String name, String connotation, Duration expiresAfter) {
  }

  boolean live() {
    return mode == Detection.Mode.LIVE;
  }
}
