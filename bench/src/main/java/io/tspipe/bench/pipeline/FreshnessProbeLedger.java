package io.tspipe.bench.pipeline;

import io.tspipe.bench.LatencyStats;
import io.tspipe.bench.pipeline.ProbeEvents.Probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The bookkeeping of the {@link FreshnessProbe}: which probes each store has yet to show, when each was found, which
 * were lost, and how the polls went. Pure (every time is passed in, from {@link System#nanoTime()}) and
 * thread-safe: the sending thread, the Kafka producer's callbacks and the polls all record here.
 *
 * <p>A probe's freshness in a store is the start of the first poll of that store that found it minus the moment it
 * was stamped. A probe still outstanding after a poll that started {@code timeout} or more after it was stamped is
 * lost to that store.
 */
public final class FreshnessProbeLedger {

  /** Where a probe becomes visible, and what it is matched by there. */
  public enum Store {
    /** A ClickHouse query of the events table, matched by event id. */
    CLICKHOUSE("clickhouse"),
    /** A Meilisearch search of the events index, matched by user id (filterable; the id is not). */
    SEARCH("search");

    private final String label;

    Store(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The value a result of this store carries for {@code probe}. */
    public String matchValue(Probe probe) {
      return (this == CLICKHOUSE ? probe.id() : probe.userId()).toString();
    }
  }

  /**
   * The probes a poll asks for.
   *
   * @param values                the match values of the outstanding probes, oldest first
   * @param oldestTimestampMillis the timestamp of the oldest of them
   */
  public record Pending(List<String> values, long oldestTimestampMillis) {
  }

  /** How many probes each store had found and lost at one moment: where an {@link Interval} starts or ends. */
  public record Mark(Map<Store, Integer> found, Map<Store, Integer> lost) {
  }

  /**
   * What a store showed between two {@link Mark}s.
   *
   * @param freshness of the probes found in between
   * @param lost      probes lost in between
   */
  public record Interval(LatencyStats freshness, int lost) {
  }

  private final long timeoutNanos;
  private final Map<Store, StoreBook> books = new EnumMap<>(Store.class);
  private final ProbeSamples acknowledged = new ProbeSamples();
  private long sent;
  private long sendFailures;

  public FreshnessProbeLedger(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    for (Store store : Store.values()) {
      books.put(store, new StoreBook());
    }
  }

  /** {@code probe} is about to be handed to the producer: every store owes it from now. */
  public synchronized void sent(Probe probe) {
    sent++;
    books.forEach((store, book) -> book.outstanding.put(store.matchValue(probe), probe));
  }

  /** The broker acknowledged {@code probe} at {@code ackNanos}. */
  public synchronized void acknowledged(Probe probe, long ackNanos) {
    acknowledged.add(ackNanos - probe.stampedNanos());
  }

  /** The producer could not deliver {@code probe}: no store owes it, and it counts as a send failure, not a loss. */
  public synchronized void sendFailed(Probe probe) {
    sendFailures++;
    books.forEach((store, book) -> book.outstanding.remove(store.matchValue(probe)));
  }

  /** What a poll of {@code store} should ask for; empty when the store owes nothing. */
  public synchronized Optional<Pending> pending(Store store) {
    Map<String, Probe> outstanding = books.get(store).outstanding;
    if (outstanding.isEmpty()) {
      return Optional.empty();
    }
    long oldest = outstanding.values().stream().mapToLong(Probe::timestampMillis).min().orElseThrow();
    return Optional.of(new Pending(List.copyOf(outstanding.keySet()), oldest));
  }

  /**
   * A poll of {@code store} that started at {@code pollStartNanos} answered {@code values}: each outstanding probe
   * among them is found, with freshness {@code pollStartNanos} minus its stamp. Values of probes not outstanding
   * (found before, lost, or never sent) are ignored.
   *
   * @return how many probes were found by this poll
   */
  public synchronized int found(Store store, Collection<String> values, long pollStartNanos) {
    StoreBook book = books.get(store);
    int found = 0;
    for (String value : values) {
      Probe probe = book.outstanding.remove(value);
      if (probe != null) {
        book.freshness.add(pollStartNanos - probe.stampedNanos());
        found++;
      }
    }
    return found;
  }

  /** A poll of {@code store} took {@code roundTripNanos}; {@code failed} when the store did not answer it. */
  public synchronized void polled(Store store, long roundTripNanos, boolean failed) {
    StoreBook book = books.get(store);
    book.roundTrips.add(roundTripNanos);
    if (failed) {
      book.pollErrors++;
    }
  }

  /**
   * After a poll of {@code store} that started at {@code pollStartNanos} (and whose answer was recorded): every
   * probe it still owes that was stamped {@code timeout} or more before is lost.
   *
   * @return how many probes were lost now
   */
  public synchronized int expire(Store store, long pollStartNanos) {
    StoreBook book = books.get(store);
    int lost = 0;
    for (Iterator<Probe> probes = book.outstanding.values().iterator(); probes.hasNext(); ) {
      Probe probe = probes.next();
      if (pollStartNanos - probe.stampedNanos() >= timeoutNanos) {
        probes.remove();
        book.lost.add(probe.id());
        lost++;
      }
    }
    return lost;
  }

  /** Where each store stands now, to read an {@link Interval} from or to. */
  public synchronized Mark mark() {
    Map<Store, Integer> found = new EnumMap<>(Store.class);
    Map<Store, Integer> lost = new EnumMap<>(Store.class);
    books.forEach((store, book) -> {
      found.put(store, book.freshness.size());
      lost.put(store, book.lost.size());
    });
    return new Mark(Map.copyOf(found), Map.copyOf(lost));
  }

  /** What {@code store} showed from {@code from} to {@code to}, a later mark. */
  public synchronized Interval between(Store store, Mark from, Mark to) {
    return new Interval(books.get(store).freshness.statsBetween(from.found().get(store), to.found().get(store)),
      to.lost().get(store) - from.lost().get(store));
  }

  /** Every probe still owed by any store is lost: the run is over. */
  public synchronized void abandonOutstanding() {
    books.values().forEach(book -> {
      book.outstanding.values().forEach(probe -> book.lost.add(probe.id()));
      book.outstanding.clear();
    });
  }

  /** Probes no store owes any more: every one found, lost, or failed to send. */
  public synchronized boolean settled() {
    return books.values().stream().allMatch(book -> book.outstanding.isEmpty());
  }

  /** The figures so far. */
  public synchronized FreshnessProbeResult result(double seconds, FreshnessProbeSettings settings) {
    return new FreshnessProbeResult(seconds, settings.ratePerSecond(), settings.pollInterval(), settings.timeout(),
      sent, sendFailures, acknowledged.stats(), books.get(Store.CLICKHOUSE).figures(), books.get(Store.SEARCH).figures());
  }

  /** One line of progress: probes sent, and per store found, freshness so far, lost and outstanding. */
  public synchronized String progressLine(double seconds) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "freshness-probe %.0f s: %d sent", seconds, sent));
    if (sendFailures > 0) {
      line.append(String.format(Locale.ROOT, " (%d failed)", sendFailures));
    }
    books.forEach((store, book) -> {
      FreshnessProbeResult.StoreFigures figures = book.figures();
      line.append(String.format(Locale.ROOT, "; %s %d found, p50 %.0f ms, p99 %.0f ms, %d lost, %d outstanding",
        store.label(), figures.found(), figures.freshness().p50(), figures.freshness().p99(), figures.lost(),
        book.outstanding.size()));
    });
    return line.toString();
  }

  private static final class StoreBook {
    /** Keyed by the store's match value, in the order sent. */
    final Map<String, Probe> outstanding = new LinkedHashMap<>();
    final ProbeSamples freshness = new ProbeSamples();
    final ProbeSamples roundTrips = new ProbeSamples();
    final List<UUID> lost = new ArrayList<>();
    long pollErrors;

    FreshnessProbeResult.StoreFigures figures() {
      return new FreshnessProbeResult.StoreFigures(freshness.size(), lost.size(), freshness.stats(),
        roundTrips.size(), pollErrors, roundTrips.stats(), List.copyOf(lost));
    }
  }
}
