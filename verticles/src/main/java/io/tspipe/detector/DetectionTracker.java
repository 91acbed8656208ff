package io.tspipe.detector;

import io.tspipe.detection.Detection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open detections of one rule, and what each evaluation tick changes: an entity meeting the condition opens a
 * detection (or updates its open one), an open one whose entity no longer meets it resolves. Pure: the rows of a
 * tick in, the detection states to record out. Replaying the same ticks over the same events gives the same states.
 */
final class DetectionTracker {

  /** One entity meeting a rule's condition at a tick, as {@link RuleQuery} reads it. */
  record Match(String entity, Map<String, Double> features, Instant firstSeen, Instant lastSeen, List<String> samples,
               boolean escalated) {
  }

  private final Duration updateInterval;
  private final Map<String, Detection> open = new HashMap<>();
  private final Map<String, Instant> recorded = new HashMap<>();

  DetectionTracker(Duration updateInterval) {
    this.updateInterval = updateInterval;
  }

  /** Takes over a detection recorded as open (after a restart), so it is updated or resolved, never opened again. */
  void resume(Detection detection) {
    open.put(detection.entity(), detection);
    recorded.put(detection.entity(), detection.updatedAt());
  }

  Map<String, Detection> open() {
    return open;
  }

  /**
   * The states to record for {@code rule} at {@code tick}, given the entities meeting its condition then; a detection
   * opened now is detected at {@code now}, the wall time it is recorded.
   */
  List<Detection> evaluate(Rule rule, Instant tick, List<Match> matches, Instant now) {
    List<Detection> changes = new ArrayList<>();
    Set<String> holding = new HashSet<>();
    for (Match match : matches) {
      holding.add(match.entity());
      String severity = match.escalated() && rule.escalatedSeverity() != null ? rule.escalatedSeverity() : rule.severity();
      Detection before = open.get(match.entity());
      if (before == null) {
        Detection opened = new Detection(Detection.idOf(rule.name(), rule.entity(), match.entity(), tick), rule.name(),
          rule.version(), rule.mode(), severity, rule.entity(), match.entity(), Detection.State.OPEN,
          rule.window().toSeconds(), match.firstSeen(), match.lastSeen(), tick, tick, null, now, evidence(match));
        open.put(match.entity(), opened);
        record(opened, changes);
      } else {
        Instant lastSeen = match.lastSeen().isAfter(before.lastSeen()) ? match.lastSeen() : before.lastSeen();
        Detection updated = new Detection(before.detectionId(), rule.name(), rule.version(), rule.mode(), severity,
          rule.entity(), match.entity(), Detection.State.OPEN, rule.window().toSeconds(), before.firstSeen(), lastSeen,
          before.openedAt(), tick, null, before.detectedAt(), evidence(match));
        open.put(match.entity(), updated);
        boolean due = !tick.isBefore(recorded.get(match.entity()).plus(updateInterval));
        if (due || !severity.equals(before.severity())) {
          record(updated, changes);
        }
      }
    }
    for (Detection detection : List.copyOf(open.values())) {
      if (!holding.contains(detection.entity())) {
        Detection resolved = new Detection(detection.detectionId(), detection.rule(), detection.ruleVersion(),
          detection.mode(), detection.severity(), detection.kind(), detection.entity(), Detection.State.RESOLVED,
          detection.windowSeconds(), detection.firstSeen(), detection.lastSeen(), detection.openedAt(), tick, tick,
          detection.detectedAt(), detection.evidence());
        open.remove(detection.entity());
        recorded.remove(detection.entity());
        changes.add(resolved);
      }
    }
    return changes;
  }

  private void record(Detection detection, List<Detection> changes) {
    recorded.put(detection.entity(), detection.updatedAt());
    changes.add(detection);
  }

  private static JsonObject evidence(Match match) {
    JsonObject features = new JsonObject();
    match.features().forEach(features::put);
    return new JsonObject().put("features", features).put("sampleEventIds", new JsonArray(match.samples()));
  }
}
