package io.tspipe.bench.soak;

import io.tspipe.bench.LatencyStats;
import io.tspipe.bench.pipeline.FreshnessProbeLedger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakVerdictTest {

  static final int RATE = 1_000;
  static final List<String> ROLES = List.of("worker", "web");
  static final double MIB = 1 << 20;

  /** A minute of a steady pipeline: the worker's heap as given, everything else level. */
  static Minute minute(int index, boolean warmup, double workerHeapMiB, double workerLag) {
    FreshnessProbeLedger.Interval found = new FreshnessProbeLedger.Interval(
      new LatencyStats(1_200, 300, 500, 800, 900), 0);
    Map<String, Minute.RoleFigures> roles = Map.of(
      "worker", new Minute.RoleFigures(workerHeapMiB * MIB, 40, 200, 0.5),
      "web", new Minute.RoleFigures(50 * MIB, 30, 120, 0.1));
    return new Minute(index, warmup, 60, index * 60_000L, RATE, RATE, index * 59_000L, workerLag, 2_000, found, found,
      3.5, new Minute.Requests(12, 0, new LatencyStats(12, 20, 40, 60, 60)), roles);
  }

  static List<Minute> run(int count, IntFunction<Minute> minute) {
    List<Minute> minutes = new ArrayList<>();
    for (int index = 1; index <= count; index++) {
      minutes.add(minute.apply(index));
    }
    return minutes;
  }

  private static SoakVerdict verdict(List<Minute> minutes) {
    return SoakVerdict.of(minutes, Series.of(ROLES, RATE), RATE, Optional.of(new SoakVerdict.Feed(10, 10, 10)), true);
  }

  @Test
  @DisplayName("a steady run passes: every series flat, every check passed")
  void steadyRunPasses() {
    SoakVerdict verdict = verdict(run(12, index -> minute(index, index <= 3, 200, 500)));

    assertTrue(verdict.passed(), verdict.failures().toString());
    assertEquals(Series.of(ROLES, RATE).size(), verdict.judged().size());
    assertEquals(List.of("kept up", "no probe lost", "dashboard answered", "live feed held"),
      verdict.checks().stream().map(SoakVerdict.Check::name).toList());
  }

  @Test
  @DisplayName("the warm-up is not judged: a heap that fills during it and then holds is flat")
  void warmupIsLeftOut() {
    SoakVerdict verdict = verdict(run(12, index -> minute(index, index <= 3, index <= 3 ? 50 * index : 200, 500)));

    assertTrue(verdict.passed(), verdict.failures().toString());
  }

  @Test
  @DisplayName("a heap that keeps growing after the warm-up fails the run, by name")
  void growingHeapFails() {
    SoakVerdict verdict = verdict(run(12, index -> minute(index, index <= 3, 200 + 10 * index, 500)));

    assertFalse(verdict.passed());
    assertEquals(List.of("worker heap live growing"), verdict.failures());
  }

  @Test
  @DisplayName("a lag growing without bound fails twice: the series grows and the last minute is too far behind")
  void fallingBehindFails() {
    SoakVerdict verdict = verdict(run(12, index -> minute(index, index <= 3, 200, 10_000.0 * index)));

    assertEquals(List.of("worker lag growing", "kept up"), verdict.failures());
  }

  @Test
  @DisplayName("a probe lost after the warm-up fails the run; one lost during it does not")
  void lostProbes() {
    FreshnessProbeLedger.Interval lostOne = new FreshnessProbeLedger.Interval(
      new LatencyStats(1_199, 300, 500, 800, 900), 1);
    List<Minute> lostInWarmup = run(6, index -> withSearch(minute(index, index <= 1, 200, 500),
      index == 1 ? lostOne : null));
    List<Minute> lostLater = run(6, index -> withSearch(minute(index, index <= 1, 200, 500),
      index == 5 ? lostOne : null));

    assertTrue(verdict(lostInWarmup).passed());
    assertEquals(List.of("no probe lost"), verdict(lostLater).failures());
  }

  @Test
  @DisplayName("a series without enough figures is not judged, and that fails the run")
  void unreadSeriesFails() {
    SoakVerdict verdict = verdict(run(6, index -> minute(index, index <= 3, index == 5 ? 200 : Double.NaN, 500)));

    assertEquals(List.of("worker heap live not judged"), verdict.failures());
  }

  @Test
  @DisplayName("a dropped subscriber of the live feed fails the run; without subscribers or dashboard, no such check")
  void feedAndDashboardChecks() {
    List<Minute> minutes = run(6, index -> minute(index, index <= 1, 200, 500));

    SoakVerdict dropped = SoakVerdict.of(minutes, Series.of(ROLES, RATE), RATE,
      Optional.of(new SoakVerdict.Feed(10, 10, 9)), true);
    SoakVerdict neither = SoakVerdict.of(minutes, Series.of(ROLES, RATE), RATE, Optional.empty(), false);

    assertEquals(List.of("live feed held"), dropped.failures());
    assertEquals(List.of("kept up", "no probe lost"), neither.checks().stream().map(SoakVerdict.Check::name).toList());
  }

  private static Minute withSearch(Minute minute, FreshnessProbeLedger.Interval search) {
    return search == null ? minute : new Minute(minute.index(), minute.warmup(), minute.seconds(), minute.stored(),
      minute.storedPerSecond(), minute.sentPerSecond(), minute.documents(), minute.workerLag(), minute.indexerLag(),
      minute.clickHouse(), search, minute.detectorBehindSeconds(), minute.dashboard(), minute.roles());
  }
}
