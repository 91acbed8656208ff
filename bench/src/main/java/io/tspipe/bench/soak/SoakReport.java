package io.tspipe.bench.soak;

import io.tspipe.bench.LatencyStats;
import io.tspipe.bench.pipeline.FreshnessProbeLedger;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A soak's options, minutes and verdict as JSON, as {@code --report} holds them. NaN figures are null. Pure. */
final class SoakReport {

  private static final double MIB = 1 << 20;

  private SoakReport() {
  }

  static JsonObject options(SoakOptions options) {
    return new JsonObject().put("minutes", options.minutes()).put("rate", options.rate())
      .put("warmupMinutes", options.warmupMinutes()).put("probeRate", options.probeRate())
      .put("sseSubscribers", options.sseSubscribers()).put("dashboardInterval", options.dashboardInterval());
  }

  static JsonObject minute(Minute minute) {
    JsonObject roles = new JsonObject();
    minute.roles().forEach((name, figures) -> roles.put(name, new JsonObject()
      .put("heapLiveMiB", round(figures.heapLiveBytes() / MIB)).put("threads", round(figures.threads()))
      .put("openFiles", round(figures.openFiles())).put("cpuCores", hundredths(figures.cpuCores()))));
    return new JsonObject().put("minute", minute.index()).put("warmup", minute.warmup())
      .put("seconds", round(minute.seconds())).put("eventsStored", minute.stored())
      .put("storedPerSecond", round(minute.storedPerSecond())).put("sentPerSecond", round(minute.sentPerSecond()))
      .put("documentsIndexed", minute.documents())
      .put("workerLag", round(minute.workerLag())).put("indexerLag", round(minute.indexerLag()))
      .put("freshnessToClickHouse", freshness(minute.clickHouse()))
      .put("freshnessToSearch", freshness(minute.search()))
      .put("detectorBehindSeconds", round(minute.detectorBehindSeconds()))
      .put("dashboard", latency(minute.dashboard().answered()).put("sent", minute.dashboard().sent())
        .put("errors", minute.dashboard().errors()))
      .put("roles", roles);
  }

  static JsonObject verdict(SoakVerdict verdict) {
    JsonArray series = new JsonArray();
    for (SoakVerdict.Judged judged : verdict.judged()) {
      Flatness.Judgement judgement = judged.judgement();
      series.add(new JsonObject().put("series", judged.series().name()).put("unit", judged.series().unit())
        .put("minutesJudged", judgement.minutes())
        .put("firstThirdMedian", round(judgement.firstThirdMedian()))
        .put("lastThirdMedian", round(judgement.lastThirdMedian()))
        .put("slopePerHour", round(judgement.slopePerHour()))
        .put("percentPerHour", round(judgement.percentPerHour()))
        .put("toleranceShare", judged.series().tolerance().share())
        .put("toleranceFloor", judged.series().tolerance().floor())
        .put("flat", judged.passed()).put("verdict", judgement.label()));
    }
    JsonArray checks = new JsonArray();
    verdict.checks().forEach(check -> checks.add(new JsonObject().put("check", check.name())
      .put("passed", check.passed()).put("detail", check.detail())));
    return new JsonObject().put("passed", verdict.passed()).put("series", series).put("checks", checks)
      .put("failures", new JsonArray(verdict.failures()));
  }

  private static JsonObject freshness(FreshnessProbeLedger.Interval store) {
    return latency(store.freshness()).put("lost", store.lost());
  }

  private static JsonObject latency(LatencyStats stats) {
    return new JsonObject().put("count", stats.count()).put("p50Ms", round(stats.p50()))
      .put("p99Ms", round(stats.p99())).put("maxMs", round(stats.max()));
  }

  /** To a hundredth; null for NaN, which JSON cannot hold. */
  static Double hundredths(double value) {
    return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : null;
  }

  /** To a tenth; null for NaN, which JSON cannot hold. */
  static Double round(double value) {
    return Double.isFinite(value) ? Math.round(value * 10) / 10.0 : null;
  }
}
