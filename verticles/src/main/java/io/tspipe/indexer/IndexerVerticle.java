package io.tspipe.indexer;

import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.model.EventType;
import io.tspipe.sink.Retry;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.tspipe.worker.EventValidator;
import io.tspipe.worker.Verdict;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The search indexer: consumes the event topics in a group of its own, so storage in ClickHouse never waits on
 * search, and upserts every valid event into Meilisearch by id. A batch's offsets are committed only once its
 * Meilisearch task has succeeded; while Meilisearch is down the batch is retried with backoff and the consumer
 * stays paused. Invalid records are skipped here: the worker dead-letters them.
 */
public final class IndexerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IndexerVerticle.class);
  private static final long STOP_GRACE_MS = 10_000;

  private final IndexerSettings settings;
  private final KafkaSettings kafka;
  private final SearchSettings search;
  private final Duration maxFutureSkew;
  private final Map<String, EventType> eventTopics = new HashMap<>();

  private MeilisearchClient meilisearch;
  private KafkaConsumer<String, Buffer> consumer;
  private EventValidator validator;
  private Retry retry;

  private List<JsonObject> pending = new ArrayList<>();
  private Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new HashMap<>();
  private long pendingSince;
  private long pendingMaxTimestamp;
  private int pendingRecords;
  private Future<Void> inFlight = Future.succeededFuture();
  private boolean writing;
  private boolean full;
  private volatile boolean running = true;
  private final List<Long> timers = new ArrayList<>();

  private long indexed;
  private long skipped;
  private long indexedAtLastLine;
  private long newestIndexedMillis;
  private long lastBatchMs;

  public IndexerVerticle(IndexerSettings settings, KafkaSettings kafka, SearchSettings search, Duration maxFutureSkew) {
    this.settings = settings;
    this.kafka = kafka;
    this.search = search;
    this.maxFutureSkew = maxFutureSkew;
    kafka.eventTopics().forEach((type, topic) -> eventTopics.put(topic, type));
  }

  @Override
  public Future<?> start() {
    meilisearch = new MeilisearchClient(vertx, search, search.masterKey());
    validator = new EventValidator(Duration.ofDays(settings.retentionDays()), maxFutureSkew);
    retry = new Retry(vertx, settings.retryInitialDelayMs(), settings.retryMaxDelayMs(), LOG);
    return retry.untilSuccess("preparing the Meilisearch index " + search.index(), this::prepareIndex, () -> running)
      .compose(v -> retry.untilSuccess("creating Kafka topics", () -> KafkaTopics.ensure(vertx, kafka), () -> running))
      .compose(v -> subscribe())
      .onSuccess(v -> startTimers());
  }

  private Future<Void> prepareIndex() {
    return meilisearch.health()
      .compose(v -> meilisearch.createIndex(SearchDocuments.PRIMARY_KEY))
      .compose(v -> meilisearch.updateSettings(SearchDocuments.indexSettings()));
  }

  private Future<Void> subscribe() {
    consumer = KafkaConsumer.create(vertx,
      KafkaClientConfig.consumer(kafka, settings.groupId(), settings.sessionTimeoutMs(), settings.batchMaxDocs()),
      String.class, Buffer.class);
    consumer.exceptionHandler(failure -> LOG.error("Kafka consumer failed", failure));
    consumer.handler(this::accept);
    LOG.info("Indexer consuming {} as group {} into index {}, batches of {} documents or {} ms",
      kafka.eventTopicNames(), settings.groupId(), search.index(), settings.batchMaxDocs(), settings.batchMaxDelayMs());
    return consumer.subscribe(new HashSet<>(kafka.eventTopicNames()));
  }

  private void startTimers() {
    timers.add(vertx.setPeriodic(Math.max(1, settings.batchMaxDelayMs() / 4), id -> flushIfDue()));
    timers.add(vertx.setPeriodic(settings.progressIntervalMs(), id -> logProgress()));
    timers.add(vertx.setPeriodic(1000, settings.retentionCheckSeconds() * 1000, id -> deleteExpired()));
  }

  private void accept(KafkaConsumerRecord<String, Buffer> record) {
    if (pendingRecords == 0) {
      pendingSince = System.currentTimeMillis();
    }
    pendingRecords++;
    pendingOffsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1, ""));
    Verdict verdict = validator.validate(eventTopics.get(record.topic()), record.value(), Instant.now());
    if (verdict instanceof Verdict.Accepted accepted) {
      pending.add(SearchDocuments.document(accepted));
      pendingMaxTimestamp = Math.max(pendingMaxTimestamp, accepted.timestampMillis());
    } else {
      skipped++;
    }
    if (pending.size() >= settings.batchMaxDocs()) {
      if (writing) {
        full = true;
        consumer.pause();
      } else {
        flush();
      }
    }
  }

  private void flushIfDue() {
    if (!writing && pendingRecords > 0 && System.currentTimeMillis() - pendingSince >= settings.batchMaxDelayMs()) {
      flush();
    }
  }

  private void flush() {
    List<JsonObject> documents = pending;
    Map<TopicPartition, OffsetAndMetadata> offsets = pendingOffsets;
    long maxTimestamp = pendingMaxTimestamp;
    pending = new ArrayList<>();
    pendingOffsets = new HashMap<>();
    pendingRecords = 0;
    writing = true;
    long startedNanos = System.nanoTime();
    Future<Void> upsert = documents.isEmpty() ? Future.succeededFuture()
      : retry.untilSuccess("indexing " + documents.size() + " documents",
        () -> meilisearch.upsertDocuments(SearchDocuments.ndjson(documents)), () -> running);
    inFlight = upsert
      .compose(v -> consumer.commit(offsets).<Void>mapEmpty().recover(this::commitFailed))
      .andThen(done -> afterFlush(documents.size(), maxTimestamp, startedNanos, done));
  }

  private Future<Void> commitFailed(Throwable failure) {
    LOG.warn("Offset commit failed after indexing; the documents will be upserted again, harmlessly: {}", failure.getMessage());
    return Future.succeededFuture();
  }

  private void afterFlush(int documents, long maxTimestamp, long startedNanos, AsyncResult<Void> done) {
    writing = false;
    if (done.failed()) {
      LOG.warn("Batch of {} documents not indexed before shutdown; it will be read again: {}", documents,
        done.cause().getMessage());
      return;
    }
    indexed += documents;
    newestIndexedMillis = Math.max(newestIndexedMillis, maxTimestamp);
    lastBatchMs = (System.nanoTime() - startedNanos) / 1_000_000;
    if (pending.size() >= settings.batchMaxDocs()) {
      flush();
    }
    if (full) {
      full = false;
      consumer.resume();
    }
  }

  /** Deletes documents of events older than the retention; the filter holds only a number computed here. */
  private void deleteExpired() {
    long cutoff = Instant.now().minus(Duration.ofDays(settings.retentionDays())).toEpochMilli();
    meilisearch.deleteDocuments("timestamp < " + cutoff)
      .onSuccess(v -> LOG.debug("Deleted documents older than {} days", settings.retentionDays()))
      .onFailure(failure -> LOG.warn("Retention delete failed, will try again: {}", failure.getMessage()));
  }

  private void logProgress() {
    double rate = (indexed - indexedAtLastLine) * 1000.0 / settings.progressIntervalMs();
    indexedAtLastLine = indexed;
    long lagMs = newestIndexedMillis == 0 ? 0 : System.currentTimeMillis() - newestIndexedMillis;
    LOG.info(String.format(Locale.ROOT, "indexer: indexed %,d documents (%,.0f/s), %,d invalid records skipped;"
      + " newest indexed event %,d ms old; last batch in %d ms", indexed, rate, skipped, lagMs, lastBatchMs));
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
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
      .eventually(() -> meilisearch.close());
  }

  private Future<Void> drain() {
    if (writing) {
      return inFlight.otherwiseEmpty().compose(v -> drain());
    }
    if (pendingRecords == 0 || consumer == null) {
      return Future.succeededFuture();
    }
    flush();
    return drain();
  }
}
