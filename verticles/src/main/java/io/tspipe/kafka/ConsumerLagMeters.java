package io.tspipe.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.kafka.client.common.TopicPartition;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code tspipe_kafka_consumer_lag{group, topic, partition}}: for each partition this consumer owns, how many records
 * it is behind the end of the partition, as the Kafka client itself measures it at every fetch ({@code records-lag}).
 * NaN until the first fetch. Gauges come and go with the partitions; the client's metrics may be read from any
 * thread, as the metrics endpoint does.
 */
final class ConsumerLagMeters {

  private static final String GROUP = "consumer-fetch-manager-metrics";

  private final Consumer<?, ?> consumer;
  private final String groupId;
  private final MeterRegistry registry;
  private final Map<TopicPartition, Gauge> gauges = new HashMap<>();

  ConsumerLagMeters(Consumer<?, ?> consumer, String groupId, MeterRegistry registry) {
    this.consumer = consumer;
    this.groupId = groupId;
    this.registry = registry;
  }

  void assigned(Set<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      gauges.computeIfAbsent(partition, owned -> Gauge.builder("tspipe.kafka.consumer.lag", this, meters -> meters.lag(owned))
        .description("records behind the end of the partition").tag("group", groupId).tag("topic", owned.getTopic())
        .tag("partition", Integer.toString(owned.getPartition())).register(registry));
    }
  }

  void revoked(Set<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      Gauge gauge = gauges.remove(partition);
      if (gauge != null) {
        registry.remove(gauge);
      }
    }
  }

  void close() {
    revoked(Set.copyOf(gauges.keySet()));
  }

  private double lag(TopicPartition partition) {
    for (Map.Entry<MetricName, ? extends Metric> entry : consumer.metrics().entrySet()) {
      MetricName name = entry.getKey();
      if (name.name().equals("records-lag") && name.group().equals(GROUP)
        && partition.getTopic().equals(name.tags().get("topic"))
        && Integer.toString(partition.getPartition()).equals(name.tags().get("partition"))) {
        return ((Number) entry.getValue().metricValue()).doubleValue();
      }
    }
    return Double.NaN;
  }
}
