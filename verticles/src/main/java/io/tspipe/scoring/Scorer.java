package io.tspipe.scoring;

import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.Scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Scores detections against the simulator's ground truth: per rule, and per rule and scenario. Pure: the windows, the
 * entities and the detections of a period in, the score out. The method:
 * <ul>
 *   <li>A window's <b>span</b> runs from its start to its end plus the grace; a window still running ends at the end
 *   of the period. A window overlapping the period is scored whole, with its detections made before the period.</li>
 *   <li>A detection is <b>true</b> when its entity is an entity of a window (attacker or victim: a rule that names an
 *   account under brute force is right) and it was detected within that window's span. Otherwise it is
 *   <b>false</b>: before the window (the entity was not attacking yet), after the grace, or on an entity no window
 *   names.</li>
 *   <li>The <b>targets</b> of a window, the entities a detector should name, are its attackers and, for scenarios that
 *   take accounts over, its victim accounts. Entity-level <b>recall</b> is the share of targets, of the kind the rule
 *   detects, named by a true detection; an entity detected twice counts once, at its first detection.</li>
 *   <li><b>Time to detect</b> runs from the target's first attack event to its first true detection.</li>
 *   <li>A window is <b>caught</b> when a true detection names at least one of its targets; window-level recall is
 *   reported beside entity recall, never in its place, so one address caught out of fifty is not a window caught
 *   whole (no point-adjust).</li>
 *   <li><b>Precision</b> of a rule: its true detections over all of them. On one scenario: its true detections of that
 *   scenario's windows over those plus its false detections made within a span of that scenario.</li>
 *   <li><b>False detections per calm hour</b>: false detections over the hours of the period outside every span.</li>
 * </ul>
 * The truth names addresses, accounts and email addresses. A rule on another kind (a network, the whole stream) is
 * judged at window level only: its detection is true when made within a window's span, its window recall is the share
 * of windows with one, and its time to detect runs from the window's start; it has no entity recall.
 */
public final class Scorer {

  /**
   * A rule to score, with or without detections: its name, the kind of entity it names (a wire name of
   * {@code EntityKind}), its mode ({@code live} or {@code shadow}) and, for a shadow rule, the rule it would replace
   * (or null).
   */
  public record Rule(String name, String kind, String mode, String replaces) {

    /** Whether the rule takes effect (mode {@code live}), rather than running in shadow or in an unknown mode. */
    public boolean live() {
      return io.tspipe.detection.Detection.Mode.LIVE.wireName().equals(mode);
    }

    /** Whether the truth names entities of this rule's kind, so it is scored entity by entity. */
    public boolean entityLevel() {
      return TRUTH_KINDS.contains(kind);
    }
  }

  /** One detection to score: the rule, the kind (a wire name) and value of what it names, and when it was detected. */
  public record Detection(String rule, String kind, String entity, Instant detectedAt) {
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

