package io.tspipe.bench.pipeline;

import io.tspipe.detection.Detection;
import io.tspipe.scoring.ScoreJson;
import io.tspipe.scoring.Scorer;
import io.tspipe.scoring.StoredPeriod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the detection sweep reports of a scored period, as JSON. Pure: the shared scorer's output in, figures out.
 * <ul>
 *   <li>A step: every rule's score ({@link ScoreJson#rules}) and, per scenario, that of <b>any live rule</b>
 *   ({@link StoredPeriod#anyLiveRule}): the live rules of each entity kind scored as one rule, then the kinds added
 *   up.</li>
 *   <li>False detections of a period, per rule: during the attack windows' spans and in calm time, and per calm
 *   hour.</li>
 * </ul>
 */
final class SweepScore {

  static final String LIVE = Detection.Mode.LIVE.wireName();

  private SweepScore() {
  }

  /** {@code {intensity, period, anyLiveRule: {scenario: pooled score}, rules: [rule score]}}. */
  static JsonObject step(double intensity, StoredPeriod period, List<Scorer.RuleScore> scores) {
    return new JsonObject()
      .put("intensity", intensity)
      .put("period", ScoreJson.period(period))
      .put("anyLiveRule", anyLiveRule(period, scores))
      .put("rules", ScoreJson.rules(scores));
  }

  /**
   * Per scenario of the period's windows: the pooled score of the live rules ({@code kinds} they name, and
   * {@code byKind}), and {@code bestLiveRule}, the live rule with the highest recall on it ({@code null} if none has
   * targets there).
   */
  static JsonObject anyLiveRule(StoredPeriod period, List<Scorer.RuleScore> scores) {
    StoredPeriod.Pooled pooled = period.anyLiveRule();
    JsonObject scenarios = new JsonObject();
    for (String scenario : scenarios(period)) {
      JsonObject kinds = new JsonObject();
      for (Scorer.RuleScore kind : pooled.byKind()) {
        kinds.put(kind.rule().kind(), ScoreJson.score(kind.byScenario().get(scenario)));
      }
      JsonObject score = ScoreJson.score(pooled.byScenario().get(scenario));
      score.remove("windows");
      score.remove("windowsCaught");
      score.remove("windowRecall");
      scenarios.put(scenario, score.put("kinds", new JsonArray(new ArrayList<>(kinds.fieldNames())))
        .put("byKind", kinds).put("bestLiveRule", best(scores, pooled.rules(), scenario)));
    }
    return scenarios;
  }

  /**
   * {@code {period, hours, calmHours, rules: [{rule, mode, kind, falseDuringAttacks, falseInCalm, falsePerCalmHour}],
   * live: {falseDuringAttacks, falseInCalm, falsePerCalmHour}}}: a detection during the attacks is false when it names
   * no entity of a window whose span it falls in.
   */
  static JsonObject falseDetections(StoredPeriod period, List<Scorer.RuleScore> scores) {
    JsonObject head = ScoreJson.period(period);
    JsonArray rules = new JsonArray();
    int liveDuring = 0;
    int liveCalm = 0;
    double livePerHour = 0;
    for (Scorer.RuleScore score : scores) {
      int during = score.overall().detections() - score.overall().trueDetections() - score.calmFalseDetections();
      rules.add(new JsonObject().put("rule", score.rule().name()).put("mode", score.rule().mode())
        .put("kind", score.rule().kind()).put("falseDuringAttacks", during)
        .put("falseInCalm", score.calmFalseDetections()).put("falsePerCalmHour", perHour(score.falsePerCalmHour())));
      if (score.rule().live()) {
        liveDuring += during;
        liveCalm += score.calmFalseDetections();
        livePerHour += score.falsePerCalmHour();
      }
    }
    double hours = Duration.between(period.from(), period.to()).toMillis() / 3_600_000.0;
    return new JsonObject().put("period", head).put("hours", Math.round(hours * 10_000) / 10_000.0)
      .put("calmHours", head.getValue("calmHours")).put("rules", rules)
      .put("live", new JsonObject().put("falseDuringAttacks", liveDuring).put("falseInCalm", liveCalm)
        .put("falsePerCalmHour", perHour(livePerHour)));
  }

  /** The scenarios of the period's windows, the sweep's in its order first. */
  private static Set<String> scenarios(StoredPeriod period) {
    Set<String> present = new LinkedHashSet<>();
    period.windows().forEach(window -> present.add(window.scenario()));
    Set<String> ordered = new LinkedHashSet<>();
    DetectionSweep.SCENARIOS.stream().map(scenario -> scenario.wireName()).filter(present::contains)
      .forEach(ordered::add);
    ordered.addAll(present);
    return ordered;
  }

  /** {@code {rule, recall, precision}} of the live rule with the highest recall on {@code scenario}, then precision. */
  private static JsonObject best(List<Scorer.RuleScore> scores, Set<String> liveRules, String scenario) {
    Comparator<Scorer.Score> byRecall = Comparator.comparingDouble(Scorer.Score::recall);
    Comparator<Scorer.Score> thenPrecision = byRecall.thenComparingDouble(score -> Double.isNaN(score.precision())
      ? -1 : score.precision());
    return scores.stream()
      .filter(score -> liveRules.contains(score.rule().name()))
      .filter(score -> score.byScenario().containsKey(scenario) && score.byScenario().get(scenario).targets() > 0)
      .max(Comparator.comparing((Scorer.RuleScore score) -> score.byScenario().get(scenario), thenPrecision))
      .map(score -> {
        Scorer.Score on = score.byScenario().get(scenario);
        return new JsonObject().put("rule", score.rule().name()).put("recall", ScoreJson.ratio(on.recall()))
          .put("precision", ScoreJson.ratio(on.precision()));
      })
      .orElse(null);
  }

  private static Double perHour(double value) {
    return Double.isFinite(value) ? PipelineBench.round(value) : null;
  }
}
