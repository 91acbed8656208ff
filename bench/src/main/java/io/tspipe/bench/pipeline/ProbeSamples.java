package io.tspipe.bench.pipeline;

import io.tspipe.bench.LatencyStats;

import java.util.Arrays;

/** Durations in nanoseconds, every one kept so percentiles are exact. Not thread-safe: its owner guards it. */
final class ProbeSamples {

  private long[] nanos = new long[1024];
  private int size;

  void add(long sample) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = sample;
  }

  int size() {
    return size;
  }

  LatencyStats stats() {
    return LatencyStats.ofNanos(Arrays.copyOf(nanos, size));
  }

  /** The statistics of the samples added from index {@code from} up to, not including, index {@code to}. */
  LatencyStats statsBetween(int from, int to) {
    return LatencyStats.ofNanos(Arrays.copyOfRange(nanos, Math.min(from, size), Math.min(Math.max(from, to), size)));
  }

  /** The statistics of the samples added from index {@code from} on. */
  LatencyStats statsSince(int from) {
    return LatencyStats.ofNanos(Arrays.copyOfRange(nanos, Math.min(from, size), size));
  }
}
