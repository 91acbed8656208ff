package io.tspipe.worker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Records classified since the last flush, sorted by destination, and the offsets to commit once all of them are
 * stored. Its {@link #id()} makes the ClickHouse deduplication tokens: a retried batch carries the same ones.
 */
public final class Batch {

  private final String id = UUID.randomUUID().toString();
  private final long createdAtMillis;
  private final List<Classified.NewEvent> events = new ArrayList<>();
  private final List<Classified.Duplicate> duplicates = new ArrayList<>();
  private final List<Classified.Reject> rejects = new ArrayList<>();
  private final List<Classified.AttackWindow> windows = new ArrayList<>();
  private final Map<String, Map<Integer, Long>> nextOffsets = new HashMap<>();
  private int records;
  private int alreadyStored;

  public Batch(long createdAtMillis) {
    this.createdAtMillis = createdAtMillis;
  }

  public void add(Classified record) {
    records++;
    RecordPosition position = record.position();
    nextOffsets.computeIfAbsent(position.topic(), topic -> new HashMap<>())
      .merge(position.partition(), position.offset() + 1, Math::max);
    if (record instanceof Classified.NewEvent event) {
      events.add(event);
    } else if (record instanceof Classified.Duplicate duplicate) {
      duplicates.add(duplicate);
    } else if (record instanceof Classified.Reject reject) {
      rejects.add(reject);
    } else if (record instanceof Classified.AttackWindow window) {
      windows.add(window);
    } else {
      alreadyStored++;
    }
  }

  /** Drops the records of partitions this worker no longer owns; their new owner reads them again. */
  public void forget(String topic, int partition) {
    Map<Integer, Long> offsets = nextOffsets.get(topic);
    if (offsets != null) {
      offsets.remove(partition);
    }
    Predicate<Classified> fromPartition =
      record -> record.position().partition() == partition && record.position().topic().equals(topic);
    events.removeIf(fromPartition);
    duplicates.removeIf(fromPartition);
    rejects.removeIf(fromPartition);
    windows.removeIf(fromPartition);
  }

  public String id() {
    return id;
  }

  public boolean isEmpty() {
    return records == 0;
  }

  public int records() {
    return records;
  }

  public long ageMillis(long nowMillis) {
    return nowMillis - createdAtMillis;
  }

  public List<Classified.NewEvent> events() {
    return events;
  }

  public List<Classified.Duplicate> duplicates() {
    return duplicates;
  }

  public List<Classified.Reject> rejects() {
    return rejects;
  }

  public List<Classified.AttackWindow> windows() {
    return windows;
  }

  public int alreadyStored() {
    return alreadyStored;
  }

  /** Per topic and partition, the offset of the next record to read once this batch is stored. */
  public Map<String, Map<Integer, Long>> nextOffsets() {
    return nextOffsets;
  }
}
