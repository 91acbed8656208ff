package io.tspipe.ledger;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.RowBinary;
import io.tspipe.store.LedgerOffsetsTable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Takes one sample of the ledger: every partition's end and log start offsets of the event topics, and the offsets
 * the worker's and the indexer's consumer groups committed on it, stored as rows of {@code ledger_offsets}. The sample's time is read
 * before the offsets, so every record at or above a sampled end offset was produced after it. The calls go to Kafka's
 * own admin client, each answered or failed within its {@code default.api.timeout.ms}: Vert.x's wrapper converts every
 * partition's leader of a topic description, and a partition without one (the broker stopping or starting) made it
 * throw inside its callback and never answer, which stopped the ledger's sampling for good.
 */
final class OffsetSampler {

  private final Admin admin;
  private final Context context;
  private final ClickHouseClient clickHouse;
  private final List<String> topics;
  private final String workerGroup;
  private final String indexerGroup;

  /** {@code context}: where the answers of {@code admin} are handed back. */
  OffsetSampler(Admin admin, Context context, ClickHouseClient clickHouse, List<String> topics, String workerGroup,
                String indexerGroup) {
    this.admin = admin;
    this.context = context;
    this.clickHouse = clickHouse;
    this.topics = topics;
    this.workerGroup = workerGroup;
    this.indexerGroup = indexerGroup;
  }

  /** Samples and stores; answers how many partitions were sampled. */
  Future<Integer> sample() {
    long sampledAt = System.currentTimeMillis();
    return answer(admin.describeTopics(topics).allTopicNames())
      .compose(described -> {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription topic : described.values()) {
          topic.partitions().forEach(info -> {
            TopicPartition partition = new TopicPartition(topic.name(), info.partition());
            latest.put(partition, OffsetSpec.latest());
            earliest.put(partition, OffsetSpec.earliest());
          });
        }
        Future<Map<TopicPartition, ListOffsetsResultInfo>> ends = answer(admin.listOffsets(latest).all());
        Future<Map<TopicPartition, ListOffsetsResultInfo>> starts = answer(admin.listOffsets(earliest).all());
        Future<Map<TopicPartition, OffsetAndMetadata>> consumed =
          answer(admin.listConsumerGroupOffsets(workerGroup).partitionsToOffsetAndMetadata());
        Future<Map<TopicPartition, OffsetAndMetadata>> indexed =
          answer(admin.listConsumerGroupOffsets(indexerGroup).partitionsToOffsetAndMetadata());
        return Future.all(ends, starts, consumed, indexed)
          .compose(all -> store(sampledAt, ends.result(), starts.result(), consumed.result(), indexed.result()));
      });
  }

  private <T> Future<T> answer(KafkaFuture<T> call) {
    return Future.fromCompletionStage(call.toCompletionStage(), context);
  }

  private Future<Integer> store(long sampledAt, Map<TopicPartition, ListOffsetsResultInfo> ends,
                                Map<TopicPartition, ListOffsetsResultInfo> starts,
                                Map<TopicPartition, OffsetAndMetadata> consumed,
                                Map<TopicPartition, OffsetAndMetadata> indexed) {
    List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
    partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    RowBinary rows = new RowBinary(partitions.size() * 64);
    for (TopicPartition partition : partitions) {
      LedgerOffsetsTable.append(rows, sampledAt, partition.topic(), partition.partition(),
        ends.get(partition).offset(), starts.get(partition).offset(), committed(consumed, partition),
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
    return committed == null ? 0 : Math.max(0, committed.offset());
  }
}
