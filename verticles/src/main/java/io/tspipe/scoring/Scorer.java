package io.tspipe.scoring;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.Scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Scores detections against the simulator's ground truth: per rule, and per rule and scenario. Pure: the windows, the
 * entities and the detections of a period in, the score out. The method:
 * <ul>
 *   <li>A window's <b>span</b> runs from its start to its end plus the grace; a window still running ends at the end
 *   of the period.</li>
 *   <li>A detection is <b>true</b> when its entity is an entity of a window (attacker or victim: a rule that names an
 *   account under brute force is right) and it was detected within that window's span. Otherwise it is
 *   <b>false</b>: before the window (the entity was not attacking yet), after the grace, or on an entity no window
 *   names.</li>
 *   <li>The <b>targets</b> of a window, the entities a detector should name, are its attackers and, for scenarios that
 *   take accounts over, its victim accounts. Entity-level <b>recall</b> is the share of targets, of the kinds the rule
 *   detects, named by a true detection; an entity detected twice counts once, at its first detection.</li>
 *   <li><b>Time to detect</b> runs from the target's first attack event to its first true detection.</li>
 *   <li>A window is <b>caught</b> when a true detection names at least one of its targets; window-level recall is
 *   reported beside entity recall, never in its place, so one address caught out of fifty is not a window caught
 *   whole (no point-adjust).</li>
 *   <li><b>Precision</b> of a rule: its true detections over all of them. On one scenario: its true detections of that
 *   scenario's windows over those plus its false detections made within a span of that scenario.</li>
 *   <li><b>False detections per calm hour</b>: false detections over the hours of the period outside every span.</li>
 * </ul>
 */
public final class Scorer {

  /** One detection to score: the rule, what it names, and when it was detected. */
  public record Detection(String rule, AttackEntity.Kind kind, String entity, Instant detectedAt) {
  }

