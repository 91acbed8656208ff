package io.tspipe.reindex;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReindexProgressTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("a progress line tells documents done of the total, percent, rate, elapsed time and what is left")
  void tellsProgressAndEta() {
    ReindexProgress progress = new ReindexProgress(10_000, 5 * SECOND);
    assertEquals("reindex: 0 / 10,000 documents (0.0%), 0 docs/s, elapsed 1.0 s, ETA unknown",
      progress.line(6 * SECOND));
    progress.copied(2_500);
    assertEquals("reindex: 2,500 / 10,000 documents (25.0%), 1,250 docs/s, elapsed 2.0 s, ETA 6.0 s",
      progress.line(7 * SECOND));
    progress.copied(7_500);
    assertEquals("reindex: done: 10,000 documents in 4.0 s (2,500 docs/s)", progress.summary(9 * SECOND));
  }

  @Test
  @DisplayName("events stored during the run may push the count past the total: 100% and no time left")
  void capsAtTheTotal() {
    ReindexProgress progress = new ReindexProgress(100, 0);
    progress.copied(120);
    assertEquals("reindex: 120 / 100 documents (100.0%), 120 docs/s, elapsed 1.0 s, ETA 0 s", progress.line(SECOND));
    assertEquals("reindex: 0 / 0 documents (100.0%), 0 docs/s, elapsed 1.0 s, ETA 0 s",
      new ReindexProgress(0, 0).line(SECOND));
  }

  @Test
  @DisplayName("durations read as seconds, minutes or hours")
  void formatsDurations() {
    assertEquals("4.7 s", ReindexProgress.duration(4.66));
    assertEquals("3 min 05 s", ReindexProgress.duration(185));
    assertEquals("2 h 07 min", ReindexProgress.duration(2 * 3600 + 7 * 60 + 20));
  }
}
