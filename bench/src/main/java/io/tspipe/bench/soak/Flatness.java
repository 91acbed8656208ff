package io.tspipe.bench.soak;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a series of per-minute figures stayed flat over the judged minutes of a soak. Pure.
 *
 * <p>The minutes with a figure are split in thirds (the middle third takes what does not divide evenly). A series
 * <b>grew</b> when both
 * <ol>
 *   <li>the median of its last third exceeds the median of its first third by more than the tolerance, and</li>
 *   <li>its least-squares line rises by more than the tolerance from the first judged minute to the last.</li>
 * </ol>
 * The tolerance is the larger of an absolute floor, the series' own noise (a few threads, a second of events), and a
 * share of the first third's median. The medians ignore a spike at either end; the line ignores thirds that wander
 * without a trend. A series that falls is flat. The growth reported is the line's slope per hour as a percentage of
 * the series' mean, whatever the verdict.
 */
final class Flatness {

  /** Fewer minutes with a figure than this are not judged: each third needs one. */
  static final int MIN_MINUTES = 3;

  /**
   * How much a series may rise and still be flat.
   *
   * @param share a share of the first third's median (0.1 for 10%)
   * @param floor an absolute amount, in the series' own unit, below which any rise is noise
   */
  record Tolerance(double share, double floor) {

    /** The rise allowed for a series whose first third's median is {@code reference}. */
    double allowed(double reference) {
      return Math.max(floor, share * Math.abs(reference));
    }
  }

  /**
   * The verdict on one series.
   *
   * @param minutes          minutes with a figure
   * @param growing          whether it grew beyond the tolerance
   * @param firstThirdMedian median of the first third of those minutes
   * @param lastThirdMedian  median of the last third
   * @param slopePerHour     the least-squares slope, in the series' unit per hour
   * @param mean             mean over those minutes
   */
  record Judgement(int minutes, boolean growing, double firstThirdMedian, double lastThirdMedian, double slopePerHour,
                   double mean) {

    boolean judged() {
      return minutes >= MIN_MINUTES;
    }

    /** The slope per hour as a percentage of the mean; NaN when the mean is 0 or the series was not judged. */
    double percentPerHour() {
      return judged() && mean != 0 ? slopePerHour / Math.abs(mean) * 100 : Double.NaN;
    }

    /** {@code flat (+1.2%/h)}, {@code growing (+35%/h)}, or why it was not judged. */
    String label() {
      if (!judged()) {
        return "not judged (" + minutes + (minutes == 1 ? " minute" : " minutes") + " with a figure, " + MIN_MINUTES
          + " needed)";
      }
      return (growing ? "growing" : "flat") + " (" + rate() + ")";
    }

    private String rate() {
      double percent = percentPerHour();
      if (Double.isNaN(percent)) {
        return String.format(Locale.ROOT, "%+.3g/h", slopePerHour);
      }
      return String.format(Locale.ROOT, Math.abs(percent) < 10 ? "%+.1f%%/h" : "%+.0f%%/h", percent);
    }
  }

  private Flatness() {
  }

  /**
   * The verdict on {@code figures}, one per judged minute in order, NaN for a minute without one (left out, the
   * others keeping their place in time).
   */
  static Judgement judge(double[] figures, Tolerance tolerance) {
    int n = (int) Arrays.stream(figures).filter(Double::isFinite).count();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int minute = 0, i = 0; minute < figures.length; minute++) {
      if (Double.isFinite(figures[minute])) {
        x[i] = minute;
        y[i++] = figures[minute];
      }
    }
    if (n < MIN_MINUTES) {
      return new Judgement(n, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    int third = n / 3;
    double first = median(Arrays.copyOfRange(y, 0, third));
    double last = median(Arrays.copyOfRange(y, n - third, n));
    double slope = slope(x, y);
    double allowed = tolerance.allowed(first);
    boolean growing = last - first > allowed && slope * (x[n - 1] - x[0]) > allowed;
    return new Judgement(n, growing, first, last, slope * 60, Arrays.stream(y).average().orElseThrow());
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The least-squares slope of {@code y} over {@code x}, per unit of {@code x}; 0 when every x is the same. */
  static double slope(double[] x, double[] y) {
    double meanX = Arrays.stream(x).average().orElseThrow();
    double meanY = Arrays.stream(y).average().orElseThrow();
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < x.length; i++) {
      covariance += (x[i] - meanX) * (y[i] - meanY);
      variance += (x[i] - meanX) * (x[i] - meanX);
    }
    return variance == 0 ? 0 : covariance / variance;
  }
}
