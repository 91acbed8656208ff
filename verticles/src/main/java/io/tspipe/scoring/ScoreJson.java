package io.tspipe.scoring;

import io.tspipe.store.StoredValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a score, the same from the score API, the backtest and the benchmark (the {@code RuleScore} schema
 * of the OpenAPI document; a whole answer of {@code GET /api/v1/detections/score} is its {@code Scoreboard}):
 * <pre>{@code {"rule", "kind", "mode": "live"|"shadow"|null, "replaces": name|null, "entityLevel",
 *  "overall": Score, "scenarios": {scenario: Score}, "calmFalseDetections", "falsePerCalmHour"}}</pre>
 * and a {@code Score}: {@code {"detections", "trueDetections", "precision", "targets", "targetsFound", "recall",
 * "windows", "windowsCaught", "windowRecall", "timeToDetectP50Ms", "timeToDetectP95Ms"}}, a ratio or time null when
 * it has nothing to count.
 */
public final class ScoreJson {

  private ScoreJson() {
  }

  /**
   * A period's scoreboard: {@code {"period": period(…), "rules": rules(…), "trend": trend(…, buckets)}}, what
   * {@code GET /api/v1/detections/score} answers.
   */
  public static JsonObject scoreboard(StoredPeriod period, int buckets) {
    return new JsonObject()
      .put("period", period(period))
      .put("rules", rules(period.score()))
      .put("trend", trend(period, buckets));
  }

  public static JsonArray rules(List<Scorer.RuleScore> scores) {
    JsonArray rules = new JsonArray();
    scores.forEach(score -> rules.add(rule(score)));
    return rules;
  }

  public static JsonObject rule(Scorer.RuleScore score) {
    JsonObject scenarios = new JsonObject();
    for (Map.Entry<String, Scorer.Score> scenario : score.byScenario().entrySet()) {
      scenarios.put(scenario.getKey(), score(scenario.getValue()));
    }
    return new JsonObject()
      .put("rule", score.rule().name())
      .put("kind", score.rule().kind())
      .put("mode", score.rule().mode())
      .put("replaces", score.rule().replaces())
      .put("entityLevel", score.rule().entityLevel())
      .put("overall", score(score.overall()))
      .put("scenarios", scenarios)
      .put("calmFalseDetections", score.calmFalseDetections())
      .put("falsePerCalmHour", ratio(score.falsePerCalmHour()));
  }

  public static JsonObject score(Scorer.Score score) {
    return new JsonObject()
      .put("detections", score.detections())
      .put("trueDetections", score.trueDetections())
      .put("precision", ratio(score.precision()))
      .put("targets", score.targets())
      .put("targetsFound", score.targetsFound())
      .put("recall", ratio(score.recall()))
      .put("windows", score.windows())
      .put("windowsCaught", score.windowsCaught())
      .put("windowRecall", ratio(score.windowRecall()))
      .put("timeToDetectP50Ms", millis(score.timeToDetect(0.5)))
      .put("timeToDetectP95Ms", millis(score.timeToDetect(0.95)));
  }

  /** The period's bounds, grace, calm hours and windows by scenario, for the head of a score answer. */
  public static JsonObject period(StoredPeriod period) {
    JsonObject scenarios = new JsonObject();
    period.windows().forEach(window -> scenarios.put(window.scenario(), scenarios.getInteger(window.scenario(), 0) + 1));
    return new JsonObject()
      .put("from", format(period.from()))
      .put("to", format(period.to()))
      .put("graceSeconds", period.grace().toSeconds())
      .put("calmHours", ratio(Scorer.calmHours(period.windows(), period.from(), period.to(), period.grace())))
      .put("windows", scenarios);
  }

  /**
   * The period cut into {@code buckets} equal slices, each scored on its own: per slice its bounds and, per rule,
   * its overall precision, recall, window recall and detections.
   */
  public static JsonArray trend(StoredPeriod period, int buckets) {
    JsonArray trend = new JsonArray();
    long span = Duration.between(period.from(), period.to()).toMillis();
    for (int i = 0; i < buckets; i++) {
      Instant from = period.from().plusMillis(span * i / buckets);
      Instant to = period.from().plusMillis(span * (i + 1) / buckets);
      JsonObject rules = new JsonObject();
      for (Scorer.RuleScore score : period.slice(from, to).score()) {
        rules.put(score.rule().name(), new JsonObject()
          .put("detections", score.overall().detections())
          .put("precision", ratio(score.overall().precision()))
          .put("recall", ratio(score.overall().recall()))
          .put("windowRecall", ratio(score.overall().windowRecall())));
      }
      trend.add(new JsonObject().put("from", format(from)).put("to", format(to)).put("rules", rules));
    }
    return trend;
  }

  /** A ratio to four decimals, as every score gives it; null for NaN (nothing to count). */
  public static Double ratio(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 10_000) / 10_000.0;
  }

  private static Long millis(Duration duration) {
    return duration == null ? null : duration.toMillis();
  }

  private static String format(Instant instant) {
    return StoredValues.formatMillis(instant.toEpochMilli());
  }
}
