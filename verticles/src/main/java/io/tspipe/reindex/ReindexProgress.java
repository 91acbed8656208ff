package io.tspipe.reindex;

import java.util.Locale;

/** Counters and arithmetic behind the reindex's progress lines and its summary. Pure; time passed in. */
final class ReindexProgress {

  private final long total;
  private final long startNanos;
  private long documents;

  ReindexProgress(long total, long startNanos) {
    this.total = total;
    this.startNanos = startNanos;
  }

  void copied(long count) {
    documents += count;
  }

  long documents() {
    return documents;
  }

  /** {@code 1,200 / 4,000 documents (30.0%), 600 docs/s, elapsed 2.0 s, ETA 4.7 s}. */
  String line(long nowNanos) {
    double seconds = elapsedSeconds(nowNanos);
    double rate = documents / seconds;
    double percent = total == 0 ? 100 : Math.min(100, documents * 100.0 / total);
    String eta = documents >= total ? "0 s" : rate == 0 ? "unknown" : duration((total - documents) / rate);
    return String.format(Locale.ROOT, "reindex: %,d / %,d documents (%.1f%%), %,.0f docs/s, elapsed %s, ETA %s",
      documents, total, percent, rate, duration(seconds), eta);
  }

  /** {@code done: 4,000 documents in 6.7 s (600 docs/s)}. */
  String summary(long nowNanos) {
    double seconds = elapsedSeconds(nowNanos);
    return String.format(Locale.ROOT, "reindex: done: %,d documents in %s (%,.0f docs/s)",
      documents, duration(seconds), documents / seconds);
  }

  private double elapsedSeconds(long nowNanos) {
    return Math.max(1e-3, (nowNanos - startNanos) / 1e9);
  }

  /** {@code 4.7 s}, {@code 3 min 05 s}, {@code 2 h 07 min}. */
  static String duration(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long whole = Math.round(seconds);
    if (whole < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
  }
}
