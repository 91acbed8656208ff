package io.tspipe.ledger;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.RowBinary;
import io.tspipe.store.LedgerOffsetsTable;
import io.vertx.core.Future;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.ListOffsetsResultInfo;
import io.vertx.kafka.admin.OffsetSpec;
import io.vertx.kafka.admin.TopicDescription;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Takes one sample of the ledger: every partition's end and log start offsets of the event topics, and the offsets
 * the worker's and the indexer's consumer groups committed on it, stored as rows of {@code ledger_offsets}. The sample's time is read
 * before the offsets, so every record at or above a sampled end offset was produced after it.
 */
final class OffsetSampler {

  private final KafkaAdminClient admin;
  private final ClickHouseClient clickHouse;
  private final List<String> topics;
  private final String workerGroup;
  private final String indexerGroup;

  OffsetSampler(KafkaAdminClient admin, ClickHouseClient clickHouse, List<String> topics, String workerGroup,
                String indexerGroup) {
    this.admin = admin;
    this.clickHouse = clickHouse;
    this.topics = topics;
    this.workerGroup = workerGroup;
    this.indexerGroup = indexerGroup;
  }

  /** Samples and stores; answers how many partitions were sampled. */
  Future<Integer> sample() {
    long sampledAt = System.currentTimeMillis();
    return admin.describeTopics(topics)
      .compose(described -> {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription topic : described.values()) {
          topic.getPartitions().forEach(info -> {
            TopicPartition partition = new TopicPartition(topic.getName(), info.getPartition());
            latest.put(partition, OffsetSpec.LATEST);
            earliest.put(partition, OffsetSpec.EARLIEST);
          });
        }
        Future<Map<TopicPartition, ListOffsetsResultInfo>> ends = admin.listOffsets(latest);
        Future<Map<TopicPartition, ListOffsetsResultInfo>> starts = admin.listOffsets(earliest);
        Future<Map<TopicPartition, OffsetAndMetadata>> consumed = admin.listConsumerGroupOffsets(workerGroup);
        Future<Map<TopicPartition, OffsetAndMetadata>> indexed = admin.listConsumerGroupOffsets(indexerGroup);
        return Future.all(ends, starts, consumed, indexed)
          .compose(all -> store(sampledAt, ends.result(), starts.result(), consumed.result(), indexed.result()));
      });
  }

  private Future<Integer> store(long sampledAt, Map<TopicPartition, ListOffsetsResultInfo> ends,
                                Map<TopicPartition, ListOffsetsResultInfo> starts,
                                Map<TopicPartition, OffsetAndMetadata> consumed,
                                Map<TopicPartition, OffsetAndMetadata> indexed) {
    List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
    partitions.sort(Comparator.comparing(TopicPartition::getTopic).thenComparingInt(TopicPartition::getPartition));
    RowBinary rows = new RowBinary(partitions.size() * 64);
    for (TopicPartition partition : partitions) {
      LedgerOffsetsTable.append(rows, sampledAt, partition.getTopic(), partition.getPartition(),
        ends.get(partition).getOffset(), starts.get(partition).getOffset(), committed(consumed, partition),
        committed(indexed, partition));
    }
    if (partitions.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return clickHouse.insertRowBinary(LedgerOffsetsTable.NAME, LedgerOffsetsTable.COLUMNS, rows.buffer(),
        "ledger-" + UUID.randomUUID())
      .map(partitions.size());
  }

  private static long committed(Map<TopicPartition, OffsetAndMetadata> offsets, TopicPartition partition) {
    OffsetAndMetadata committed = offsets.get(partition);
    return committed == null ? 0 : Math.max(0, committed.getOffset());
  }
}
