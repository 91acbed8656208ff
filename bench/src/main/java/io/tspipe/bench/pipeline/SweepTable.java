package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The detection sweep ({@code detection.sweep} of the JSON) as text: per scenario and intensity the pooled score of any
 * live rule and each rule that found something of it; the targets, met or missed by how much; the false detections;
 * the detector's cost. Reads only the JSON, as {@link ResultTable} does.
 */
final class SweepTable {

  /** At 5%: every scenario's targets found by some live rule, its precision, its time to detect. */
  static final double RECALL_AT_5 = 0.9;
  static final double PRECISION_AT_5 = 0.9;
  static final long TIME_TO_DETECT_P95_AT_5_MS = 10_000;
  /** At 1%: each scenario's recall, reported scenario by scenario against this. */
  static final double RECALL_AT_1 = 0.5;
  /** Calm traffic: false detections of live rules per hour of it. */
  static final double CALM_FALSE_PER_HOUR = 1;

  private static final String ROW = "%-9s %-20s %-46s %9s %7s %9s %15s %8s%n";

  private SweepTable() {
  }

  /** An intensity as a share: {@code 5%}, {@code 0.5%}. */
  static String percent(double intensity) {
    double percent = Math.round(intensity * 1_000_000) / 10_000.0;
    return percent == Math.rint(percent) ? String.format(Locale.ROOT, "%.0f%%", percent)
      : String.format(Locale.ROOT, "%s%%", stripZeros(percent));
  }

  /** One line per step while the sweep runs: each scenario's recall by any live rule. */
  static String summary(JsonObject step) {
    List<String> parts = new ArrayList<>();
    JsonObject pooled = step.getJsonObject("anyLiveRule", new JsonObject());
    for (String scenario : pooled.fieldNames()) {
      JsonObject score = pooled.getJsonObject(scenario);
      parts.add(String.format(Locale.ROOT, "%s %d/%d", scenario, score.getInteger("targetsFound"),
        score.getInteger("targets")));
    }
    return "targets found by any live rule: " + (parts.isEmpty() ? "no window recorded" : String.join(", ", parts));
  }

