package io.tspipe.bench.soak;

import io.tspipe.bench.pipeline.FreshnessProbeLedger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The end of a soak: every {@link Series} judged over the minutes after the warm-up ({@link Flatness}), and the
 * checks no series answers: that the pipeline kept up, that no probe was lost, that the web role answered. It passes
 * when every series was judged flat and every check passed. Pure.
 *
 * @param judged each series and its judgement, in the order of the series
 * @param checks each check, in a fixed order
 */
record SoakVerdict(List<Judged> judged, List<Check> checks) {

  /** How far behind a consumer group may be in the last minute: this many seconds of events at the offered rate. */
  static final int KEPT_UP_SECONDS = 60;

  /** A series and its judgement; it passes when judged and flat. */
  record Judged(Series series, Flatness.Judgement judgement) {

    boolean passed() {
      return judgement.judged() && !judgement.growing();
    }
  }

  /**
   * A check and its outcome.
   *
   * @param name   what it checks
   * @param passed whether it passed
   * @param detail the figures it decided on
   */
  record Check(String name, boolean passed, String detail) {
  }

  /**
   * The subscribers of the web role's live metrics feed held through the run.
   *
   * @param subscribers asked for
   * @param connected   answered 200
   * @param openAtEnd   still open when the run ended
   */
  record Feed(int subscribers, int connected, int openAtEnd) {
  }

  /**
   * The verdict on {@code minutes} of a soak at {@code rate} events/s; {@code feed} when subscribers were held,
   * {@code dashboard} when dashboard requests were sent.
   */
  static SoakVerdict of(List<Minute> minutes, List<Series> series, int rate, Optional<Feed> feed, boolean dashboard) {
    List<Minute> judgedMinutes = minutes.stream().filter(minute -> !minute.warmup()).toList();
    List<Judged> judged = series.stream()
      .map(one -> new Judged(one, Flatness.judge(one.figures(judgedMinutes), one.tolerance())))
      .toList();
    List<Check> checks = new ArrayList<>();
    checks.add(keptUp(minutes, rate));
    checks.add(probesFound(judgedMinutes));
    if (dashboard) {
      checks.add(dashboardAnswered(judgedMinutes));
    }
    feed.ifPresent(held -> checks.add(feedHeld(held)));
    return new SoakVerdict(judged, List.copyOf(checks));
  }

  boolean passed() {
    return judged.stream().allMatch(Judged::passed) && checks.stream().allMatch(Check::passed);
  }

  /** What did not pass: each series growing or not judged, then each check failed, by name. */
  List<String> failures() {
    return Stream.concat(
      judged.stream().filter(one -> !one.passed())
        .map(one -> one.series().name() + " " + (one.judgement().judged() ? "growing" : "not judged")),
      checks.stream().filter(check -> !check.passed()).map(Check::name)).toList();
  }

  private static Check keptUp(List<Minute> minutes, int rate) {
    long allowed = (long) KEPT_UP_SECONDS * rate;
    if (minutes.isEmpty()) {
      return new Check("kept up", false, "no minute was measured");
    }
    Minute last = minutes.get(minutes.size() - 1);
    boolean passed = last.workerLag() <= allowed && last.indexerLag() <= allowed;
    return new Check("kept up", passed, String.format(Locale.ROOT,
      "in the last minute the worker was %s and the indexer %s records behind; at most %,d (%d s of events)",
      count(last.workerLag()), count(last.indexerLag()), allowed, KEPT_UP_SECONDS));
  }

  private static Check probesFound(List<Minute> judged) {
    long[] clickHouse = lostOf(judged, Minute::clickHouse);
    long[] search = lostOf(judged, Minute::search);
    boolean passed = clickHouse[0] == 0 && search[0] == 0 && clickHouse[1] > 0 && search[1] > 0;
    return new Check("no probe lost", passed, String.format(Locale.ROOT,
      "after the warm-up %,d of %,d probes were not visible in ClickHouse within the timeout, %,d of %,d not found"
        + " by search", clickHouse[0], clickHouse[0] + clickHouse[1], search[0], search[0] + search[1]));
  }

  /** Probes lost and found over {@code minutes} in one store. */
  private static long[] lostOf(List<Minute> minutes, Function<Minute, FreshnessProbeLedger.Interval> store) {
    long lost = 0;
    long found = 0;
    for (Minute minute : minutes) {
      lost += store.apply(minute).lost();
      found += store.apply(minute).freshness().count();
    }
    return new long[] {lost, found};
  }

  private static Check dashboardAnswered(List<Minute> judged) {
    int sent = judged.stream().mapToInt(minute -> minute.dashboard().sent()).sum();
    int errors = judged.stream().mapToInt(minute -> minute.dashboard().errors()).sum();
    return new Check("dashboard answered", sent > 0 && errors == 0, String.format(Locale.ROOT,
      "after the warm-up %,d of %,d dashboard requests were not answered 200", errors, sent));
  }

  private static Check feedHeld(Feed feed) {
    return new Check("live feed held", feed.connected() == feed.subscribers() && feed.openAtEnd() == feed.connected(),
      String.format(Locale.ROOT, "%,d of %,d subscribers connected, %,d still open at the end", feed.connected(),
        feed.subscribers(), feed.openAtEnd()));
  }

  private static String count(double records) {
    return Double.isNaN(records) ? "an unknown number of" : String.format(Locale.ROOT, "%,.0f", records);
  }
}
