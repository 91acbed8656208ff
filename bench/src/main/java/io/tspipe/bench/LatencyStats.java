package io.tspipe.bench;

import java.util.Arrays;

/**
 * Exact order statistics of a set of latencies, in milliseconds: every sample sorted, each percentile by nearest
 * rank (the smallest sample at or above which that share of the samples lies), never estimated from buckets.
 *
 * @param count samples
 * @param p50   median
 * @param p95   95th percentile
 * @param p99   99th percentile
 * @param max   slowest sample
 */
public record LatencyStats(int count, double p50, double p95, double p99, double max) {

  public static final LatencyStats NONE = new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  private static final double NANOS_PER_MS = 1_000_000.0;

  /** The statistics of {@code nanos}, durations in nanoseconds (left unchanged). */
  public static LatencyStats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return NONE;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencyStats(sorted.length, percentile(sorted, 0.50) / NANOS_PER_MS,
      percentile(sorted, 0.95) / NANOS_PER_MS, percentile(sorted, 0.99) / NANOS_PER_MS,
      sorted[sorted.length - 1] / NANOS_PER_MS);
  }

  /**
   * The nearest-rank percentile of sorted samples: the sample of rank {@code ceil(share * n)} (1-based).
   *
   * @param share from 0 (exclusive) to 1
   */
  public static long percentile(long[] sorted, double share) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share " + share + " is not in (0, 1]");
    }
    int rank = (int) Math.ceil(share * sorted.length - 1e-9);
    return sorted[Math.max(rank, 1) - 1];
  }
}
