package io.tspipe.bench.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many records a consumer group is behind, read by a Kafka admin client: the ends of the partitions the group has
 * committed offsets for, minus those offsets. That is what the group has yet to make durable, including what its
 * client has fetched but not yet written (which the client's own {@code records-lag} leaves out). Blocking.
 */
public final class ConsumerLag implements AutoCloseable {

  private static final long ANSWER_TIMEOUT_SECONDS = 10;

  private final Admin admin;

  /** A reader of the groups of the broker at {@code bootstrapServers}. */
  public ConsumerLag(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** The records {@code group} is behind, over every partition it has committed for; 0 before its first commit. */
  public long of(String group) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      committed.keySet().forEach(partition -> ends.put(partition, OffsetSpec.latest()));
      var latest = admin.listOffsets(ends).all().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
        if (entry.getValue() != null) {
          lag += Math.max(0, latest.get(entry.getKey()).offset() - entry.getValue().offset());
        }
      }
      return lag;
    } catch (ExecutionException | TimeoutException failure) {
      throw new IllegalStateException("reading the lag of consumer group " + group + " failed: " + failure, failure);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
