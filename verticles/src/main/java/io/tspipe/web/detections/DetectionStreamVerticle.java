package io.tspipe.web.detections;

import io.tspipe.bus.Addresses;
import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.PartitionInfo;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the detections topic ({@code kafka.topics.detections}) from its end, every partition, outside any consumer
 * group and never committing, and publishes each record on {@link Addresses#LIVE_DETECTIONS}, where every web
 * verticle's SSE feed fans it out. One per process, whatever the number of web verticles or subscribers. While the
 * topic does not exist yet (no detector or worker has created it) or Kafka does not answer, it tries again every
 * {@value #RETRY_MS} ms. The web role does not wait for it: it starts while Kafka is down, and its feed then opens.
 */
public final class DetectionStreamVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DetectionStreamVerticle.class);
  static final long RETRY_MS = 5_000;

  private final KafkaSettings kafka;
  private KafkaConsumer<String, String> consumer;
  private long retry = -1;
  private boolean stopped;

  public DetectionStreamVerticle(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, KafkaClientConfig.tailConsumer(kafka, "tspipe-web-detections"),
      String.class, String.class);
    consumer.exceptionHandler(failure -> LOG.warn("Detections topic consumer failed: {}", failure.getMessage()));
    consumer.handler(this::publish);
    attach();
    return Future.succeededFuture();
  }

  private Future<Void> attach() {
    return consumer.partitionsFor(kafka.detectionsTopic())
      .compose(this::assignAtEnd)
      .onSuccess(assigned -> LOG.info("Streaming detections from the end of {}", kafka.detectionsTopic()))
      .onFailure(failure -> {
        LOG.info("Detections topic {} not readable yet ({}); trying again in {} ms", kafka.detectionsTopic(),
          failure.getMessage(), RETRY_MS);
        if (!stopped) {
          retry = vertx.setTimer(RETRY_MS, id -> attach());
        }
      });
  }

  private Future<Void> assignAtEnd(List<PartitionInfo> partitions) {
    if (partitions.isEmpty()) {
      return Future.failedFuture("the topic has no partitions");
    }
    Set<TopicPartition> assigned = partitions.stream()
      .map(partition -> new TopicPartition(partition.getTopic(), partition.getPartition()))
      .collect(Collectors.toSet());
    // asking each position fixes it at the end now, so a record written once this has completed is never skipped
    return consumer.assign(assigned)
      .compose(done -> Future.all(assigned.stream().map(consumer::position).toList()))
      .mapEmpty();
  }

  private void publish(KafkaConsumerRecord<String, String> record) {
    JsonObject detection;
    try {
      detection = new JsonObject(record.value());
    } catch (RuntimeException notAnObject) {
      LOG.warn("Skipped a detection record at {}-{}@{} that is not a JSON object", record.topic(), record.partition(),
        record.offset());
      return;
    }
    vertx.eventBus().publish(Addresses.LIVE_DETECTIONS, detection);
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(retry);
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }
}
