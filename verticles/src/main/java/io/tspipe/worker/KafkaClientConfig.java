package io.tspipe.worker;

import io.tspipe.config.KafkaSettings;

import java.util.HashMap;
import java.util.Map;

/** Kafka client properties of the worker's consumer and dead-letter producer. */
final class KafkaClientConfig {

  private KafkaClientConfig() {
  }

  static Map<String, String> workerConsumer(KafkaSettings kafka, WorkerSettings worker) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("group.id", worker.groupId());
    config.put("client.id", worker.groupId() + "-consumer");
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "earliest");
    config.put("session.timeout.ms", Integer.toString(worker.sessionTimeoutMs()));
    config.put("heartbeat.interval.ms", Integer.toString(Math.max(1000, worker.sessionTimeoutMs() / 3)));
    config.put("max.poll.records", Integer.toString(Math.min(worker.batchMaxRows(), 10_000)));
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "io.vertx.kafka.client.serialization.BufferDeserializer");
    return config;
  }

  static Map<String, String> deadLetterProducer(KafkaSettings kafka) {
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
