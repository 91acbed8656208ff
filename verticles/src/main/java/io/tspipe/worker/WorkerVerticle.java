package io.tspipe.worker;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventValidator;
import io.tspipe.event.RecentIds;
import io.tspipe.ipintel.IpIntelligence;
import io.tspipe.kafka.BatchingConsumer;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.kafka.RevocationFence;
import io.tspipe.metrics.Metrics;
import io.tspipe.sink.Retry;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseSchema;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stream worker: consumes the event topics, validates and deduplicates every record, and stores batches in
 * ClickHouse through a {@link BatchingConsumer}, which commits offsets only once a batch is stored. When partitions
 * are assigned it first reads what ClickHouse already holds from them, so records stored but never committed are
 * recognised. Deploy it as a worker verticle: it parses, validates and encodes on its own thread, so CPU work never
 * stalls an event loop.
 */
public final class WorkerVerticle extends VerticleBase implements BatchingConsumer.Handler<Classified> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);
  private static final long STOP_GRACE_MS = 10_000;
  private static final int MAX_POLL_RECORDS = 10_000;

  private final WorkerSettings settings;
  private final KafkaSettings kafka;
  private final ClickHouseSettings clickHouseSettings;
  private final Path ipIntelligenceDir;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final WorkerProgress progress = new WorkerProgress(INSTANCES.incrementAndGet());
  private final WorkerMeters meters;

  private ClickHouseClient clickHouse;
  private KafkaConsumer<String, Buffer> consumer;
  private KafkaProducer<String, Buffer> deadLetters;
  private BatchingConsumer<Classified> batches;
  private Retry retry;
  private RecordClassifier classifier;
  private StoredStateQuery storedState;
  private BatchWriter writer;
  private volatile boolean running = true;
  private long progressTimer;

  /** {@code ipIntelligenceDir}: where the IP intelligence database is ({@code ipIntelligence.dir}). */
  public WorkerVerticle(WorkerSettings settings, KafkaSettings kafka, ClickHouseSettings clickHouse,
                        Path ipIntelligenceDir) {
    this.settings = settings;
    this.ipIntelligenceDir = ipIntelligenceDir;
    this.kafka = kafka;
    this.clickHouseSettings = clickHouse;
    this.meters = new WorkerMeters(Metrics.registry(), kafka);
  }

  @Override
  public Future<?> start() {
    clickHouse = new ClickHouseClient(vertx, clickHouseSettings);
    retry = new Retry(vertx, settings.retryInitialDelayMs(), settings.retryMaxDelayMs(), LOG);
    storedState = new StoredStateQuery(clickHouse, settings.dedupWindowSeconds(), settings.dedupMaxIds());
    deadLetters = KafkaProducer.create(vertx, KafkaClientConfig.deadLetterProducer(kafka, "tspipe-worker-dead-letters"));
    writer = new BatchWriter(clickHouse, deadLetters, kafka.rejectedTopic(), retry, () -> running,
      settings.rejectedPayloadMaxBytes(), settings.deadLetterPayloadMaxBytes());
    return loadIpIntelligence()
      .map(this::createClassifier)
      .compose(v -> retry.untilSuccess("applying the ClickHouse schema",
        () -> new ClickHouseSchema(clickHouse, clickHouseSettings.retentionDays()).apply(), () -> running))
      .compose(v -> retry.untilSuccess("creating Kafka topics", () -> KafkaTopics.ensure(vertx, kafka), () -> running))
      .compose(v -> subscribe())
      .onSuccess(v -> progressTimer = vertx.setPeriodic(settings.progressIntervalMs(), id -> logProgress()));
  }

  /** Read once per process and directory, off the event loop; the worker instances of a process share it. */
  private Future<IpIntelligence> loadIpIntelligence() {
    return vertx.executeBlocking(() -> IpIntelligence.load(ipIntelligenceDir))
      .onSuccess(loaded -> LOG.info("IP intelligence database loaded from {}", ipIntelligenceDir));
  }

  private Void createClassifier(IpIntelligence intelligence) {
    classifier = new RecordClassifier(
      new EventValidator(Duration.ofDays(clickHouseSettings.retentionDays()), Duration.ofSeconds(settings.maxFutureSkewSeconds())),
      new RecentIds(settings.dedupWindowSeconds() * 1000, settings.dedupMaxIds()),
      kafka, intelligence);
    return null;
  }

  private Future<Void> subscribe() {
    RevocationFence fence = new RevocationFence(KafkaClientConfig.consumer(kafka, settings.groupId(),
      settings.sessionTimeoutMs(), Math.min(settings.batchMaxRows(), MAX_POLL_RECORDS)), KafkaClientConfig.REVOKE_TIMEOUT,
      LOG);
    batches = new BatchingConsumer<>(vertx, fence, settings.groupId(), this,
      BatchingConsumer.Limits.fixed(settings.batchMaxRows(), settings.batchMaxDelayMs(), settings.batchesInFlight()), LOG);
    consumer = batches.consumer();
    Set<String> topics = new HashSet<>(kafka.eventTopicNames());
    topics.add(kafka.attackWindowsTopic());
    topics.add(kafka.attackEntitiesTopic());
    LOG.info("Worker consuming {} as group {}, batches of {} records or {} ms", topics, settings.groupId(),
      settings.batchMaxRows(), settings.batchMaxDelayMs());
    return batches.start(topics);
  }

  @Override
  public Classified classify(KafkaConsumerRecord<String, Buffer> record) {
    RecordPosition position = new RecordPosition(record.topic(), record.partition(), record.offset());
    return BatchWriter.stage(classifier.classify(position, record.key(), record.value(), System.currentTimeMillis()));
  }

  @Override
  public Future<Void> write(List<Classified> records) {
    meters.consumed(records);
    Batch batch = new Batch(records);
    long startedNanos = System.nanoTime();
    return writer.write(batch, System.currentTimeMillis())
      .onSuccess(v -> reportStored(batch, (System.nanoTime() - startedNanos) / 1_000_000));
  }

  private void reportStored(Batch batch, long elapsedMs) {
    progress.flushed(batch, elapsedMs);
    meters.stored(batch, elapsedMs, System.currentTimeMillis());
  }

  @Override
  public Future<Void> assigned(Set<TopicPartition> partitions) {
    List<Future<RecordPosition>> committed = partitions.stream()
      .map(partition -> consumer.committed(partition).map(offset ->
        new RecordPosition(partition.getTopic(), partition.getPartition(), offset == null ? 0 : offset.getOffset())))
      .toList();
    return Future.all(committed)
      .compose(all -> retry.untilSuccess("reading what is already stored for " + partitions.size() + " partitions",
        () -> storedState.load(all.list()), () -> running))
      .map(state -> {
        int ids = classifier.prime(state, System.currentTimeMillis());
        LOG.info("Assigned {} partitions; {} stored ids primed into the dedup window", partitions.size(), ids);
        return null;
      });
  }

  @Override
  public void revoked(Set<TopicPartition> partitions) {
    partitions.forEach(partition -> classifier.release(partition.getTopic(), partition.getPartition()));
  }

  private void logProgress() {
    classifier.expire(System.currentTimeMillis());
    LOG.info(progress.line(settings.progressIntervalMs(), classifier.windowSize()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(progressTimer);
    Future<Void> drained = batches == null ? Future.succeededFuture() : batches.stop(STOP_GRACE_MS, () -> running = false);
    return drained
      .eventually(() -> {
        running = false;
        return deadLetters.close();
      })
      .eventually(() -> clickHouse.close());
  }
}