  /** The score of one rule, or of one rule on one scenario's windows. */
  public record Score(int detections, int trueDetections, int targets, int targetsFound, int windows,
                      int windowsCaught, List<Duration> timesToDetect) {

    public double precision() {
      return detections == 0 ? Double.NaN : (double) trueDetections / detections;
    }

    public double recall() {
      return targets == 0 ? Double.NaN : (double) targetsFound / targets;
    }

    public double windowRecall() {
      return windows == 0 ? Double.NaN : (double) windowsCaught / windows;
    }

    /** The {@code q} quantile (nearest rank) of the times to detect; null when no target was found. */
    public Duration timeToDetect(double q) {
      if (timesToDetect.isEmpty()) {
        return null;
      }
      List<Duration> sorted = timesToDetect.stream().sorted().toList();
      int rank = (int) Math.ceil(q * sorted.size());
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
  }

  /** Per rule: its score over every window, its score on each scenario's windows, and its false detections per calm hour. */
  public record RuleScore(String rule, Score overall, Map<String, Score> byScenario, double falsePerCalmHour) {
  }

  private record Key(AttackEntity.Kind kind, String value) {
  }

  private Scorer() {
  }

  /**
   * Scores {@code detections} made over {@code [from, to)} against {@code windows} and their {@code entities}, with
   * {@code grace} after each window's end. Rules come out in name order.
   */
  public static List<RuleScore> score(List<AttackWindow> windows, List<AttackEntity> entities,
                                      List<Detection> detections, Instant from, Instant to, Duration grace) {
    Map<UUID, AttackWindow> byId = new HashMap<>();
    windows.forEach(window -> byId.put(window.windowId(), window));
    Map<Key, List<AttackEntity>> involved = new HashMap<>();
    for (AttackEntity entity : entities) {
      if (byId.containsKey(entity.windowId())) {
        involved.computeIfAbsent(new Key(entity.kind(), entity.value()), key -> new ArrayList<>()).add(entity);
      }
    }
    Map<String, List<Detection>> byRule = new TreeMap<>();
    detections.forEach(detection -> byRule.computeIfAbsent(detection.rule(), rule -> new ArrayList<>()).add(detection));
    double calmHours = calmHours(windows, from, to, grace);

    List<RuleScore> scores = new ArrayList<>();
    for (Map.Entry<String, List<Detection>> rule : byRule.entrySet()) {
      List<Detection> own = rule.getValue().stream().sorted(Comparator.comparing(Detection::detectedAt)).toList();
      Set<AttackEntity.Kind> kinds = new HashSet<>();
      own.forEach(detection -> kinds.add(detection.kind()));
      // each detection's window, when it is true; the first true detection of each (window, entity)
      Map<Detection, AttackWindow> trueOf = new HashMap<>();
      Map<UUID, Map<Key, Instant>> firstFound = new HashMap<>();
      int falseOutsideWindows = 0;
      for (Detection detection : own) {
        AttackWindow window = windowOf(detection, involved.getOrDefault(new Key(detection.kind(), detection.entity()),
          List.of()), byId, to, grace);
        if (window == null) {
          if (outsideEverySpan(detection.detectedAt(), windows, to, grace)) {
            falseOutsideWindows++;
          }
          continue;
        }
        trueOf.put(detection, window);
        firstFound.computeIfAbsent(window.windowId(), id -> new HashMap<>())
          .putIfAbsent(new Key(detection.kind(), detection.entity()), detection.detectedAt());
      }
      Set<String> scenarios = new TreeSet<>();
      windows.forEach(window -> scenarios.add(window.scenario()));
      Map<String, Score> byScenario = new TreeMap<>();
      for (String scenario : scenarios) {
        byScenario.put(scenario, scoreOf(own, trueOf, firstFound, windows.stream()
          .filter(window -> window.scenario().equals(scenario)).toList(), entities, kinds, scenario, to, grace));
      }
      Score overall = scoreOf(own, trueOf, firstFound, windows, entities, kinds, null, to, grace);
      scores.add(new RuleScore(rule.getKey(), overall, byScenario,
        calmHours <= 0 ? Double.NaN : falseOutsideWindows / calmHours));
    }
    return scores;
  }

  private static Score scoreOf(List<Detection> detections, Map<Detection, AttackWindow> trueOf,
                               Map<UUID, Map<Key, Instant>> firstFound, List<AttackWindow> windows,
                               List<AttackEntity> entities, Set<AttackEntity.Kind> kinds, String scenario,
                               Instant to, Duration grace) {
    int total = 0;
    int trueCount = 0;
    for (Detection detection : detections) {
      AttackWindow window = trueOf.get(detection);
      if (scenario == null) {
        total++;
        trueCount += window == null ? 0 : 1;
      } else if (window != null && window.scenario().equals(scenario)) {
        total++;
        trueCount++;
      } else if (window == null && !outsideEverySpan(detection.detectedAt(), windows, to, grace)) {
        total++;
      }
    }
    int targets = 0;
    int found = 0;
    int windowsWithTargets = 0;
    int caught = 0;
    List<Duration> times = new ArrayList<>();
    for (AttackWindow window : windows) {
      Map<Key, Instant> firstSeen = new HashMap<>();
      for (AttackEntity entity : entities) {
        if (entity.windowId().equals(window.windowId()) && kinds.contains(entity.kind()) && isTarget(window, entity)) {
          firstSeen.merge(new Key(entity.kind(), entity.value()), entity.firstSeenAt(),
            (a, b) -> a.isBefore(b) ? a : b);
        }
      }
      windowsWithTargets += firstSeen.isEmpty() ? 0 : 1;
      Map<Key, Instant> detected = firstFound.getOrDefault(window.windowId(), Map.of());
      boolean windowCaught = false;
      for (Map.Entry<Key, Instant> target : firstSeen.entrySet()) {
        targets++;
        Instant at = detected.get(target.getKey());
        if (at != null) {
          found++;
          windowCaught = true;
          Duration time = Duration.between(target.getValue(), at);
          times.add(time.isNegative() ? Duration.ZERO : time);
        }
      }
      caught += windowCaught ? 1 : 0;
    }
    return new Score(total, trueCount, targets, found, windowsWithTargets, caught, List.copyOf(times));
  }

  /** Whether a detector should name this entity of the window: an attacker, or an account the scenario takes over. */
  static boolean isTarget(AttackWindow window, AttackEntity entity) {
    return entity.role() == AttackEntity.Role.ATTACKER
      || (Scenario.ACCOUNT_TAKEOVER.wireName().equals(window.scenario()) && entity.kind() == AttackEntity.Kind.USER);
  }

  /** The window whose span holds the detection, among those that name its entity; null for a false detection. */
  private static AttackWindow windowOf(Detection detection, List<AttackEntity> namedIn,
                                       Map<UUID, AttackWindow> windows, Instant to, Duration grace) {
    Set<UUID> ids = new LinkedHashSet<>();
    namedIn.forEach(entity -> ids.add(entity.windowId()));
    for (UUID id : ids) {
      AttackWindow window = windows.get(id);
      if (!detection.detectedAt().isBefore(window.startedAt())
        && !detection.detectedAt().isAfter(spanEnd(window, to, grace))) {
        return window;
      }
    }
    return null;
  }

  private static Instant spanEnd(AttackWindow window, Instant to, Duration grace) {
    return (window.endedAt() == null ? to : window.endedAt()).plus(grace);
  }

  private static boolean outsideEverySpan(Instant at, List<AttackWindow> windows, Instant to, Duration grace) {
    return windows.stream().noneMatch(window -> !at.isBefore(window.startedAt()) && !at.isAfter(spanEnd(window, to, grace)));
  }

  /** Hours of {@code [from, to)} outside every window's span. */
  static double calmHours(List<AttackWindow> windows, Instant from, Instant to, Duration grace) {
    List<Instant[]> spans = new ArrayList<>();
    for (AttackWindow window : windows) {
      Instant start = window.startedAt().isBefore(from) ? from : window.startedAt();
      Instant end = spanEnd(window, to, grace).isAfter(to) ? to : spanEnd(window, to, grace);
      if (start.isBefore(end)) {
        spans.add(new Instant[] {start, end});
      }
    }
    spans.sort(Comparator.comparing(span -> span[0]));
    long busyMillis = 0;
    Instant reached = from;
    for (Instant[] span : spans) {
      Instant start = span[0].isBefore(reached) ? reached : span[0];
      if (span[1].isAfter(start)) {
        busyMillis += Duration.between(start, span[1]).toMillis();
        reached = span[1];
      }
    }
    return (Duration.between(from, to).toMillis() - busyMillis) / 3_600_000.0;
  }
}
