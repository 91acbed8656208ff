package io.tspipe.kafka;

import io.tspipe.config.KafkaSettings;

import java.util.HashMap;
import java.util.Map;

/** Kafka client properties shared by the roles: consumers that commit by hand, and the dead-letter producer. */
public final class KafkaClientConfig {

  private KafkaClientConfig() {
  }

  /**
   * A consumer of {@code groupId} that never commits by itself; a member silent for {@code sessionTimeoutMs} is
   * presumed dead and its partitions go to the others.
   */
  public static Map<String, String> consumer(KafkaSettings kafka, String groupId, int sessionTimeoutMs, int maxPollRecords) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("group.id", groupId);
    config.put("client.id", groupId + "-consumer");
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "earliest");
    config.put("session.timeout.ms", Integer.toString(sessionTimeoutMs));
    config.put("heartbeat.interval.ms", Integer.toString(Math.max(1000, sessionTimeoutMs / 3)));
    config.put("max.poll.records", Integer.toString(maxPollRecords));
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "io.vertx.kafka.client.serialization.BufferDeserializer");
    return config;
  }

  public static Map<String, String> deadLetterProducer(KafkaSettings kafka) {
    return Map.of(
      "bootstrap.servers", kafka.bootstrapServers(),
      "client.id", "tspipe-worker-dead-letters",
      "acks", "all",
      "enable.idempotence", "true",
      "linger.ms", "5",
      "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "value.serializer", "io.vertx.kafka.client.serialization.BufferSerializer");
  }
}
