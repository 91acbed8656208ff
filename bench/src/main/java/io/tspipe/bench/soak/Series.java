package io.tspipe.bench.soak;

import io.tspipe.bench.soak.Flatness.Tolerance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A figure a soak follows minute by minute and judges at the end, and how much it may rise and still be flat: a
 * share of where it started, or its noise, whichever is larger.
 *
 * @param name      what it is, as printed
 * @param unit      the unit of its figures
 * @param figure    its figure in a minute, NaN when there is none
 * @param tolerance how much it may rise, in {@code unit}
 */
record Series(String name, String unit, ToDoubleFunction<Minute> figure, Tolerance tolerance) {

  /** Heap, threads and open files: 10% of where they started, or 16 MiB, 3 threads, 10 descriptors. */
  static final double ROLE_SHARE = 0.10;
  static final double HEAP_FLOOR_MIB = 16;
  static final double THREADS_FLOOR = 3;
  static final double OPEN_FILES_FLOOR = 10;
  /** Consumer lag: half of where it started, or 5 s of events at the offered rate. */
  static final double LAG_SHARE = 0.5;
  static final double LAG_FLOOR_SECONDS = 5;
  /** Freshness p99: half of where it started, or 500 ms. */
  static final double FRESHNESS_SHARE = 0.5;
  static final double FRESHNESS_FLOOR_MS = 500;
  /** How far the detector trails: half of where it started, or 10 s. */
  static final double DETECTOR_SHARE = 0.5;
  static final double DETECTOR_FLOOR_SECONDS = 10;

  private static final double MIB = 1 << 20;

  /** The series of a soak of the role processes {@code roles} at {@code rate} events/s, in the order printed. */
  static List<Series> of(List<String> roles, int rate) {
    List<Series> series = new ArrayList<>();
    for (String role : roles) {
      series.add(new Series(role + " heap live", "MiB", minute -> role(minute, role).heapLiveBytes() / MIB,
        new Tolerance(ROLE_SHARE, HEAP_FLOOR_MIB)));
      series.add(new Series(role + " threads", "", minute -> role(minute, role).threads(),
        new Tolerance(ROLE_SHARE, THREADS_FLOOR)));
      series.add(new Series(role + " open files", "", minute -> role(minute, role).openFiles(),
        new Tolerance(ROLE_SHARE, OPEN_FILES_FLOOR)));
    }
    Tolerance lag = new Tolerance(LAG_SHARE, LAG_FLOOR_SECONDS * rate);
    series.add(new Series("worker lag", "records", Minute::workerLag, lag));
    series.add(new Series("indexer lag", "records", Minute::indexerLag, lag));
    Tolerance freshness = new Tolerance(FRESHNESS_SHARE, FRESHNESS_FLOOR_MS);
    series.add(new Series("freshness p99 to ClickHouse", "ms", minute -> minute.clickHouse().freshness().p99(),
      freshness));
    series.add(new Series("freshness p99 to search", "ms", minute -> minute.search().freshness().p99(), freshness));
    series.add(new Series("detector behind", "s", Minute::detectorBehindSeconds,
      new Tolerance(DETECTOR_SHARE, DETECTOR_FLOOR_SECONDS)));
    return List.copyOf(series);
  }

  /** The figures of {@code minutes}, in order; NaN for a minute without one (no probe found, a reading failed). */
  double[] figures(List<Minute> minutes) {
    return minutes.stream().mapToDouble(figure).toArray();
  }

  private static Minute.RoleFigures role(Minute minute, String role) {
    Minute.RoleFigures figures = minute.roles().get(role);
    return figures == null ? new Minute.RoleFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN) : figures;
  }
}
