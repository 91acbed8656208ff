package io.tspipe.backtest;

import io.tspipe.detection.Detection;
import io.tspipe.detector.DetectorSettings;
import io.tspipe.detector.Replay;
import io.tspipe.scoring.ScoreJson;
import io.tspipe.scoring.Scorer;
import io.tspipe.scoring.StoredPeriod;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.store.DetectorProgressTable;
import io.tspipe.store.EventsTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A backtest: a candidate rule set replayed over a stored period ({@link Replay}), scored against the ground truth,
 * beside the live rules it stands for over the same period, and the difference between the two judged
 * ({@link BacktestDiff}). The same from the {@code backtest} command and from the web role's backtest jobs. Its report
 * (the {@code BacktestReport} schema of the OpenAPI document):
 * <pre>{@code {"from", "to", ["requestedTo",] "graceSeconds", "rules", "ticks", "evaluations", "events", "elapsedMs",
 *  "candidate": [RuleScore], "live": [RuleScore], "diff": [{"rule", "against",
 *   "gained": {"true", "false", "entities": [Change]}, "lost": {...}}]}}</pre>
 * with a {@code Change} {@code {"kind", "entity", "detectedAt", "correct", "scenario"}}; at most
 * {@value #MAX_LISTED} changes are listed per side, all are counted.
 */
public final class Backtest {

  public static final int MAX_LISTED = 50;

  private final ClickHouseReads clickHouse;
  private final DetectorSettings settings;
  private final int concurrency;

  public Backtest(ClickHouseReads clickHouse, DetectorSettings settings, int concurrency) {
    this.clickHouse = clickHouse;
    this.settings = settings;
    this.concurrency = concurrency;
  }

  /**
   * Replays {@code rules} over {@code [from, to]}, with {@code to} brought back to where the live rules they stand for
   * have been evaluated: past it, live has not looked yet, and every replayed detection there would read as a gain.
   */
  public Future<JsonObject> run(Replay.RuleSet rules, Instant from, Instant to, Duration grace,
                                Replay.Progress progress) {
    return liveProgress(rules, from).compose(evaluated -> {
      Instant end = evaluated != null && evaluated.isBefore(to) ? evaluated : to;
      return replay(rules, from, end, grace, progress)
        .map(report -> end.equals(to) ? report : report.put("requestedTo", StoredValues.formatMillis(to.toEpochMilli())));
    });
  }

  /**
   * The earliest of the live detector's progress over the rules the candidates stand for and that it evaluated after
   * {@code from}; null if none was.
   */
  private Future<Instant> liveProgress(Replay.RuleSet rules, Instant from) {
    String against = rules.catalogue().stream().map(rule -> rule.replaces() == null ? rule.name() : rule.replaces())
      .distinct().collect(Collectors.joining(","));
    return clickHouse.select("SELECT toUnixTimestamp64Milli(min(reached)) AS reached_ms, count() AS rules FROM ("
        + "SELECT rule, max(tick) AS reached FROM " + DetectorProgressTable.in(clickHouse.database())
        + " WHERE has(splitByChar(',', {against:String}), rule) GROUP BY rule "
        + "HAVING reached > {from:DateTime64(3, 'UTC')})",
      Map.of("against", against, "from", ClickHouseClient.dateTime64(from)))
      .map(rows -> rows.isEmpty() || StoredValues.longOf(rows.get(0), "rules") == 0 ? null
        : Instant.ofEpochMilli(StoredValues.longOf(rows.get(0), "reached_ms")));
  }

  private Future<JsonObject> replay(Replay.RuleSet rules, Instant from, Instant to, Duration grace,
                                    Replay.Progress progress) {
    long started = System.nanoTime();
    Replay replay = new Replay(clickHouse, settings, concurrency);
    Future<Long> events = clickHouse.select("SELECT count() AS events FROM " + EventsTable.in(clickHouse.database())
        + " WHERE timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')}",
      Map.of("from", ClickHouseClient.dateTime64(from), "to", ClickHouseClient.dateTime64(to)))
      .map(rows -> StoredValues.longOf(rows.get(0), "events"));
    return replay.run(rules, from, to, progress).compose(replayed -> {
      Future<StoredPeriod> period = StoredPeriod.read(clickHouse, from, to, grace);
      Future<List<Scorer.Detection>> open = StoredPeriod.openDuring(clickHouse, from, to);
      return Future.all(events, period, open).map(read -> report(rules, replayed, period.result(), open.result(),
        events.result(), replay.ticks(from, to).size(), replay.evaluations(rules, from, to),
        Duration.ofNanos(System.nanoTime() - started)));
    });
  }

  /**
   * The report. Scores compare like with like: the replay's detections against the live ones first recorded in the
   * period. The diff compares entities: the replay's against those of live detections open at any time in the period,
   * so one opened before it, which the replay opens at its first tick, is no gain.
   */
  private static JsonObject report(Replay.RuleSet rules, List<Detection> replayed, StoredPeriod period,
                                   List<Scorer.Detection> liveOpen, long events, int ticks, long evaluations,
                                   Duration elapsed) {
    List<Scorer.Rule> candidates = rules.catalogue();
    List<Scorer.Detection> ours = replayed.stream().map(detection -> new Scorer.Detection(detection.rule(),
      detection.kind().wireName(), detection.entity(), detection.detectedAt())).toList();
    Set<String> against = new HashSet<>();
    candidates.forEach(rule -> against.add(rule.replaces() == null ? rule.name() : rule.replaces()));
    List<Scorer.RuleScore> candidateScores = Scorer.score(candidates, period.windows(), period.entities(), ours,
      period.from(), period.to(), period.grace());
    List<Scorer.RuleScore> liveScores = period.score().stream()
      .filter(score -> against.contains(score.rule().name())).toList();
    JsonArray diff = new JsonArray();
    for (BacktestDiff.RuleDiff rule : BacktestDiff.diff(candidates, ours, liveOpen, period.windows(),
      period.entities(), period.to(), period.grace())) {
      diff.add(new JsonObject().put("rule", rule.rule()).put("against", rule.against())
        .put("gained", side(rule.gained())).put("lost", side(rule.lost())));
    }
    return new JsonObject()
      .put("from", StoredValues.formatMillis(period.from().toEpochMilli()))
      .put("to", StoredValues.formatMillis(period.to().toEpochMilli()))
      .put("graceSeconds", period.grace().toSeconds())
      .put("rules", candidates.size())
      .put("ticks", ticks)
      .put("evaluations", evaluations)
      .put("events", events)
      .put("elapsedMs", elapsed.toMillis())
      .put("candidate", ScoreJson.rules(candidateScores))
      .put("live", ScoreJson.rules(liveScores))
      .put("diff", diff);
  }

  private static JsonObject side(List<BacktestDiff.Change> changes) {
    JsonArray listed = new JsonArray();
    changes.stream().limit(MAX_LISTED).forEach(change -> listed.add(new JsonObject()
      .put("kind", change.kind())
      .put("entity", change.entity())
      .put("detectedAt", StoredValues.formatMillis(change.detectedAt().toEpochMilli()))
      .put("correct", change.correct())
      .put("scenario", change.scenario())));
    long correct = changes.stream().filter(BacktestDiff.Change::correct).count();
    return new JsonObject().put("true", correct).put("false", changes.size() - correct).put("entities", listed);
  }
}
