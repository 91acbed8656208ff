package io.tspipe.backtest;

import io.tspipe.scoring.Scorer;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a candidate rule set would change: for each candidate rule, the entities it detects that the live rule it
 * stands for (the one it {@code replaces}, else the live rule of its name) did not over the same period, and those it
 * no longer detects, each judged true or false by the {@link Scorer}. Pure.
 */
public final class BacktestDiff {

  /** An entity one side detected and the other did not, at the side's first detection of it, and whether rightly. */
  public record Change(String kind, String entity, Instant detectedAt, boolean correct, String scenario) {
  }

  /** One candidate rule against its live counterpart. */
  public record RuleDiff(String rule, String against, List<Change> gained, List<Change> lost) {

    public long gainedTrue() {
      return gained.stream().filter(Change::correct).count();
    }

    public long lostTrue() {
      return lost.stream().filter(Change::correct).count();
    }
  }

  private record Key(String kind, String entity) {
  }

  private BacktestDiff() {
  }

  public static List<RuleDiff> diff(List<Scorer.Rule> candidates, List<Scorer.Detection> replayed,
                                    List<Scorer.Detection> live, List<AttackWindow> windows,
                                    List<AttackEntity> entities, Instant to, Duration grace) {
    List<RuleDiff> diffs = new ArrayList<>();
    for (Scorer.Rule rule : candidates) {
      String against = rule.replaces() == null ? rule.name() : rule.replaces();
      Map<Key, Scorer.Detection> ours = firstOf(replayed, rule.name());
      Map<Key, Scorer.Detection> theirs = firstOf(live, against);
      diffs.add(new RuleDiff(rule.name(), against,
        changes(ours, theirs, rule.entityLevel(), windows, entities, to, grace),
        changes(theirs, ours, rule.entityLevel(), windows, entities, to, grace)));
    }
    return diffs;
  }

  /** The first detection of each entity by {@code rule}. */
  private static Map<Key, Scorer.Detection> firstOf(List<Scorer.Detection> detections, String rule) {
    Map<Key, Scorer.Detection> first = new LinkedHashMap<>();
    detections.stream().filter(detection -> detection.rule().equals(rule))
      .sorted(Comparator.comparing(Scorer.Detection::detectedAt))
      .forEach(detection -> first.putIfAbsent(new Key(detection.kind(), detection.entity()), detection));
    return first;
  }

  /** The entities of {@code side} missing from {@code other}, judged. */
  private static List<Change> changes(Map<Key, Scorer.Detection> side, Map<Key, Scorer.Detection> other,
                                      boolean entityLevel, List<AttackWindow> windows, List<AttackEntity> entities,
                                      Instant to, Duration grace) {
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<Key, Scorer.Detection> entry : side.entrySet()) {
      if (!other.containsKey(entry.getKey())) {
        Scorer.Detection detection = entry.getValue();
        Optional<AttackWindow> window = Scorer.judge(detection, entityLevel, windows, entities, to, grace);
        changes.add(new Change(detection.kind(), detection.entity(), detection.detectedAt(), window.isPresent(),
          window.map(AttackWindow::scenario).orElse(null)));
      }
    }
    return changes;
  }
}
