package io.tspipe.worker;

import io.tspipe.kafka.RecordPosition;
import java.util.HashMap;
import java.util.Map;

/**
 * The highest Kafka offset per partition already stored in one ClickHouse table, as found when partitions were
 * assigned. Records at or below it were written before the previous owner stopped, even if their offsets were never
 * committed, and must not be written again.
 */
public final class StoredOffsets {

  private final Map<String, Long> highest = new HashMap<>();

  public void record(RecordPosition stored) {
    highest.merge(stored.topic() + "/" + stored.partition(), stored.offset(), Math::max);
  }

  public boolean contains(RecordPosition position) {
    Long stored = highest.get(position.topic() + "/" + position.partition());
    return stored != null && position.offset() <= stored;
  }

  public void forget(String topic, int partition) {
    highest.remove(topic + "/" + partition);
  }
}
