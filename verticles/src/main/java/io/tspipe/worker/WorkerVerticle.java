package io.tspipe.worker;

import io.tspipe.bus.Addresses;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.sink.Retry;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseSchema;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stream worker: consumes the event topics, validates and deduplicates every record, and stores batches in
 * ClickHouse, committing offsets only once a batch is stored. One batch is written at a time; while it is written
 * the next one fills, and the consumer is paused when that one is full too. Deploy it as a worker verticle: it
 * parses and validates on its own thread, so CPU work never stalls an event loop.
 */
public final class WorkerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);
  private static final long STOP_GRACE_MS = 10_000;
  private static final int MAX_POLL_RECORDS = 10_000;

  private final WorkerSettings settings;
  private final KafkaSettings kafka;
  private final ClickHouseSettings clickHouseSettings;

  private ClickHouseClient clickHouse;
  private KafkaConsumer<String, Buffer> consumer;
  private KafkaProducer<String, Buffer> deadLetters;
  private Retry retry;
  private RecordClassifier classifier;
  private StoredStateQuery storedState;
  private BatchWriter writer;
  private final WorkerProgress progress = new WorkerProgress();

  private Batch pending;
  private Future<Void> inFlight = Future.succeededFuture();
  private boolean writing;
  private boolean full;
  private int recovering;
  private boolean consumerPaused;
  private volatile boolean running = true;
  private long flushTimer;
  private long progressTimer;

  public WorkerVerticle(WorkerSettings settings, KafkaSettings kafka, ClickHouseSettings clickHouse) {
    this.settings = settings;
    this.kafka = kafka;
    this.clickHouseSettings = clickHouse;
  }

  @Override
  public Future<?> start() {
    clickHouse = new ClickHouseClient(vertx, clickHouseSettings);
    retry = new Retry(vertx, settings.retryInitialDelayMs(), settings.retryMaxDelayMs(), LOG);
    classifier = new RecordClassifier(
      new EventValidator(Duration.ofDays(clickHouseSettings.retentionDays()), Duration.ofSeconds(settings.maxFutureSkewSeconds())),
      new RecentIds(settings.dedupWindowSeconds() * 1000, settings.dedupMaxIds()),
      kafka);
    storedState = new StoredStateQuery(clickHouse, settings.dedupWindowSeconds(), settings.dedupMaxIds());
    deadLetters = KafkaProducer.create(vertx, KafkaClientConfig.deadLetterProducer(kafka));
    writer = new BatchWriter(clickHouse, deadLetters, kafka.rejectedTopic(), retry, () -> running,
      settings.rejectedPayloadMaxBytes());
    pending = new Batch(System.currentTimeMillis());
    return retry.untilSuccess("applying the ClickHouse schema",
        () -> new ClickHouseSchema(clickHouse, clickHouseSettings.retentionDays()).apply(), () -> running)
      .compose(v -> retry.untilSuccess("creating Kafka topics", () -> KafkaTopics.ensure(vertx, kafka), () -> running))
      .compose(v -> subscribe())
      .onSuccess(v -> startTimers());
  }

  private Future<Void> subscribe() {
    consumer = KafkaConsumer.create(vertx, KafkaClientConfig.consumer(kafka, settings.groupId(), settings.sessionTimeoutMs(),
      Math.min(settings.batchMaxRows(), MAX_POLL_RECORDS)), String.class, Buffer.class);
    consumer.partitionsAssignedHandler(this::recover);
    consumer.partitionsRevokedHandler(this::release);
    consumer.exceptionHandler(failure -> LOG.error("Kafka consumer failed", failure));
    consumer.handler(this::accept);
    Set<String> topics = new HashSet<>(kafka.eventTopicNames());
    topics.add(kafka.attackWindowsTopic());
    LOG.info("Worker consuming {} as group {}, batches of {} records or {} ms", topics, settings.groupId(),
      settings.batchMaxRows(), settings.batchMaxDelayMs());
    return consumer.subscribe(topics);
  }

  private void startTimers() {
    flushTimer = vertx.setPeriodic(Math.max(1, settings.batchMaxDelayMs() / 4), id -> flushIfDue());
    progressTimer = vertx.setPeriodic(settings.progressIntervalMs(), id -> logProgress());
  }

  private void accept(KafkaConsumerRecord<String, Buffer> record) {
    RecordPosition position = new RecordPosition(record.topic(), record.partition(), record.offset());
    pending.add(classifier.classify(position, record.key(), record.value(), Instant.now()));
    if (pending.records() >= settings.batchMaxRows()) {
      flushOrPause();
    }
  }

  private void flushOrPause() {
    if (writing) {
      full = true;
      updateFlow();
    } else {
      flush();
    }
  }

  private void flushIfDue() {
    if (!writing && !pending.isEmpty() && pending.ageMillis(System.currentTimeMillis()) >= settings.batchMaxDelayMs()) {
      flush();
    }
  }

  private void flush() {
    Batch batch = pending;
    pending = new Batch(System.currentTimeMillis());
    writing = true;
    long startedNanos = System.nanoTime();
    inFlight = writer.write(batch, System.currentTimeMillis())
      .compose(v -> commit(batch))
      .andThen(done -> afterFlush(batch, startedNanos, done));
  }

  private Future<Void> commit(Batch batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    batch.nextOffsets().forEach((topic, partitions) -> partitions.forEach((partition, next) ->
      offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(next, ""))));
    if (offsets.isEmpty()) {
      return Future.succeededFuture();
    }
    return consumer.commit(offsets)
      .<Void>mapEmpty()
      .recover(failure -> {
        LOG.warn("Offset commit failed after the batch was stored; if read again, its records are recognised as stored: {}",
          failure.getMessage());
        return Future.succeededFuture();
      });
  }

  private void afterFlush(Batch batch, long startedNanos, AsyncResult<Void> done) {
    writing = false;
    if (done.failed()) {
      LOG.warn("Batch {} not stored before shutdown; its records will be read again: {}", batch.id(), done.cause().getMessage());
      return;
    }
    long elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
    progress.flushed(batch, elapsedMs);
    vertx.eventBus().publish(Addresses.WORKER_BATCH_FLUSHED, new JsonObject()
      .put("inserted", batch.events().size())
      .put("rejected", batch.rejects().size())
      .put("duplicates", batch.duplicates().size())
      .put("insertMs", elapsedMs));
    if (pending.records() >= settings.batchMaxRows()) {
      flush();
    }
    full = false;
    updateFlow();
  }

  /** Pauses the consumer while the next batch is full or partitions are being recovered, resumes otherwise. */
  private void updateFlow() {
    boolean shouldPause = full || recovering > 0;
    if (shouldPause && !consumerPaused) {
      consumer.pause();
    } else if (!shouldPause && consumerPaused) {
      consumer.resume();
    }
    consumerPaused = shouldPause;
  }

  private void recover(Set<TopicPartition> assigned) {
    if (assigned.isEmpty()) {
      return;
    }
    recovering++;
    updateFlow();
    List<Future<RecordPosition>> committed = assigned.stream()
      .map(partition -> consumer.committed(partition).map(offset ->
        new RecordPosition(partition.getTopic(), partition.getPartition(), offset == null ? 0 : offset.getOffset())))
      .toList();
    Future.all(committed)
      .compose(all -> retry.untilSuccess("reading what is already stored for " + assigned.size() + " partitions",
        () -> storedState.load(all.list()), () -> running))
      .onSuccess(state -> {
        classifier.prime(state, System.currentTimeMillis());
        LOG.info("Assigned {} partitions; {} stored ids primed into the dedup window", assigned.size(), state.events().size());
      })
      .onFailure(failure -> LOG.error("Could not read the stored state of the assigned partitions", failure))
      .onComplete(done -> {
        recovering--;
        updateFlow();
      });
  }

  private void release(Set<TopicPartition> revoked) {
    for (TopicPartition partition : revoked) {
      pending.forget(partition.getTopic(), partition.getPartition());
      classifier.release(partition.getTopic(), partition.getPartition());
    }
  }

  private void logProgress() {
    classifier.expire(System.currentTimeMillis());
    LOG.info(progress.line(settings.progressIntervalMs(), classifier.windowSize()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(progressTimer);
    long deadline = vertx.setTimer(STOP_GRACE_MS, id -> running = false);
    if (consumer != null) {
      consumer.pause();
    }
    return drain()
      .eventually(() -> {
        vertx.cancelTimer(deadline);
        running = false;
        return consumer == null ? Future.succeededFuture() : consumer.close();
      })
      .eventually(() -> deadLetters.close())
      .eventually(() -> clickHouse.close());
  }

  /** Writes what is pending, one batch at a time, until nothing is; gives up on a batch once the grace period ends. */
  private Future<Void> drain() {
    if (writing) {
      return inFlight.otherwiseEmpty().compose(v -> drain());
    }
    if (pending.isEmpty() || consumer == null) {
      return Future.succeededFuture();
    }
    flush();
    return drain();
  }
}
