package io.tspipe.bench.pipeline;

import java.io.PrintStream;
import java.util.Locale;

/**
 * How many items (rows, documents) an engine took in, and in how many nanoseconds: what a bulk limit measures.
 *
 * @param items items the engine acknowledged
 * @param nanos wall time from the first write sent to the last one acknowledged
 */
record Throughput(long items, long nanos) {

  Throughput {
    if (items < 0 || nanos < 0) {
      throw new IllegalArgumentException("items and nanos cannot be negative: " + items + ", " + nanos);
    }
  }

  double seconds() {
    return nanos / 1e9;
  }

  /** Items per second; 0 when no time has passed. */
  double perSecond() {
    return nanos == 0 ? 0 : items * 1e9 / nanos;
  }

  /** {@code clickhouse bulk limit: 240,000 of 1,000,000 rows, 61,234 rows/s}: the average since the start. */
  static String progressLine(String what, String unit, long done, long total, long elapsedNanos) {
    return String.format(Locale.ROOT, "%s: %,d of %,d %s, %,.0f %s/s", what, done, total, unit,
      new Throughput(done, elapsedNanos).perSecond(), unit);
  }

  /**
   * Prints a {@link #progressLine} when at least {@code intervalNanos} have passed since the last one (or since the
   * start), and always once everything is done. Times are {@link System#nanoTime()} readings handed in by the caller.
   */
  static final class Progress {

    private final PrintStream out;
    private final String what;
    private final String unit;
    private final long total;
    private final long intervalNanos;
    private final long startNanos;
    private long lastPrintNanos;

    Progress(PrintStream out, String what, String unit, long total, long intervalNanos, long startNanos) {
      this.out = out;
      this.what = what;
      this.unit = unit;
      this.total = total;
      this.intervalNanos = intervalNanos;
      this.startNanos = startNanos;
      this.lastPrintNanos = startNanos;
    }

    /** Reports {@code done} items at {@code nowNanos}; answers whether a line was printed. */
    boolean update(long done, long nowNanos) {
      if (done < total && nowNanos - lastPrintNanos < intervalNanos) {
        return false;
      }
      lastPrintNanos = nowNanos;
      out.println(progressLine(what, unit, done, total, nowNanos - startNanos));
      return true;
    }
  }
}
