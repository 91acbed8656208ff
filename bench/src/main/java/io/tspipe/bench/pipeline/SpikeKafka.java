package io.tspipe.bench.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the Streams spike asks the broker: topics' end offsets, whole topics read back, its output topics made, control
 * commands sent. Blocking: the orchestrating thread only.
 */
final class SpikeKafka implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;

  private final String bootstrap;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;

  SpikeKafka(String bootstrap) {
    this.bootstrap = bootstrap;
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(),
      new StringSerializer());
  }

  /**
   * Makes {@code topic} with one partition whose records carry the time the broker appended them
   * ({@code LogAppendTime}): when a detection became readable. An existing topic is kept.
   */
  void createAppendTimeTopic(String topic) throws InterruptedException {
    NewTopic created = new NewTopic(topic, 1, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime"));
    try {
      admin.createTopics(List.of(created)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException failure) {
      if (!(failure.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("creating topic " + topic + " failed: " + failure.getCause(), failure);
      }
    } catch (TimeoutException failure) {
      throw new IllegalStateException("creating topic " + topic + " timed out", failure);
    }
  }

  /** The sum of the end offsets of {@code topic}'s partitions: the records ever written to it; 0 if it is missing. */
  long endOffsets(String topic) throws InterruptedException {
    return ends(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Every record of {@code topic} now, read from its start up to its current end. */
  List<ConsumerRecord<String, String>> readAll(String topic) throws InterruptedException {
    Map<TopicPartition, Long> ends = ends(topic);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
      "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(ends.keySet());
      consumer.seekToBeginning(ends.keySet());
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " back took over 2 min");
        }
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }

  /** Sends {@code command} to the generators' control topic, whose one partition they all read. */
  void sendControl(String controlTopic, String command) throws InterruptedException {
    try {
      producer.send(new ProducerRecord<>(controlTopic, 0, null, command)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException failure) {
      throw new IllegalStateException("sending a control command failed: " + failure, failure);
    }
  }

  private Map<TopicPartition, Long> ends(String topic) throws InterruptedException {
    try {
      Map<String, TopicDescription> described = admin.describeTopics(List.of(topic)).allTopicNames()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      described.get(topic).partitions().forEach(partition ->
        latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .forEach((partition, info) -> ends.put(partition, info.offset()));
      return ends;
    } catch (ExecutionException missing) {
      if (missing.getCause() instanceof UnknownTopicOrPartitionException) {
        return Map.of();
      }
      throw new IllegalStateException("reading the end offsets of " + topic + " failed: " + missing.getCause(), missing);
    } catch (TimeoutException failure) {
      throw new IllegalStateException("reading the end offsets of " + topic + " timed out", failure);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(TIMEOUT_SECONDS));
    admin.close(Duration.ofSeconds(TIMEOUT_SECONDS));
  }
}
