package io.tspipe.store;

import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.RowBinary;

/** Where a record was read from, as the tables of records store it: {@code kafka_topic, kafka_partition, kafka_offset}. */
final class PositionColumns {

  private PositionColumns() {
  }

  static RowBinary append(RowBinary out, RecordPosition position) {
    return out.string(position.topic()).uint16(position.partition()).uint64(position.offset());
  }
}