  static String render(JsonObject sweep) {
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%ndetection sweep: calm traffic at %,d events/s; each scenario for %d s at"
        + " each intensity (together while their intensities add up to at most %.0f%%), then %d s to settle; every"
        + " step scored by the shared scorer with a grace of %d s%n", sweep.getInteger("ratePerSecond"),
      sweep.getInteger("scenarioSeconds"), sweep.getDouble("maxAttackShare") * 100, sweep.getInteger("settleSeconds"),
      sweep.getInteger("graceSeconds")));
    table.append("\"any live rule\": the live rules' detections of each entity kind scored as one rule, so a target"
      + " found by any of them counts once; recall over the kinds the live rules name. Rule rows: rules with a true"
      + " detection in the scenario.\n\n");
    row(table, "intensity", "scenario", "rule", "found", "recall", "precision", "TTD p50/p95 s", "windows");
    JsonArray steps = sweep.getJsonArray("steps", new JsonArray());
    for (String scenario : scenarios(steps)) {
      for (int i = 0; i < steps.size(); i++) {
        scenarioRows(table, scenario, steps.getJsonObject(i));
      }
    }
    table.append("\ntargets\n");
    targets(table, steps);
    calmTargets(table, sweep);
    falseDetectionRows(table, sweep.getJsonObject("falseDetections"));
    costRows(table, sweep.getJsonObject("cost"));
    return table.toString();
  }

  private static void scenarioRows(StringBuilder table, String scenario, JsonObject step) {
    String intensity = percent(step.getDouble("intensity"));
    JsonObject pooled = step.getJsonObject("anyLiveRule", new JsonObject()).getJsonObject(scenario);
    if (pooled == null) {
      row(table, intensity, scenario, "no window recorded", "", "", "", "", "");
      return;
    }
    row(table, intensity, scenario, "any live rule (" + String.join(", ", strings(pooled.getJsonArray("kinds")))
        + ")", pooled.getInteger("targetsFound") + "/" + pooled.getInteger("targets"), ratio(pooled.getDouble("recall")),
      ratio(pooled.getDouble("precision")), times(pooled), "");
    JsonArray rules = step.getJsonArray("rules", new JsonArray());
    for (int i = 0; i < rules.size(); i++) {
      JsonObject rule = rules.getJsonObject(i);
      JsonObject score = rule.getJsonObject("scenarios", new JsonObject()).getJsonObject(scenario);
      if (score == null || score.getInteger("trueDetections", 0) == 0) {
        continue;
      }
      boolean entityLevel = rule.getBoolean("entityLevel", false);
      String name = rule.getString("rule") + (SweepScore.LIVE.equals(rule.getString("mode")) ? ""
        : " (" + rule.getString("mode", "no mode") + ")");
      row(table, "", "", "  " + name, entityLevel && score.getInteger("targets") > 0 ? score.getInteger("targetsFound")
          + "/" + score.getInteger("targets") : "—", entityLevel ? ratio(score.getDouble("recall")) : "window", ratio(score.getDouble("precision")),
        times(score), score.getInteger("windowsCaught") + "/" + score.getInteger("windows"));
    }
  }

  private static void targets(StringBuilder table, JsonArray steps) {
    for (int i = 0; i < steps.size(); i++) {
      JsonObject step = steps.getJsonObject(i);
      double intensity = step.getDouble("intensity");
      boolean atFive = Math.abs(intensity - 0.05) < 1e-9;
      boolean atOne = Math.abs(intensity - 0.01) < 1e-9;
      if (!atFive && !atOne) {
        continue;
      }
      table.append(atFive ? String.format(Locale.ROOT, "  at 5%%: every scenario found by any live rule with recall"
          + " ≥ %.1f and precision ≥ %.1f, time to detect p95 ≤ %d s%n", RECALL_AT_5, PRECISION_AT_5,
        TIME_TO_DETECT_P95_AT_5_MS / 1000)
        : String.format(Locale.ROOT, "  at 1%%: recall ≥ %.1f, scenario by scenario%n", RECALL_AT_1));
      JsonObject pooled = step.getJsonObject("anyLiveRule", new JsonObject());
      for (String scenario : stepScenarios(step)) {
        JsonObject score = pooled.getJsonObject(scenario);
        String verdict;
        if (score == null) {
          verdict = "MISSED: no window recorded";
        } else if (atFive) {
          verdict = "recall " + recall(score, RECALL_AT_5) + "; precision " + precision(score, PRECISION_AT_5)
            + "; p95 " + timeWithin(score);
        } else {
          verdict = "recall " + recall(score, RECALL_AT_1);
        }
        table.append(String.format(Locale.ROOT, "    %-20s %s%n", scenario, verdict));
      }
    }
  }

  private static void calmTargets(StringBuilder table, JsonObject sweep) {
    table.append(String.format(Locale.ROOT, "  calm traffic: ≤ %.0f false detection of live rules per calm hour%n",
      CALM_FALSE_PER_HOUR));
    calmTarget(table, String.format(Locale.ROOT, "at %,d/s", sweep.getInteger("ratePerSecond")),
      sweep.getJsonObject("falseDetections"));
  }

  /**
   * A rate of false detections over little calm time shows a miss, never the target met: none in a few minutes is
   * what a rule firing once an hour gives as well.
   */
  private static void calmTarget(StringBuilder table, String what, JsonObject falseDetections) {
    if (falseDetections == null) {
      return;
    }
    Double hours = falseDetections.getDouble("calmHours");
    int count = falseDetections.getJsonObject("live").getInteger("falseInCalm");
    String verdict;
    if (hours == null || hours <= 0) {
      verdict = "no calm time measured";
    } else {
      double perHour = count / hours;
      String measured = String.format(Locale.ROOT, "%d in %.1f calm min = %s/h", count, hours * 60, number(perHour));
      if (perHour > CALM_FALSE_PER_HOUR) {
        verdict = measured + ": MISSED by " + number(perHour - CALM_FALSE_PER_HOUR) + "/h";
      } else if (hours < 1) {
        verdict = measured + ": not shown, too little calm time (one would be " + number(1 / hours) + "/h)";
      } else {
        verdict = measured + ": met";
      }
    }
    table.append(String.format(Locale.ROOT, "    %-20s %s%n", what, verdict));
    Double all = falseDetections.getDouble("hours");
    if (all != null && all > 0) {
      int total = count + falseDetections.getJsonObject("live").getInteger("falseDuringAttacks", 0);
      table.append(String.format(Locale.ROOT, "    %-20s %d in %.1f min of the sweep = %s/h, false detections of live"
        + " rules during the attacks too (not the target's measure)%n", "", total, all * 60, number(total / all)));
    }
  }

  private static void falseDetectionRows(StringBuilder table, JsonObject falseDetections) {
    if (falseDetections == null) {
      return;
    }
    table.append("\nfalse detections over the sweep, per rule: during the attacks' spans / in calm time\n");
    JsonArray rules = falseDetections.getJsonArray("rules", new JsonArray());
    int shown = 0;
    for (int i = 0; i < rules.size(); i++) {
      JsonObject rule = rules.getJsonObject(i);
      int during = rule.getInteger("falseDuringAttacks");
      int calm = rule.getInteger("falseInCalm");
      if (during + calm > 0) {
        table.append(String.format(Locale.ROOT, "  %-46s %5d / %d%n", rule.getString("rule") + " ("
          + rule.getString("mode", "no mode") + ")", during, calm));
        shown++;
      }
    }
    if (shown == 0) {
      table.append("  none\n");
    }
  }

  private static void costRows(StringBuilder table, JsonObject cost) {
    if (cost == null) {
      return;
    }
    table.append(String.format(Locale.ROOT, "%nthe detector over the sweep (%.0f s, %,d events stored, %,.0f/s):"
        + " %.3f cores busy, %s CPU s per million events; ClickHouse %.2f cores, the machine %.2f;"
        + " %s evaluations/s, %.2f s of queries per second (mean %s ms each), %d ticks skipped%n",
      cost.getDouble("seconds"), cost.getLong("eventsStored"), cost.getDouble("eventsPerSecond"),
      cost.getDouble("detectorCpuCoresBusy"), number(cost.getDouble("detectorCpuSecondsPerMillionEvents")),
      cost.getDouble("clickHouseCpuCoresBusy"), cost.getDouble("machineCpuCoresBusy"),
      number(cost.getDouble("evaluationsPerSecond")), cost.getDouble("evaluationQuerySecondsPerSecond"),
      number(cost.getDouble("evaluationMeanMs")), cost.getLong("ticksSkipped")));
    JsonArray lags = cost.getJsonArray("lag", new JsonArray());
    double mean = 0;
    double max = Double.NaN;
    for (int i = 0; i < lags.size(); i++) {
      mean = Math.max(mean, lags.getJsonObject(i).getDouble("meanSeconds"));
      max = Double.isNaN(max) ? lags.getJsonObject(i).getDouble("maxSeconds")
        : Math.max(max, lags.getJsonObject(i).getDouble("maxSeconds"));
    }
    if (!lags.isEmpty()) {
      table.append(String.format(Locale.ROOT, "rules behind the newest stored event: the slowest %.1f s on average,"
        + " %.1f s at most%n", mean, max));
    }
  }

  private static List<String> scenarios(JsonArray steps) {
    Set<String> scenarios = new LinkedHashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      scenarios.addAll(stepScenarios(steps.getJsonObject(i)));
    }
    return List.copyOf(scenarios);
  }

  /** The scenarios a step ran, from its rounds, then any other its windows name. */
  private static Set<String> stepScenarios(JsonObject step) {
    Set<String> scenarios = new LinkedHashSet<>();
    JsonArray rounds = step.getJsonArray("rounds", new JsonArray());
    for (int i = 0; i < rounds.size(); i++) {
      scenarios.addAll(strings(rounds.getJsonArray(i)));
    }
    scenarios.addAll(step.getJsonObject("anyLiveRule", new JsonObject()).fieldNames());
    return scenarios;
  }

  private static List<String> strings(JsonArray array) {
    List<String> strings = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        strings.add(array.getString(i));
      }
    }
    return strings;
  }

  private static String recall(JsonObject score, double target) {
    return atLeast(score.getInteger("targetsFound"), score.getInteger("targets"), target);
  }

  private static String precision(JsonObject score, double target) {
    return atLeast(score.getInteger("trueDetections"), score.getInteger("detections"), target);
  }

  /** {@code part/whole = ratio} to three places, so one just under a target never reads as the target itself. */
  private static String atLeast(int part, int whole, double target) {
    if (whole == 0) {
      return "none to score: MISSED";
    }
    double value = (double) part / whole;
    return String.format(Locale.ROOT, "%d/%d = %.3f", part, whole, value) + (value >= target ? " met"
      : String.format(Locale.ROOT, " MISSED by %.3f", target - value));
  }

  private static String timeWithin(JsonObject score) {
    Long p95 = score.getLong("timeToDetectP95Ms");
    if (p95 == null) {
      return "none detected: MISSED";
    }
    return String.format(Locale.ROOT, "%.1f s", p95 / 1000.0) + (p95 <= TIME_TO_DETECT_P95_AT_5_MS ? " met"
      : String.format(Locale.ROOT, " MISSED by %.1f s", (p95 - TIME_TO_DETECT_P95_AT_5_MS) / 1000.0));
  }

  private static String times(JsonObject score) {
    Long p50 = score.getLong("timeToDetectP50Ms");
    Long p95 = score.getLong("timeToDetectP95Ms");
    return p50 == null ? "—" : String.format(Locale.ROOT, "%.1f / %.1f", p50 / 1000.0, p95 / 1000.0);
  }

  private static String ratio(Double value) {
    return value == null ? "—" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String number(Double value) {
    if (value == null || !Double.isFinite(value)) {
      return "n/a";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String stripZeros(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static void row(StringBuilder table, String intensity, String scenario, String rule, String found,
                          String recall, String precision, String times, String windows) {
    table.append(String.format(Locale.ROOT, ROW, intensity, scenario, rule, found, recall, precision, times, windows));
  }
}
