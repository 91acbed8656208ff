package io.tspipe.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatencyStatsTest {

  private static final long MS = 1_000_000;

  @Test
  @DisplayName("percentiles are exact nearest ranks of every sample, whatever order they came in, in milliseconds")
  void exactNearestRank() {
    long[] nanos = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray();
    long[] before = nanos.clone();
    assertEquals(new LatencyStats(100, 50.0, 95.0, 99.0, 100.0), LatencyStats.ofNanos(nanos));
    assertArrayEquals(before, nanos, "the samples are left as they were");
  }

  @Test
  @DisplayName("with few samples a high percentile is the slowest sample, never an interpolation")
  void fewSamples() {
    long[] tenSamples = LongStream.rangeClosed(1, 10).map(i -> i * MS).toArray();
    assertEquals(new LatencyStats(10, 5.0, 10.0, 10.0, 10.0), LatencyStats.ofNanos(tenSamples));
    assertEquals(new LatencyStats(1, 2.5, 2.5, 2.5, 2.5), LatencyStats.ofNanos(new long[] {2_500_000}));
  }

  @Test
  @DisplayName("rank is ceil(share * n), robust to floating-point noise, and at least the first sample")
  void ranks() {
    long[] sorted = LongStream.rangeClosed(1, 1000).toArray();
    assertEquals(500, LatencyStats.percentile(sorted, 0.50));
    assertEquals(950, LatencyStats.percentile(sorted, 0.95));
    assertEquals(990, LatencyStats.percentile(sorted, 0.99));
    assertEquals(7, LatencyStats.percentile(LongStream.rangeClosed(1, 100).toArray(), 0.07));
    assertEquals(1, LatencyStats.percentile(sorted, 0.0001));
    assertEquals(1000, LatencyStats.percentile(sorted, 1.0));
    assertEquals(991, LatencyStats.percentile(sorted, 0.9905));
  }

  @Test
  @DisplayName("no samples give no figures, and a share outside (0, 1] is refused")
  void edges() {
    assertSame(LatencyStats.NONE, LatencyStats.ofNanos(new long[0]));
    assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(new long[0], 0.5));
    assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(new long[] {1}, 0));
    assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(new long[] {1}, 1.5));
  }
}