    /**
     * Several scores of the same windows as one (the scores of rules on different kinds): counts summed, times to
     * detect pooled; no window figures, as a window caught through two kinds is not told apart from one.
     */
    public static Score sum(List<Score> parts) {
      int detections = 0;
      int trueDetections = 0;
      int targets = 0;
      int found = 0;
      List<Duration> times = new ArrayList<>();
      for (Score part : parts) {
        detections += part.detections();
        trueDetections += part.trueDetections();
        targets += part.targets();
        found += part.targetsFound();
        times.addAll(part.timesToDetect());
      }
      return new Score(detections, trueDetections, targets, found, 0, 0, List.copyOf(times));
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

  /**
   * Per rule: its score over every window, its score on each scenario's windows, its false detections made in calm
   * time and those per calm hour.
   */
  public record RuleScore(Rule rule, Score overall, Map<String, Score> byScenario, int calmFalseDetections,
                          double falsePerCalmHour) {
  }

  private static final Set<String> TRUTH_KINDS = Set.of(AttackEntity.Kind.IP.wireName(),
    AttackEntity.Kind.USER.wireName(), AttackEntity.Kind.EMAIL.wireName());

  private record Key(String kind, String value) {
  }

  private Scorer() {
  }

  /**
   * Scores {@code detections} made over {@code [from, to)} against {@code windows} and their {@code entities}, with
   * {@code grace} after each window's end: every rule of {@code rules}, detected or not, and any other rule a detection
   * names (its kind taken from the detection, its mode unknown). Rules come out in name order.
   */
  public static List<RuleScore> score(List<Rule> rules, List<AttackWindow> windows, List<AttackEntity> entities,
                                      List<Detection> detections, Instant from, Instant to, Duration grace) {
    Truth truth = new Truth(windows, entities, to, grace);
    Map<String, Rule> catalogue = new TreeMap<>();
    rules.forEach(rule -> catalogue.put(rule.name(), rule));
    Map<String, List<Detection>> byRule = new HashMap<>();
    for (Detection detection : detections) {
      if (detection.detectedAt().isBefore(from) && truth.outsideEverySpan(detection.detectedAt(), windows)) {
        continue; // before the period, and of no window scored in it
      }
      byRule.computeIfAbsent(detection.rule(), rule -> new ArrayList<>()).add(detection);
      catalogue.putIfAbsent(detection.rule(), new Rule(detection.rule(), detection.kind(), null, null));
    }
    double calmHours = calmHours(windows, from, to, grace);
    Set<String> scenarios = new TreeSet<>();
    windows.forEach(window -> scenarios.add(window.scenario()));

    List<RuleScore> scores = new ArrayList<>();
    for (Rule rule : catalogue.values()) {
      List<Detection> own = byRule.getOrDefault(rule.name(), List.of()).stream()
        .sorted(Comparator.comparing(Detection::detectedAt)).toList();
      // the windows that make each detection true; the first true detection of each (window, entity)
      Map<Detection, List<AttackWindow>> trueOf = new HashMap<>();
      Map<UUID, Map<Key, Instant>> firstFound = new HashMap<>();
      int falseOutsideWindows = 0;
      for (Detection detection : own) {
        List<AttackWindow> matched = truth.windowsOf(detection, rule.entityLevel());
        if (matched.isEmpty()) {
          if (truth.outsideEverySpan(detection.detectedAt(), windows)) {
            falseOutsideWindows++;
          }
          continue;
        }
        trueOf.put(detection, matched);
        for (AttackWindow window : matched) {
          firstFound.computeIfAbsent(window.windowId(), id -> new HashMap<>())
            .putIfAbsent(new Key(detection.kind(), detection.entity()), detection.detectedAt());
        }
      }
      Map<String, Score> byScenario = new TreeMap<>();
      for (String scenario : scenarios) {
        byScenario.put(scenario, scoreOf(rule, own, trueOf, firstFound, windows.stream()
          .filter(window -> window.scenario().equals(scenario)).toList(), truth, scenario));
      }
      Score overall = scoreOf(rule, own, trueOf, firstFound, windows, truth, null);
      scores.add(new RuleScore(rule, overall, byScenario, falseOutsideWindows,
        calmHours <= 0 ? Double.NaN : falseOutsideWindows / calmHours));
    }
    return scores;
  }

  /**
   * The window that makes {@code detection} true, for a rule on entities of the truth's kinds ({@code entityLevel})
   * or on others; empty for a false detection. The backtest's diff judges each detection gained or lost with it.
   */
  public static Optional<AttackWindow> judge(Detection detection, boolean entityLevel, List<AttackWindow> windows,
                                             List<AttackEntity> entities, Instant to, Duration grace) {
    return new Truth(windows, entities, to, grace).windowsOf(detection, entityLevel).stream().findFirst();
  }

  private static Score scoreOf(Rule rule, List<Detection> detections, Map<Detection, List<AttackWindow>> trueOf,
                               Map<UUID, Map<Key, Instant>> firstFound, List<AttackWindow> windows, Truth truth,
                               String scenario) {
    int total = 0;
    int trueCount = 0;
    for (Detection detection : detections) {
      List<AttackWindow> matched = trueOf.get(detection);
      if (scenario == null) {
        total++;
        trueCount += matched == null ? 0 : 1;
      } else if (matched != null && matched.stream().anyMatch(window -> window.scenario().equals(scenario))) {
        total++;
        trueCount++;
      } else if (matched == null && !truth.outsideEverySpan(detection.detectedAt(), windows)) {
        total++;
      }
    }
    int targets = 0;
    int found = 0;
    int windowsWithTargets = 0;
    int caught = 0;
    List<Duration> times = new ArrayList<>();
    for (AttackWindow window : windows) {
      Map<Key, Instant> detected = firstFound.getOrDefault(window.windowId(), Map.of());
      if (!rule.entityLevel()) {
        windowsWithTargets++;
        detected.values().stream().min(Comparator.naturalOrder()).ifPresent(first -> times.add(
          Duration.between(window.startedAt(), first)));
        caught += detected.isEmpty() ? 0 : 1;
        continue;
      }
      Map<Key, Instant> firstSeen = new HashMap<>();
      for (AttackEntity entity : truth.entitiesOf(window)) {
        if (entity.kind().wireName().equals(rule.kind()) && isTarget(window, entity)) {
          firstSeen.merge(new Key(entity.kind().wireName(), entity.value()), entity.firstSeenAt(),
            (a, b) -> a.isBefore(b) ? a : b);
        }
      }
      windowsWithTargets += firstSeen.isEmpty() ? 0 : 1;
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

  /** The windows and entities of a period, indexed: which windows name an entity, and each window's entities. */
  private static final class Truth {

    private final Map<UUID, AttackWindow> windows = new LinkedHashMap<>();
    private final Map<Key, List<UUID>> namedIn = new HashMap<>();
    private final Map<UUID, List<AttackEntity>> entitiesOf = new HashMap<>();
    private final Instant to;
    private final Duration grace;

    Truth(List<AttackWindow> windows, List<AttackEntity> entities, Instant to, Duration grace) {
      this.to = to;
      this.grace = grace;
      windows.forEach(window -> this.windows.put(window.windowId(), window));
      for (AttackEntity entity : entities) {
        if (this.windows.containsKey(entity.windowId())) {
          namedIn.computeIfAbsent(new Key(entity.kind().wireName(), entity.value()), key -> new ArrayList<>())
            .add(entity.windowId());
          entitiesOf.computeIfAbsent(entity.windowId(), id -> new ArrayList<>()).add(entity);
        }
      }
    }

    List<AttackEntity> entitiesOf(AttackWindow window) {
      return entitiesOf.getOrDefault(window.windowId(), List.of());
    }

    /**
     * The windows whose span holds the detection, empty for a false detection. For a rule on the truth's kinds, every
     * window naming its entity, those where it is a target first: an account a scenario takes over may be a mere
     * victim of another running at the same time, and the detection finds it for both. For a rule on another kind,
     * the first window in span: it cannot say which of two concurrent attacks it saw.
     */
    List<AttackWindow> windowsOf(Detection detection, boolean entityLevel) {
      List<AttackWindow> matched = new ArrayList<>();
      if (!entityLevel) {
        windows.values().stream().filter(window -> within(detection.detectedAt(), window)).findFirst()
          .ifPresent(matched::add);
        return matched;
      }
      Key key = new Key(detection.kind(), detection.entity());
      for (UUID id : new LinkedHashSet<>(namedIn.getOrDefault(key, List.of()))) {
        AttackWindow window = windows.get(id);
        if (within(detection.detectedAt(), window)) {
          matched.add(window);
        }
      }
      matched.sort(Comparator.comparing((AttackWindow window) -> entitiesOf(window).stream().noneMatch(entity ->
        new Key(entity.kind().wireName(), entity.value()).equals(key) && isTarget(window, entity))));
      return matched;
    }

    boolean within(Instant at, AttackWindow window) {
      return !at.isBefore(window.startedAt()) && !at.isAfter(spanEnd(window, to, grace));
    }

    boolean outsideEverySpan(Instant at, List<AttackWindow> among) {
      return among.stream().noneMatch(window -> within(at, window));
    }
  }

  private static Instant spanEnd(AttackWindow window, Instant to, Duration grace) {
    return (window.endedAt() == null ? to : window.endedAt()).plus(grace);
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
