package io.tspipe.worker;

import io.tspipe.config.KafkaSettings;

import java.util.Map;

/** Kafka client properties of the worker's consumer and dead-letter producer. */
final class KafkaClientConfig {

  private KafkaClientConfig() {
  }

  static Map<String, String> workerConsumer(KafkaSettings kafka, WorkerSettings worker) {
    return Map.of(
      "bootstrap.servers", kafka.bootstrapServers(),
      "group.id", worker.groupId(),
      "client.id", worker.groupId() + "-consumer",
      "enable.auto.commit", "false",
      "auto.offset.reset", "earliest",
      "max.poll.records", Integer.toString(Math.min(worker.batchMaxRows(), 10_000)),
      "fetch.min.bytes", "1",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "io.vertx.kafka.client.serialization.BufferDeserializer");
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
