package io.tspipe.detector;

import io.tspipe.detection.Detection;
import io.tspipe.scoring.Scorer;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rule set evaluated over stored history as the detector evaluates it live: the same compiled queries
 * ({@link RuleQuery}), the same parameters and the same tracker ({@link DetectionTracker}), on the same grid of ticks
 * (multiples of each rule's step, {@link Rule#stepMillis}, since the epoch). Unlike the live detector, which may
 * stride over a backlog, a replay evaluates every one of a rule's ticks in {@code [from, to]}, so a live run that kept
 * up and the replay of the same rules over the same events yield the same detections, down to their ids. What it cannot know:
 * <ul>
 *   <li>{@code detectedAt}: the wall time the live detector recorded a detection. A replay gives the earliest a live
 *   detector could have: the tick plus the lateness.</li>
 *   <li>what happened before {@code from}: a detection open then is opened again at the first tick.</li>
 *   <li>labels its own rules would have set: it writes nothing, and reads the labels live rules set.</li>
 * </ul>
 * Rules are replayed {@code concurrency} at a time, each one tick after another.
 */
public final class Replay {

  /** Told, after every evaluated tick, how many of the replay's evaluations are done and how many there are. */
  public interface Progress {
    void ticks(long done, long total, int detections);
  }

  /** A rule set to replay, loaded from files or text, with what did not load. */
  public static final class RuleSet {

    private final List<Rule> rules;
    private final List<String> errors;

    private RuleSet(RuleLoader.Loaded loaded) {
      this.rules = loaded.rules();
      this.errors = loaded.errors().stream().map(Throwable::getMessage).toList();
    }

    /** Each rule as the scorer knows it: name, kind, mode and what it replaces. */
    public List<Scorer.Rule> catalogue() {
      return rules.stream().map(rule -> new Scorer.Rule(rule.name(), rule.entity().wireName(), rule.mode().wireName(),
        rule.replaces())).toList();
    }

    /** Why each rule that did not load did not, as {@code file:line: rule name: problem}. */
    public List<String> errors() {
      return errors;
    }

    public boolean isEmpty() {
      return rules.isEmpty();
    }
  }

  private final ClickHouseReads clickHouse;
  private final Duration tick;
  private final Duration lateness;
  private final Duration updateInterval;
  private final int concurrency;

  public Replay(ClickHouseReads clickHouse, DetectorSettings settings, int concurrency) {
    this.clickHouse = clickHouse;
    this.tick = settings.tick();
    this.lateness = settings.lateness();
    this.updateInterval = settings.updateInterval();
    this.concurrency = Math.max(1, concurrency);
  }

  /** The rules of a {@code .yaml} file or of every {@code .yaml} file of a folder. Blocking: reads files. */
  public static RuleSet load(Path fileOrFolder, String database) {
    if (Files.isDirectory(fileOrFolder)) {
      return new RuleSet(RuleLoader.loadFolder(fileOrFolder, database));
    }
    try {
      return new RuleSet(RuleLoader.load(String.valueOf(fileOrFolder.getFileName()), Files.readString(fileOrFolder),
        database));
    } catch (IOException e) {
      return new RuleSet(new RuleLoader.Loaded(List.of(), List.of(new RuleException(String.valueOf(fileOrFolder),
        null, 0, "cannot read: " + e.getMessage()))));
    }
  }

  /** The rules of one rule file's text, named {@code file} in errors. */
  public static RuleSet parse(String file, String text, String database) {
    return new RuleSet(RuleLoader.load(file, text, database));
  }

  /** The ticks of {@code [from, to]} on the detector's grid. */
  public List<Instant> ticks(Instant from, Instant to) {
    return ticks(from, to, tick.toMillis());
  }

  /** How many evaluations replaying {@code rules} over {@code [from, to]} takes: each rule's ticks, on its own step. */
  public long evaluations(RuleSet rules, Instant from, Instant to) {
    return rules.rules.stream().mapToLong(rule -> {
      long step = rule.stepMillis(tick);
      return TickPlan.due(firstTick(from, step), to, step);
    }).sum();
  }

  private static List<Instant> ticks(Instant from, Instant to, long step) {
    List<Instant> ticks = new ArrayList<>();
    for (Instant at = firstTick(from, step); !at.isAfter(to); at = at.plusMillis(step)) {
      ticks.add(at);
    }
    return ticks;
  }

  /** The first tick of the grid of {@code step} at or after {@code from}. */
  private static Instant firstTick(Instant from, long step) {
    return TickPlan.floor(from.minusMillis(1), step).plusMillis(step);
  }

  /**
   * Replays {@code rules} over the ticks of {@code [from, to]}: every detection opened, each in its last state (open
   * at {@code to}, or resolved), in the order rules and ticks gave them.
   */
  public Future<List<Detection>> run(RuleSet rules, Instant from, Instant to, Progress progress) {
    long total = evaluations(rules, from, to);
    AtomicLong done = new AtomicLong();
    AtomicInteger opened = new AtomicInteger();
    Map<String, List<Detection>> byRule = Collections.synchronizedMap(new LinkedHashMap<>());
    rules.rules.forEach(rule -> byRule.put(rule.name(), List.of()));
    List<Rule> waiting = Collections.synchronizedList(new ArrayList<>(rules.rules));
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < Math.min(concurrency, rules.rules.size()); lane++) {
      lanes.add(lane(waiting, from, to, byRule, opened, () -> progress.ticks(done.incrementAndGet(), total,
        opened.get())));
    }
    return Future.all(lanes).map(all -> byRule.values().stream().flatMap(List::stream).toList());
  }

  /** Takes rules off {@code waiting} one at a time and replays each, until none is left. */
  private Future<Void> lane(List<Rule> waiting, Instant from, Instant to, Map<String, List<Detection>> byRule,
                            AtomicInteger opened, Runnable tickDone) {
    Rule rule;
    synchronized (waiting) {
      if (waiting.isEmpty()) {
        return Future.succeededFuture();
      }
      rule = waiting.remove(0);
    }
    return replay(rule, ticks(from, to, rule.stepMillis(tick)), opened, tickDone)
      .compose(detections -> {
        byRule.put(rule.name(), detections);
        return lane(waiting, from, to, byRule, opened, tickDone);
      });
  }

  private Future<List<Detection>> replay(Rule rule, List<Instant> ticks, AtomicInteger opened, Runnable tickDone) {
    RuleQuery.Compiled query = RuleQuery.compile(rule, clickHouse.database());
    DetectionTracker tracker = new DetectionTracker(updateInterval);
    Map<UUID, Detection> last = new LinkedHashMap<>();
    Promise<List<Detection>> finished = Promise.promise();
    step(rule, query, tracker, ticks, 0, last, opened, tickDone, finished);
    return finished.future();
  }

  /** Evaluates tick {@code index}, then the next when it answered: one query in flight per rule. */
  private void step(Rule rule, RuleQuery.Compiled query, DetectionTracker tracker, List<Instant> ticks, int index,
                    Map<UUID, Detection> last, AtomicInteger opened, Runnable tickDone,
                    Promise<List<Detection>> finished) {
    if (index == ticks.size()) {
      finished.complete(List.copyOf(last.values()));
      return;
    }
    Instant at = ticks.get(index);
    clickHouse.select(query.sql(), RuleQuery.parameters(rule, at))
      .onFailure(failure -> finished.fail(new IllegalStateException("rule " + rule.name() + " at " + at + ": "
        + failure.getMessage(), failure)))
      .onSuccess(rows -> {
        for (Detection change : tracker.evaluate(rule, at, query.matches(rows), at.plus(lateness))) {
          if (last.put(change.detectionId(), change) == null) {
            opened.incrementAndGet();
          }
        }
        tickDone.run();
        step(rule, query, tracker, ticks, index + 1, last, opened, tickDone, finished);
      });
  }
}
