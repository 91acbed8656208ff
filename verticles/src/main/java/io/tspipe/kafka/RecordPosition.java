package io.tspipe.kafka;

/** Where a record was read from. Stored beside every row, so a restarted worker can tell what it already wrote. */
public record RecordPosition(String topic, int partition, long offset) {

  public boolean samePartition(RecordPosition other) {
    return partition == other.partition && topic.equals(other.topic);
  }
}
