package io.tspipe.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The reconciliation of the ledger, pure: what each range of offsets produced to a partition in a minute came to in
 * every stage, and whether that adds up. A range is {@link State#PENDING} until its minute ended {@code settle} ago,
 * {@link State#BEHIND} while the worker's group has not committed past its end after that, and then settled:
 * {@link State#LOST} when some of its offsets are in none of the tables, {@link State#DUPLICATED} when some are stored
 * more than once, {@link State#BALANCED} otherwise. Only settled ranges count as lost or duplicated.
 */
public final class Ledger {

  /** A range's state; a sum of ranges takes the latest constant of its parts, the most alarming. */
  public enum State {
    BALANCED, PENDING, BEHIND, DUPLICATED, LOST;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    State worst(State other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  /** One partition of an event topic. */
  public record Partition(String topic, int partition) {
    static final Comparator<Partition> ORDER = Comparator.comparing(Partition::topic).thenComparingInt(Partition::partition);
  }

  /**
   * The offsets {@code [from, to)} produced to a partition in {@code minute}, none of them before {@code since}, and
   * the rows of the tables whose Kafka position lies in them: {@code offsets} is how many distinct offsets those rows
   * hold.
   */
  public record Range(Partition partition, Instant minute, long from, long to, Instant since, long stored,
                      long rejected, long duplicates, long offsets) {

    public long produced() {
      return to - from;
    }

    long rows() {
      return stored + rejected + duplicates;
    }
  }

  /** The offsets the worker's and the indexer's groups last committed on a partition (0 when never). */
  public record Committed(long consumed, long indexed) {
    public static final Committed NONE = new Committed(0, 0);
  }

  /** What a range, or a sum of them, came to in every stage. */
  public record Counts(long produced, long consumed, long stored, long rejected, long duplicates, long indexed,
                       long lost, long duplicated, long unsettled) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** produced − stored − rejected − duplicates. */
    public long difference() {
      return produced - stored - rejected - duplicates;
    }

    Counts plus(Counts other) {
      return new Counts(produced + other.produced, consumed + other.consumed, stored + other.stored,
        rejected + other.rejected, duplicates + other.duplicates, indexed + other.indexed, lost + other.lost,
        duplicated + other.duplicated, unsettled + other.unsettled);
    }
  }

  /** A range accounted for. */
  public record Entry(Range range, Counts counts, State state) {
  }

  /** A sum of entries: every partition's of a minute, or every minute's of a partition. */
  public record Sum<K>(K key, Counts counts, State state) {
  }

  /** The ledger of a window: every range accounted for, newest first, and their sums. */
  public record Report(List<Entry> entries, Counts totals, State state, List<Sum<Instant>> minutes,
                       List<Sum<Partition>> partitions) {
  }

  private Ledger() {
  }

  /** Accounts for one range, given what its partition's groups last committed, at {@code now}. */
  public static Entry account(Range range, Committed committed, Instant now, Duration settle) {
    long produced = range.produced();
    long consumed = within(committed.consumed() - range.from(), produced);
    long indexed = within(committed.indexed() - range.from(), produced);
    State state;
    if (now.isBefore(range.minute().plus(Duration.ofMinutes(1)).plus(settle))) {
      state = State.PENDING;
    } else if (committed.consumed() < range.to()) {
      state = State.BEHIND;
    } else if (range.offsets() < produced) {
      state = State.LOST;
    } else if (range.rows() > range.offsets()) {
      state = State.DUPLICATED;
    } else {
      state = State.BALANCED;
    }
    boolean settled = state != State.PENDING && state != State.BEHIND;
    return new Entry(range, new Counts(produced, consumed, range.stored(), range.rejected(), range.duplicates(),
      indexed, settled ? produced - range.offsets() : 0, settled ? range.rows() - range.offsets() : 0,
      settled ? 0 : produced), state);
  }

  /** Accounts for every range, each with its partition's committed offsets ({@link Committed#NONE} when unknown). */
  public static Report report(Collection<Range> ranges, Map<Partition, Committed> committed, Instant now,
                              Duration settle) {
    List<Entry> entries = new ArrayList<>();
    for (Range range : ranges) {
      entries.add(account(range, committed.getOrDefault(range.partition(), Committed.NONE), now, settle));
    }
    entries.sort(Comparator.comparing((Entry entry) -> entry.range().minute()).reversed()
      .thenComparing(entry -> entry.range().partition(), Partition.ORDER));
    Counts totals = Counts.ZERO;
    State state = State.BALANCED;
    for (Entry entry : entries) {
      totals = totals.plus(entry.counts());
      state = state.worst(entry.state());
    }
    return new Report(entries, totals, state, sums(entries, entry -> entry.range().minute(), Comparator.<Instant>naturalOrder()),
      sums(entries, entry -> entry.range().partition(), Partition.ORDER));
  }

  private static <K> List<Sum<K>> sums(List<Entry> entries, Function<Entry, K> key, Comparator<K> order) {
    Map<K, Sum<K>> sums = new TreeMap<>(order);
    for (Entry entry : entries) {
      sums.merge(key.apply(entry), new Sum<>(key.apply(entry), entry.counts(), entry.state()),
        (a, b) -> new Sum<>(a.key(), a.counts().plus(b.counts()), a.state().worst(b.state())));
    }
    return List.copyOf(sums.values());
  }

  private static long within(long value, long max) {
    return Math.max(0, Math.min(value, max));
  }
}
