package io.tspipe.indexer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.BatchingConsumer;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.metrics.Metrics;
import io.tspipe.model.EventType;
import io.tspipe.sink.Retry;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.tspipe.worker.EventValidator;
import io.tspipe.worker.Verdict;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
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
 * search, and upserts every valid event into Meilisearch by id through a {@link BatchingConsumer}, which commits
 * offsets only once the Meilisearch task has succeeded. While Meilisearch is down a batch is retried with backoff
 * and the consumer stays paused. Invalid records are skipped here: the worker dead-letters them.
 */
public final class IndexerVerticle extends VerticleBase implements BatchingConsumer.Handler<Verdict> {

  private static final Logger LOG = LoggerFactory.getLogger(IndexerVerticle.class);
  private static final long STOP_GRACE_MS = 10_000;

  private final IndexerSettings settings;
  private final KafkaSettings kafka;
  private final SearchSettings search;
  private final Duration maxFutureSkew;
  private final Map<String, EventType> eventTopics = new HashMap<>();
  private final List<Long> timers = new ArrayList<>();

  private MeilisearchClient meilisearch;
  private BatchingConsumer<Verdict> batches;
  private EventValidator validator;
  private Retry retry;
  private volatile boolean running = true;

  private long indexed;
  private long skipped;
  private long indexedAtLastLine;
  /** Written on this verticle's context, read also by the metrics endpoint's thread. */
  private volatile long newestIndexedMillis;
  private long lastBatchMs;
  private Counter indexedDocuments;
  private Timer upserts;

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
    registerMeters();
    return retry.untilSuccess("preparing the Meilisearch index " + search.index(), this::prepareIndex, () -> running)
      .compose(v -> retry.untilSuccess("creating Kafka topics", () -> KafkaTopics.ensure(vertx, kafka), () -> running))
      .compose(v -> subscribe())
      .onSuccess(v -> startTimers());
  }

  /** Prometheus meters: documents indexed, how long each upsert took to succeed, and how far the index is behind. */
  private void registerMeters() {
    MeterRegistry registry = Metrics.registry();
    indexedDocuments = Counter.builder("tspipe.indexer.documents.indexed").description("documents upserted into the index")
      .register(registry);
    upserts = Timer.builder("tspipe.indexer.upsert").description("from sending a batch to its Meilisearch task succeeded")
      .publishPercentileHistogram().register(registry);
    Gauge.builder("tspipe.indexer.lag.seconds", this, indexer -> indexer.newestIndexedMillis == 0 ? 0
        : Math.max(0, System.currentTimeMillis() - indexer.newestIndexedMillis) / 1000.0)
      .description("age of the newest event in the index").register(registry);
  }

  private Future<Void> prepareIndex() {
    return SearchIndex.prepare(meilisearch);
  }

  private Future<Void> subscribe() {
    KafkaConsumer<String, Buffer> consumer = KafkaConsumer.create(vertx,
      KafkaClientConfig.consumer(kafka, settings.groupId(), settings.sessionTimeoutMs(), settings.batchMaxRecords()),
      String.class, Buffer.class);
    batches = new BatchingConsumer<>(vertx, consumer, settings.groupId(), this,
      settings.batchMaxRecords(), settings.batchMaxDelayMs(), settings.batchesInFlight(), LOG);
    LOG.info("Indexer consuming {} as group {} into index {}, batches of {} records or {} ms",
      kafka.eventTopicNames(), settings.groupId(), search.index(), settings.batchMaxRecords(), settings.batchMaxDelayMs());
    return batches.start(new HashSet<>(kafka.eventTopicNames()));
  }

  private void startTimers() {
    timers.add(vertx.setPeriodic(settings.progressIntervalMs(), id -> logProgress()));
    timers.add(vertx.setPeriodic(1000, settings.retentionCheckSeconds() * 1000, id -> deleteExpired()));
  }

  @Override
  public Verdict classify(KafkaConsumerRecord<String, Buffer> record) {
    return validator.validate(eventTopics.get(record.topic()), record.value(), System.currentTimeMillis());
  }

  @Override
  public Future<Void> write(List<Verdict> batch) {
    List<JsonObject> documents = new ArrayList<>(batch.size());
    long newest = 0;
    for (Verdict verdict : batch) {
      if (verdict instanceof Verdict.Accepted accepted) {
        documents.add(SearchDocuments.document(accepted));
        newest = Math.max(newest, accepted.timestampMillis());
      }
    }
    long invalid = batch.size() - documents.size();
    long newestInBatch = newest;
    long startedNanos = System.nanoTime();
    Future<Void> upsert = documents.isEmpty() ? Future.succeededFuture()
      : retry.untilSuccess("indexing " + documents.size() + " documents",
        () -> meilisearch.upsertDocuments(SearchDocuments.ndjson(documents)), () -> running);
    return upsert.onSuccess(v -> {
      indexed += documents.size();
      skipped += invalid;
      newestIndexedMillis = Math.max(newestIndexedMillis, newestInBatch);
      long elapsedNanos = System.nanoTime() - startedNanos;
      lastBatchMs = elapsedNanos / 1_000_000;
      indexedDocuments.increment(documents.size());
      upserts.record(Duration.ofNanos(elapsedNanos));
    });
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
    Future<Void> drained = batches == null ? Future.succeededFuture() : batches.stop(STOP_GRACE_MS, () -> running = false);
    return drained
      .eventually(() -> {
        running = false;
        return meilisearch.close();
      });
  }
}
