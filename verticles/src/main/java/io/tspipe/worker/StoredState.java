package io.tspipe.worker;

import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * What ClickHouse already holds for some partitions: ids of stored events with the position each was read from,
 * and the highest stored position per partition in {@code rejected_events} and {@code duplicate_events}.
 *
 * <p>The events stay as ClickHouse sent them, RowBinary rows of {@link #EVENT_COLUMNS}, until they are primed: a
 * million of them are some 45 MB, whereas as objects they would be several times that.
 *
 * @param eventRows RowBinary rows of {@code id UUID, kafka_topic String, kafka_partition UInt16, kafka_offset UInt64}
 */
public record StoredState(Buffer eventRows, List<RecordPosition> rejects, List<RecordPosition> duplicates) {

  /** The columns of {@code events} {@link #eventRows} holds, in order. */
  static final String EVENT_COLUMNS = "id, kafka_topic, kafka_partition, kafka_offset";

  /** The same state from events held as objects. */
  public static StoredState of(Map<UUID, RecordPosition> events, List<RecordPosition> rejects,
                               List<RecordPosition> duplicates) {
    RowBinary rows = new RowBinary(events.size() * 48);
    events.forEach((id, position) -> rows.uuid(id).string(position.topic()).uint16(position.partition())
      .uint64(position.offset()));
    return new StoredState(rows.buffer(), rejects, duplicates);
  }

  /** Hands each stored event to {@code action}, in the order ClickHouse sent them; answers how many there were. */
  public int forEachEvent(BiConsumer<UUID, RecordPosition> action) {
    RowBinary.Reader rows = new RowBinary.Reader(eventRows);
    int count = 0;
    while (rows.hasMore()) {
      action.accept(rows.uuid(), new RecordPosition(rows.string(), rows.uint16(), rows.uint64()));
      count++;
    }
    return count;
  }
}
