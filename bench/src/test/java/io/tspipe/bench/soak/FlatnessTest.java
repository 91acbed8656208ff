package io.tspipe.bench.soak;

import io.tspipe.bench.soak.Flatness.Judgement;
import io.tspipe.bench.soak.Flatness.Tolerance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlatnessTest {

  private static final Tolerance TEN_PERCENT = new Tolerance(0.10, 1);

  @Test
  @DisplayName("a series that wobbles around a level is flat")
  void wobbleIsFlat() {
    double[] heap = {200, 210, 195, 205, 200, 198, 207, 202, 199};

    Judgement judgement = Flatness.judge(heap, TEN_PERCENT);

    assertTrue(judgement.judged());
    assertFalse(judgement.growing());
    assertEquals(200, judgement.firstThirdMedian());
    assertEquals(202, judgement.lastThirdMedian());
    assertTrue(judgement.label().startsWith("flat ("), judgement.label());
  }

  @Test
  @DisplayName("a steady climb beyond the tolerance is growing, with its slope per hour as a share of the mean")
  void steadyClimbGrows() {
    double[] threads = IntStream.range(0, 30).mapToDouble(minute -> 40 + minute).toArray();

    Judgement judgement = Flatness.judge(threads, TEN_PERCENT);

    assertTrue(judgement.growing());
    assertEquals(60, judgement.slopePerHour(), 1e-9);
    assertEquals(60 / 54.5 * 100, judgement.percentPerHour(), 1e-9);
    assertEquals("growing (+110%/h)", judgement.label());
  }

  @Test
  @DisplayName("a climb within the tolerance is flat: 5% over the run against 10% allowed")
  void smallClimbIsFlat() {
    double[] heap = IntStream.range(0, 30).mapToDouble(minute -> 1000 + minute * 50.0 / 29).toArray();

    assertFalse(Flatness.judge(heap, TEN_PERCENT).growing());
  }

  @Test
  @DisplayName("a rise smaller than the absolute floor is noise, however large a share of a small median it is")
  void floorAbsorbsNoise() {
    double[] lag = {0, 0, 10, 0, 20, 40, 30, 50, 60};

    assertFalse(Flatness.judge(lag, new Tolerance(0.5, 5_000)).growing());
    assertTrue(Flatness.judge(lag, new Tolerance(0.5, 10)).growing());
  }

  @Test
  @DisplayName("one spike in the last minute is not growth: the last third's median ignores it")
  void lastMinuteSpikeIsFlat() {
    double[] freshness = {800, 820, 790, 810, 805, 795, 800, 810, 5_000};

    Judgement judgement = Flatness.judge(freshness, TEN_PERCENT);

    assertFalse(judgement.growing());
    assertTrue(judgement.slopePerHour() > 0, "the line does rise");
  }

  @Test
  @DisplayName("a middle third that bulges while the ends agree is not growth")
  void middleBulgeIsFlat() {
    double[] files = {100, 100, 100, 300, 300, 300, 100, 100, 100};

    assertFalse(Flatness.judge(files, TEN_PERCENT).growing());
  }

  @Test
  @DisplayName("a step up early that stays up is growth: the line and the thirds agree")
  void stepThatStaysGrows() {
    double[] heap = {100, 100, 150, 150, 150, 150, 150, 150, 150};

    assertTrue(Flatness.judge(heap, TEN_PERCENT).growing());
  }

  @Test
  @DisplayName("a falling series is flat")
  void fallingIsFlat() {
    double[] lag = IntStream.range(0, 12).mapToDouble(minute -> 100_000 - minute * 8_000).toArray();

    Judgement judgement = Flatness.judge(lag, TEN_PERCENT);

    assertFalse(judgement.growing());
    assertTrue(judgement.percentPerHour() < 0);
  }

  @Test
  @DisplayName("minutes without a figure are left out and the others keep their place in time")
  void missingMinutesKeepTime() {
    double[] threads = {40, Double.NaN, 42, Double.NaN, 44, 45, Double.NaN, 47};

    Judgement judgement = Flatness.judge(threads, TEN_PERCENT);

    assertEquals(5, judgement.minutes());
    assertEquals(60, judgement.slopePerHour(), 1e-9);
  }

  @Test
  @DisplayName("fewer than three minutes with a figure are not judged, and say so")
  void tooFewMinutesAreNotJudged() {
    Judgement judgement = Flatness.judge(new double[] {1, Double.NaN, 100}, TEN_PERCENT);

    assertFalse(judgement.judged());
    assertFalse(judgement.growing());
    assertEquals("not judged (2 minutes with a figure, 3 needed)", judgement.label());
    assertEquals("not judged (1 minute with a figure, 3 needed)",
      Flatness.judge(new double[] {Double.NaN, 4, Double.NaN}, TEN_PERCENT).label());
  }

  @Test
  @DisplayName("a series at zero throughout is flat and its rate is given in its own unit")
  void zeroSeriesIsFlat() {
    Judgement judgement = Flatness.judge(new double[] {0, 0, 0, 0}, TEN_PERCENT);

    assertFalse(judgement.growing());
    assertEquals("flat (+0.00/h)", judgement.label());
  }

  @Test
  @DisplayName("medians of even-sized thirds average the two middle figures")
  void evenMedian() {
    assertEquals(2.5, Flatness.median(new double[] {4, 1, 3, 2}));
    assertEquals(3, Flatness.median(new double[] {5, 1, 3}));
  }
}
