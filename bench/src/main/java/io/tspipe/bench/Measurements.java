package io.tspipe.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Every measured request, kept whole so percentiles are exact: the latency of each 200 answer, Meilisearch's
 * {@code processingTimeMs} of each search, and the errors, per query kind. Not thread-safe: one event loop records.
 */
public final class Measurements {

  public static final String ALL_SEARCHES = "all searches";

  private final Map<QueryKind, Samples> byKind = new EnumMap<>(QueryKind.class);

  public Measurements() {
    for (QueryKind kind : QueryKind.values()) {
      byKind.put(kind, new Samples());
    }
  }

  /** A 200 answer after {@code nanos}; {@code processingTimeMs} below zero when the answer has none. */
  public void answered(QueryKind kind, long nanos, long processingTimeMs) {
    Samples samples = byKind.get(kind);
    samples.add(nanos);
    if (processingTimeMs >= 0) {
      samples.processingMsSum += processingTimeMs;
      samples.processingCount++;
    }
  }

  public void failed(QueryKind kind) {
    byKind.get(kind).errors++;
  }

  public long requests() {
    return byKind.values().stream().mapToLong(samples -> samples.size + samples.errors).sum();
  }

  public long errors() {
    return byKind.values().stream().mapToLong(samples -> samples.errors).sum();
  }

  /**
   * The figures of each kind in {@link QueryKind} order, with the row of all searches (every kind but the entity
   * profile) before the entity profile's.
   *
   * @param elapsedNanos length of the measured period, the denominator of every rate
   */
  public List<Figures> figures(long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    List<Figures> rows = new ArrayList<>();
    Samples searches = new Samples();
    for (QueryKind kind : QueryKind.values()) {
      Samples samples = byKind.get(kind);
      if (kind.isSearch()) {
        rows.add(samples.figures(kind.label(), seconds, true));
        searches.addAll(samples);
      }
    }
    rows.add(searches.figures(ALL_SEARCHES, seconds, true));
    rows.add(byKind.get(QueryKind.ENTITY).figures(QueryKind.ENTITY.label(), seconds, false));
    return rows;
  }

  private static final class Samples {
    private long[] nanos = new long[1024];
    private int size;
    private long errors;
    private long processingMsSum;
    private long processingCount;

    void add(long value) {
      if (size == nanos.length) {
        nanos = Arrays.copyOf(nanos, size * 2);
      }
      nanos[size++] = value;
    }

    void addAll(Samples other) {
      for (int i = 0; i < other.size; i++) {
        add(other.nanos[i]);
      }
      errors += other.errors;
      processingMsSum += other.processingMsSum;
      processingCount += other.processingCount;
    }

    Figures figures(String name, double seconds, boolean search) {
      OptionalDouble processing = search && processingCount > 0
        ? OptionalDouble.of((double) processingMsSum / processingCount) : OptionalDouble.empty();
      return new Figures(name, LatencyStats.ofNanos(Arrays.copyOf(nanos, size)), errors,
        seconds > 0 ? size / seconds : 0, processing);
    }
  }
}
