package io.tspipe.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Every measured request of a {@link Mix}, kept whole so percentiles are exact: the latency of each 200 answer,
 * Meilisearch's {@code processingTimeMs} of each search, and the errors, per query kind. Not thread-safe: one event
 * loop records.
 */
public final class Measurements {

  public static final String ALL_SEARCHES = "all searches";
  public static final String ALL_DASHBOARD = "all dashboard";
  public static final String ALL_PAGES = "all pages";

  private final Mix mix;
  private final Map<QueryKind, Samples> byKind = new EnumMap<>(QueryKind.class);

  public Measurements(Mix mix) {
    this.mix = mix;
    for (QueryKind kind : mix.kinds()) {
      byKind.put(kind, new Samples());
    }
  }

  /**
   * A 200 answer after {@code nanos}; {@code processingTimeMs} below zero when the answer has none, and ignored but
   * for {@linkplain QueryKind#isSearch() searches} (no other kind is answered by Meilisearch).
   *
   * @throws IllegalArgumentException when the kind is not of this mix
   */
  public void answered(QueryKind kind, long nanos, long processingTimeMs) {
    Samples samples = samples(kind);
    samples.add(nanos);
    if (kind.isSearch() && processingTimeMs >= 0) {
      samples.processingMsSum += processingTimeMs;
      samples.processingCount++;
    }
  }

  /** @throws IllegalArgumentException when the kind is not of this mix */
  public void failed(QueryKind kind) {
    samples(kind).errors++;
  }

  public long requests() {
    return byKind.values().stream().mapToLong(samples -> samples.size + samples.errors).sum();
  }

  public long errors() {
    return byKind.values().stream().mapToLong(samples -> samples.errors).sum();
  }

  /**
   * The figures of each kind of the mix in {@link QueryKind} order, with the mix's aggregate row (every kind it
   * {@linkplain QueryKind#inAggregate() counts}: all searches, or all dashboard) after the kinds it counts and before
   * those it leaves apart (the entity profile).
   *
   * @param elapsedNanos length of the measured period, the denominator of every rate
   */
  public List<Figures> figures(long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    List<Figures> rows = new ArrayList<>();
    Samples aggregate = new Samples();
    for (QueryKind kind : mix.kinds()) {
      if (kind.inAggregate()) {
        Samples samples = byKind.get(kind);
        rows.add(samples.figures(kind.label(), seconds));
        aggregate.addAll(samples);
      }
    }
    rows.add(aggregate.figures(mix.aggregateLabel(), seconds));
    for (QueryKind kind : mix.kinds()) {
      if (!kind.inAggregate()) {
        rows.add(byKind.get(kind).figures(kind.label(), seconds));
      }
    }
    return rows;
  }

  private Samples samples(QueryKind kind) {
    Samples samples = byKind.get(kind);
    if (samples == null) {
      throw new IllegalArgumentException(kind.label() + " is not of the " + mix.label() + " mix");
    }
    return samples;
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

    Figures figures(String name, double seconds) {
      OptionalDouble processing = processingCount > 0
        ? OptionalDouble.of((double) processingMsSum / processingCount) : OptionalDouble.empty();
      return new Figures(name, LatencyStats.ofNanos(Arrays.copyOf(nanos, size)), errors,
        seconds > 0 ? size / seconds : 0, processing);
    }
  }
}
