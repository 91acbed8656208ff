package io.tspipe.bench.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThroughputTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("the rate is items per second of the measured nanoseconds, and 0 when no time has passed")
  void rate() {
    Throughput throughput = new Throughput(493_458, 6_453_263_526L);
    assertEquals(6.453263526, throughput.seconds(), 1e-12);
    assertEquals(76_466.43, throughput.perSecond(), 0.01);
    assertEquals(250_000.0, new Throughput(500_000, 2 * SECOND).perSecond());
    assertEquals(0.0, new Throughput(10, 0).perSecond());
    assertThrows(IllegalArgumentException.class, () -> new Throughput(-1, SECOND));
  }

  @Test
  @DisplayName("a progress line names the measurement, what is done of what, and the average rate since the start")
  void progressLine() {
    assertEquals("clickhouse bulk limit: 240,000 of 1,000,000 rows, 60,000 rows/s",
      Throughput.progressLine("clickhouse bulk limit", "rows", 240_000, 1_000_000, 4 * SECOND));
    assertEquals("meilisearch bulk limit: 0 of 200,000 documents, 0 documents/s",
      Throughput.progressLine("meilisearch bulk limit", "documents", 0, 200_000, 0));
  }

  @Test
  @DisplayName("progress is printed once per interval at most, and always once everything is done")
  void progressCadence() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    long start = 5 * SECOND;
    Throughput.Progress progress = new Throughput.Progress(out, "limit", "rows", 100, 2 * SECOND, start);

    assertFalse(progress.update(20, start + SECOND), "1 s after the start");
    assertTrue(progress.update(40, start + 2 * SECOND), "2 s after the start");
    assertFalse(progress.update(60, start + 3 * SECOND), "1 s after the last line");
    assertTrue(progress.update(80, start + 4 * SECOND + 1), "2 s after the last line");
    assertTrue(progress.update(100, start + 4 * SECOND + 2), "everything done");

    assertEquals(String.join(System.lineSeparator(),
      "limit: 40 of 100 rows, 20 rows/s",
      "limit: 80 of 100 rows, 20 rows/s",
      "limit: 100 of 100 rows, 25 rows/s", ""), printed.toString(StandardCharsets.UTF_8));
  }
}
