package io.tspipe.engines;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaBrokerIT {

  private static final String TOPIC = "persisted";
  private static final String GROUP = "persisted-reader";

  @Test
  @DisplayName("a restart on the same data directory keeps topics and committed offsets, and SIGTERM exits 0")
  void keepsTopicsAndOffsetsAcrossRestarts() throws Exception {
    Path data = ChildJvm.workDirectory("kafka-");
    String port = Integer.toString(ChildJvm.freePort());
    String controllerPort = Integer.toString(ChildJvm.freePort());
    String bootstrap = "127.0.0.1:" + port;

    ChildJvm broker = startBroker(port, controllerPort, data);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)).get();
      }
    }
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(bootstrap))) {
      consumer.subscribe(List.of(TOPIC));
      int read = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read < 5 && System.nanoTime() < deadline) {
        read += consumer.poll(Duration.ofMillis(500)).count();
      }
      assertEquals(5, read);
      consumer.commitSync();
    }
    assertEquals(0, broker.stop());

    broker = startBroker(port, controllerPort, data);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      assertTrue(admin.listTopics().names().get().contains(TOPIC));
      Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      assertEquals(5, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
    } finally {
      assertEquals(0, broker.stop());
    }
  }

  private static ChildJvm startBroker(String port, String controllerPort, Path data) throws Exception {
    return ChildJvm.start(KafkaBroker.class, data.resolve("stdout.log"), "kafka ready",
      "--port", port, "--controller-port", controllerPort, "--data", data.toString());
  }

  private static Map<String, Object> producerConfig(String bootstrap) {
    return Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
  }

  private static Map<String, Object> consumerConfig(String bootstrap) {
    return Map.of(
      ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      ConsumerConfig.GROUP_ID_CONFIG, GROUP,
      ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
      ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
      ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
  }
}
