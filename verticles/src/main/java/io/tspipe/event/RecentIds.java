package io.tspipe.event;

import io.tspipe.kafka.RecordPosition;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The deduplication window: event ids seen recently, with where each was first read. An id is forgotten once it is
 * older than the window or when the window holds more than {@code maxIds}; a duplicate arriving later than that is
 * not recognised. Producers that key by user (as the generator does) put a re-sent event on the same partition,
 * within seconds, well inside the window. Not thread-safe: owned by the worker's context.
 *
 * <p>Sightings live in flat arrays, never as objects: a ring in arrival order (so the oldest goes first), indexed by
 * an open-addressing hash table of ring slots. About 48 bytes an id, nothing for the garbage collector to trace or
 * copy, however many ids are held. The arrays double as the window fills, up to {@code maxIds}. The hash is seeded
 * per instance, so ids chosen to collide cannot be computed from outside.
 */
public final class RecentIds {

  private static final int EMPTY = -1;
  private static final int INITIAL_SLOTS = 1024;

  private final long windowMillis;
  private final int maxIds;
  private final long seed = new SecureRandom().nextLong();
  private final Map<String, Integer> topicIndex = new HashMap<>();
  private final List<String> topicNames = new ArrayList<>();

  // the ring: slot (oldest + i) % length holds the i-th oldest sighting
  private long[] high;
  private long[] low;
  private long[] offsets;
  private long[] seenAt;
  private int[] partitions;
  private int[] topics;
  private int oldest;
  private int size;
  // ring slots by hash, linear probing; EMPTY where free; never more than half full
  private int[] table;

  public RecentIds(long windowMillis, int maxIds) {
    if (maxIds < 1) {
      throw new IllegalArgumentException("the window holds at least one id, not " + maxIds);
    }
    this.windowMillis = windowMillis;
    this.maxIds = maxIds;
    allocate(Math.min(maxIds, INITIAL_SLOTS));
  }

  /** Where {@code id} was first read, if it is still inside the window. */
  public Optional<RecordPosition> firstSeenAt(UUID id) {
    int slot = slotOf(id.getMostSignificantBits(), id.getLeastSignificantBits());
    if (slot == EMPTY) {
      return Optional.empty();
    }
    return Optional.of(new RecordPosition(topicNames.get(topics[slot]), partitions[slot], offsets[slot]));
  }

  /** Records the first sighting of {@code id}; a later call for the same id keeps the first. */
  public void remember(UUID id, RecordPosition position, long nowMillis) {
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    if (slotOf(msb, lsb) != EMPTY) {
      return;
    }
    if (size == maxIds) {
      removeOldest();
    } else if (size == high.length) {
      grow();
    }
    int slot = (oldest + size) % high.length;
    high[slot] = msb;
    low[slot] = lsb;
    offsets[slot] = position.offset();
    partitions[slot] = position.partition();
    topics[slot] = topicIndex.computeIfAbsent(position.topic(), name -> {
      topicNames.add(name);
      return topicNames.size() - 1;
    });
    seenAt[slot] = nowMillis;
    size++;
    int at = index(msb, lsb);
    while (table[at] != EMPTY) {
      at = (at + 1) & (table.length - 1);
    }
    table[at] = slot;
  }

  /** Forgets ids seen before the window. Cheap: stops at the first id still inside it. */
  public void expire(long nowMillis) {
    while (size > 0 && seenAt[oldest] < nowMillis - windowMillis) {
      removeOldest();
    }
  }

  public int size() {
    return size;
  }

  private int slotOf(long msb, long lsb) {
    int mask = table.length - 1;
    for (int at = index(msb, lsb); table[at] != EMPTY; at = (at + 1) & mask) {
      int slot = table[at];
      if (high[slot] == msb && low[slot] == lsb) {
        return slot;
      }
    }
    return EMPTY;
  }

  /** Removes the oldest sighting from the ring and from the table, shifting back what probed past it. */
  private void removeOldest() {
    int slot = oldest;
    int mask = table.length - 1;
    int hole = index(high[slot], low[slot]);
    while (table[hole] != slot) {
      hole = (hole + 1) & mask;
    }
    for (int next = (hole + 1) & mask; table[next] != EMPTY; next = (next + 1) & mask) {
      int home = index(high[table[next]], low[table[next]]);
      // the entry at next stays unless its home lies cyclically outside (hole, next]
      boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (!stays) {
        table[hole] = table[next];
        hole = next;
      }
    }
    table[hole] = EMPTY;
    oldest = (oldest + 1) % high.length;
    size--;
  }

  /** Doubles the ring (up to {@code maxIds}), oldest first from slot 0, and rebuilds the table. */
  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    long[] oldOffsets = offsets;
    long[] oldSeenAt = seenAt;
    int[] oldPartitions = partitions;
    int[] oldTopics = topics;
    int from = oldest;
    int count = size;
    allocate((int) Math.min(maxIds, 2L * oldHigh.length));
    for (int i = 0; i < count; i++) {
      int source = (from + i) % oldHigh.length;
      high[i] = oldHigh[source];
      low[i] = oldLow[source];
      offsets[i] = oldOffsets[source];
      seenAt[i] = oldSeenAt[source];
      partitions[i] = oldPartitions[source];
      topics[i] = oldTopics[source];
      int at = index(high[i], low[i]);
      while (table[at] != EMPTY) {
        at = (at + 1) & (table.length - 1);
      }
      table[at] = i;
    }
    size = count;
  }

  private void allocate(int slots) {
    high = new long[slots];
    low = new long[slots];
    offsets = new long[slots];
    seenAt = new long[slots];
    partitions = new int[slots];
    topics = new int[slots];
    table = new int[Integer.highestOneBit(Math.max(2, slots) * 2 - 1) << 1];
    Arrays.fill(table, EMPTY);
    oldest = 0;
    size = 0;
  }

  /** Where the id's probe starts: both halves mixed with the seed (the finalizer of MurmurHash3). */
  private int index(long msb, long lsb) {
    long h = mix(msb ^ seed) * 0x9E3779B97F4A7C15L + lsb;
    return (int) mix(h) & (table.length - 1);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
