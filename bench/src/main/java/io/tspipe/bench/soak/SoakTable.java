package io.tspipe.bench.soak;

import io.tspipe.bench.LatencyStats;
import io.tspipe.bench.pipeline.FreshnessProbeLedger;

import java.util.Locale;
import java.util.Map;

/** The text a soak prints: a block for each minute, and the verdict at the end. Pure. */
final class SoakTable {

  private static final String PREFIX = "soak: ";
  private static final double MIB = 1 << 20;

  private SoakTable() {
  }

  /** The block of {@code minute}, one of {@code minutes}: the pipeline's figures, then one line per role. */
  static String minute(Minute minute, int minutes) {
    StringBuilder text = new StringBuilder();
    line(text, PREFIX + "minute %d of %d%s: %,d events stored, %,.0f/s (generator %,.0f/s); %,d documents indexed",
      minute.index(), minutes, minute.warmup() ? " (warm-up)" : "", minute.stored(), minute.storedPerSecond(),
      minute.sentPerSecond(), minute.documents());
    line(text, "  %-10s %12s %8s %11s %10s", "role", "heap live", "threads", "open files", "cpu cores");
    for (Map.Entry<String, Minute.RoleFigures> role : minute.roles().entrySet()) {
      Minute.RoleFigures figures = role.getValue();
      line(text, "  %-10s %12s %8s %11s %10s", role.getKey(), figure(figures.heapLiveBytes() / MIB, "MiB"),
        figure(figures.threads(), ""), figure(figures.openFiles(), ""), decimal(figures.cpuCores()));
    }
    line(text, "  consumer lag: worker %s, indexer %s records; detector %s behind", figure(minute.workerLag(), ""),
      figure(minute.indexerLag(), ""), figure(minute.detectorBehindSeconds(), "s"));
    line(text, "  freshness p50 / p99: to ClickHouse %s; to search %s", freshness(minute.clickHouse()),
      freshness(minute.search()));
    if (minute.dashboard().sent() > 0) {
      LatencyStats answered = minute.dashboard().answered();
      line(text, "  dashboard: %,d requests, %,d errors, p50 / p99 %s / %s", minute.dashboard().sent(),
        minute.dashboard().errors(), figure(answered.p50(), "ms"), figure(answered.p99(), "ms"));
    }
    return text.toString();
  }

  /** The verdict: each series judged over the minutes after the warm-up, each check, and the outcome. */
  static String verdict(SoakVerdict verdict, SoakOptions options) {
    StringBuilder text = new StringBuilder();
    line(text, PREFIX + "== verdict over minutes %d-%d%s", options.warmupMinutes() + 1, options.minutes(),
      options.warmupMinutes() == 0 ? "" : " (" + options.warmupInWords() + ", not judged)");
    line(text, "  %-30s %14s %14s  %s", "series", "first third", "last third", "trend");
    for (SoakVerdict.Judged judged : verdict.judged()) {
      Series series = judged.series();
      line(text, "  %-30s %14s %14s  %s", series.name(), figure(judged.judgement().firstThirdMedian(), series.unit()),
        figure(judged.judgement().lastThirdMedian(), series.unit()), judged.judgement().label());
    }
    for (SoakVerdict.Check check : verdict.checks()) {
      line(text, "  %s: %s (%s)", check.name(), check.passed() ? "passed" : "FAILED", check.detail());
    }
    line(text, PREFIX + "%s", verdict.passed() ? "PASSED: every series flat, every check passed"
      : "FAILED: " + String.join(", ", verdict.failures()));
    return text.toString();
  }

  private static String freshness(FreshnessProbeLedger.Interval store) {
    LatencyStats found = store.freshness();
    return String.format(Locale.ROOT, "%s / %s (%,d found, %,d lost)", figure(found.p50(), "ms"),
      figure(found.p99(), "ms"), found.count(), store.lost());
  }

  /** {@code value} in {@code unit}, or "-" when there is none. */
  static String figure(double value, String unit) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return switch (unit) {
      case "MiB" -> String.format(Locale.ROOT, "%,.1f MiB", value);
      case "s" -> String.format(Locale.ROOT, "%,.1f s", value);
      case "ms" -> String.format(Locale.ROOT, "%,.0f ms", value);
      default -> String.format(Locale.ROOT, "%,.0f", value);
    };
  }

  private static String decimal(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static void line(StringBuilder text, String format, Object... args) {
    text.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }
}
