package io.tspipe.indexer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.DeadLetter;
import io.tspipe.event.EventType;
import io.tspipe.event.EventValidator;
import io.tspipe.event.RecentIds;
import io.tspipe.event.RejectReason;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpIntelligence;
import io.tspipe.kafka.BatchingConsumer;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.kafka.RevocationFence;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.metrics.Metrics;
import io.tspipe.search.SearchDocuments;
import io.tspipe.search.SearchIndex;
import io.tspipe.sink.Retry;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.MeilisearchException;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The search indexer: consumes the event topics in a group of its own, so storage in ClickHouse never waits on
 * search, and upserts every valid event into Meilisearch by id through a {@link BatchingConsumer}, which commits
 * offsets only once the Meilisearch task has succeeded. While Meilisearch is down a batch is retried with backoff
 * and the consumer stays paused. Invalid records are skipped here: the worker dead-letters them. An event whose id
 * was already indexed from another record within the dedup window (a re-send, or another event reusing the id) is
 * skipped too, so the first event keeps its document, as the worker keeps its row.
 *
 * <p>A batch Meilisearch refuses for what a document holds (the task fails, or the request is refused) is split in
 * halves until the refused document is alone; that one is dead-lettered with Meilisearch's reason
 * ({@link DeadLetter}, stage {@code indexer}) and every other document is indexed. A refusal of every document of a
 * batch is taken for a fault of the engine, not of the documents, and retried with backoff.
 */
public final class IndexerVerticle extends VerticleBase implements BatchingConsumer.Handler<IndexerVerticle.Item> {

  /**
   * One consumed record: its document encoded as JSON, or null when it is not indexed (invalid, or its id already
   * indexed), and the record itself, kept for a dead letter. Encoded as it arrives, a document of a batch that grows
   * while Meilisearch is behind takes a few hundred bytes, not a tree of objects.
   */
  record Item(RecordPosition position, String key, Buffer value, Buffer document, long timestampMillis) {
  }

  /** How one attempt at a list of items ended: indexed, or refused by Meilisearch for what they hold. */
  private record Attempt(MeilisearchException refusal) {
    static final Attempt INDEXED = new Attempt(null);
  }

  private static final Logger LOG = LoggerFactory.getLogger(IndexerVerticle.class);
  private static final long STOP_GRACE_MS = 10_000;

  private final IndexerSettings settings;
  private final KafkaSettings kafka;
  private final SearchSettings search;
  private final Duration maxFutureSkew;
  private final Map<String, EventType> eventTopics = new HashMap<>();
  private final List<Long> timers = new ArrayList<>();

  private MeilisearchClient meilisearch;
  private BatchingConsumer<Item> batches;
  private EventValidator validator;
  private RecentIds recentIds;
  private KafkaProducer<String, Buffer> deadLetters;
  private Retry retry;
  private volatile boolean running = true;

  private long indexed;
  private long skipped;
  private long refused;
  private long indexedAtLastLine;
  /** Written on this verticle's context, read also by the metrics endpoint's thread. */
  private volatile long newestIndexedMillis;
  private final Path ipIntelligenceDir;
  /** Read off the event loop at start, before any record is classified. */
  private IpIntelligence intelligence;
  private long lastBatchMs;
  private Counter indexedDocuments;
  private Counter refusedDocuments;
  private Timer upserts;

  /** {@code ipIntelligenceDir}: where the IP intelligence database is ({@code ipIntelligence.dir}). */
  public IndexerVerticle(IndexerSettings settings, KafkaSettings kafka, SearchSettings search, Duration maxFutureSkew,
                         Path ipIntelligenceDir) {
    this.settings = settings;
    this.ipIntelligenceDir = ipIntelligenceDir;
    this.kafka = kafka;
    this.search = search;
    this.maxFutureSkew = maxFutureSkew;
    kafka.eventTopics().forEach((type, topic) -> eventTopics.put(topic, type));
  }

  @Override
  public Future<?> start() {
    meilisearch = new MeilisearchClient(vertx, search, search.masterKey());
    validator = new EventValidator(Duration.ofDays(settings.retentionDays()), maxFutureSkew);
    recentIds = new RecentIds(settings.dedupWindowSeconds() * 1000, settings.dedupMaxIds());
    deadLetters = KafkaProducer.create(vertx, KafkaClientConfig.deadLetterProducer(kafka, "tspipe-indexer-dead-letters"));
    retry = new Retry(vertx, settings.retryInitialDelayMs(), settings.retryMaxDelayMs(), LOG);
    registerMeters();
    return vertx.executeBlocking(() -> IpIntelligence.load(ipIntelligenceDir))
      .onSuccess(loaded -> intelligence = loaded)
      .compose(v -> retry.untilSuccess("preparing the Meilisearch index " + search.index(), this::prepareIndex, () -> running))
      .compose(v -> retry.untilSuccess("creating Kafka topics", () -> KafkaTopics.ensure(vertx, kafka), () -> running))
      .compose(v -> subscribe())
      .onSuccess(v -> startTimers());
  }

  /** Prometheus meters: documents indexed, how long each upsert took to succeed, and how far the index is behind. */
  private void registerMeters() {
    MeterRegistry registry = Metrics.registry();
    indexedDocuments = Counter.builder("tspipe.indexer.documents.indexed").description("documents upserted into the index")
      .register(registry);
    refusedDocuments = Counter.builder("tspipe.indexer.documents.refused")
      .description("documents Meilisearch refused, dead-lettered with its reason").register(registry);
    upserts = Timer.builder("tspipe.indexer.upsert").description("from sending a batch to its Meilisearch task succeeded")
      .publishPercentileHistogram().register(registry);
    Gauge.builder("tspipe.indexer.lag.seconds", this, indexer -> indexer.newestIndexedMillis == 0 ? 0
        : Math.max(0, System.currentTimeMillis() - indexer.newestIndexedMillis) / 1000.0)
      .description("age of the newest event in the index, among those not stamped ahead of when they were indexed")
      .register(registry);
  }

  private Future<Void> prepareIndex() {
    return SearchIndex.prepare(meilisearch);
  }

  private Future<Void> subscribe() {
    RevocationFence fence = new RevocationFence(
      KafkaClientConfig.consumer(kafka, settings.groupId(), settings.sessionTimeoutMs(), settings.batchMaxRecords()),
      KafkaClientConfig.REVOKE_TIMEOUT, LOG);
    batches = new BatchingConsumer<>(vertx, fence, settings.groupId(), this, settings.batchLimits(), LOG);
    LOG.info("Indexer consuming {} as group {} into index {}, batches of {} records or {} ms, up to {} records or {}"
        + " bytes while behind", kafka.eventTopicNames(), settings.groupId(), search.index(), settings.batchMaxRecords(),
      settings.batchMaxDelayMs(), settings.batchMaxRecordsBehind(), settings.batchMaxBytesBehind());
    return batches.start(new HashSet<>(kafka.eventTopicNames()));
  }

  private void startTimers() {
    timers.add(vertx.setPeriodic(settings.progressIntervalMs(), id -> logProgress()));
    timers.add(vertx.setPeriodic(1000, settings.retentionCheckSeconds() * 1000, id -> deleteExpired()));
  }

  @Override
  public Item classify(KafkaConsumerRecord<String, Buffer> record) {
    RecordPosition position = new RecordPosition(record.topic(), record.partition(), record.offset());
    long nowMillis = System.currentTimeMillis();
    Buffer document = null;
    long timestampMillis = 0;
    try {
      if (validator.validate(eventTopics.get(record.topic()), record.value(), nowMillis) instanceof Verdict.Accepted event
        && isFirstSighting(event, position, nowMillis)) {
        document = SearchDocuments.document(event, intelligence.lookup((String) event.event().get("sourceIp")))
          .toBuffer();
        timestampMillis = event.timestampMillis();
      }
    } catch (RuntimeException failure) {
      LOG.warn("Record {} could not be read; the worker dead-letters it: {}", position, failure.toString());
    }
    return new Item(position, record.key(), record.value(), document, timestampMillis);
  }

  /** Whether {@code event} is the first record of its id in the window, or that record read again. */
  private boolean isFirstSighting(Verdict.Accepted event, RecordPosition position, long nowMillis) {
    Optional<RecordPosition> first = recentIds.firstSeenAt(event.id());
    if (first.isEmpty()) {
      recentIds.remember(event.id(), position, nowMillis);
      return true;
    }
    return first.get().equals(position);
  }

  @Override
  public Future<Void> write(List<Item> batch) {
    List<Item> documents = batch.stream().filter(item -> item.document() != null).toList();
    long startedNanos = System.nanoTime();
    return index(documents).map(refusedInBatch -> {
      int indexedInBatch = documents.size() - refusedInBatch;
      indexed += indexedInBatch;
      skipped += batch.size() - documents.size();
      long indexedAtMillis = System.currentTimeMillis();
      long newest = newestIndexedMillis;
      for (Item item : documents) {
        if (item.timestampMillis() <= indexedAtMillis) {
          newest = Math.max(newest, item.timestampMillis());
        }
      }
      newestIndexedMillis = newest;
      long elapsedNanos = System.nanoTime() - startedNanos;
      lastBatchMs = elapsedNanos / 1_000_000;
      indexedDocuments.increment(indexedInBatch);
      upserts.record(Duration.ofNanos(elapsedNanos));
      return null;
    });
  }

  /**
   * Indexes {@code items}, retrying while Meilisearch is away, and dead-letters the documents it refuses, unless it
   * refused them all: then the engine is at fault, and the whole list is tried again after the longest backoff.
   */
  private Future<Integer> index(List<Item> items) {
    return indexIsolating(items).compose(refused -> {
      if (refused.isEmpty()) {
        return Future.succeededFuture(0);
      }
      if (refused.size() == items.size() && items.size() > 1) {
        LOG.error("Meilisearch refused each of {} documents, alone too: taken for a fault of the engine; trying them"
          + " again in {} ms: {}", items.size(), settings.retryMaxDelayMs(), refused.get(0).refusal().getMessage());
        return running ? vertx.timer(settings.retryMaxDelayMs()).compose(v -> index(items))
          : Future.failedFuture("stopped while Meilisearch refused every document");
      }
      return Future.all(refused.stream().map(this::deadLetter).toList()).map(refused.size());
    });
  }

  /** A document Meilisearch refused, and its reason. */
  private record Refused(Item item, MeilisearchException refusal) {
  }

  /**
   * Indexes {@code items}; a list refused for what it holds is split in halves, down to each refused document, which
   * is tried once more alone (another writer's task may have shared its batch in Meilisearch). Answers those refused.
   */
  private Future<List<Refused>> indexIsolating(List<Item> items) {
    if (items.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return retry.untilSuccess("indexing " + items.size() + " documents", () -> attempt(items), () -> running)
      .compose(attempt -> {
        if (attempt.refusal() == null) {
          return Future.succeededFuture(List.of());
        }
        if (items.size() == 1) {
          return retry.untilSuccess("indexing a refused document alone", () -> attempt(items), () -> running)
            .map(again -> again.refusal() == null ? List.of() : List.of(new Refused(items.get(0), again.refusal())));
        }
        int half = items.size() / 2;
        return indexIsolating(items.subList(0, half)).compose(first -> indexIsolating(items.subList(half, items.size()))
          .map(second -> concat(first, second)));
      });
  }

  private static List<Refused> concat(List<Refused> first, List<Refused> second) {
    List<Refused> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private Future<Attempt> attempt(List<Item> items) {
    Buffer body = SearchDocuments.ndjsonOfEncoded(items.stream().map(Item::document).toList());
    return meilisearch.upsertDocuments(body)
      .map(Attempt.INDEXED)
      .recover(failure -> MeilisearchClient.isRefusalOfContent(failure)
        ? Future.succeededFuture(new Attempt((MeilisearchException) failure)) : Future.failedFuture(failure));
  }

  private Future<Void> deadLetter(Refused document) {
    Item item = document.item();
    MeilisearchException refusal = document.refusal();
    JsonObject refusedDocument = new JsonObject(item.document());
    String eventId = refusedDocument.getString(SearchDocuments.PRIMARY_KEY, "");
    Verdict.Rejected verdict = new Verdict.Rejected(RejectReason.INDEX_REFUSED, "", "Meilisearch refused the document: "
      + refusal.getMessage(), refusedDocument.getString("type", ""), eventId);
    LOG.warn("Document of record {} refused by Meilisearch, dead-lettered: {}", item.position(), refusal.getMessage());
    Buffer letter = DeadLetter.value(item.position(), DeadLetter.Stage.INDEXER, verdict, item.value(),
      System.currentTimeMillis(), settings.deadLetterPayloadMaxBytes());
    return retry.untilSuccess("publication of a dead letter", () -> deadLetters.send(
        KafkaProducerRecord.create(kafka.rejectedTopic(), DeadLetter.key(item.key()), letter)), () -> running)
      .onSuccess(sent -> {
        refused++;
        refusedDocuments.increment();
      })
      .mapEmpty();
  }

  /** Deletes documents of events older than the retention; the filter holds only a number computed here. */
  private void deleteExpired() {
    long cutoff = Instant.now().minus(Duration.ofDays(settings.retentionDays())).toEpochMilli();
    meilisearch.deleteDocuments("timestamp < " + cutoff)
      .onSuccess(v -> LOG.debug("Deleted documents older than {} days", settings.retentionDays()))
      .onFailure(failure -> LOG.warn("Retention delete failed, will try again: {}", failure.getMessage()));
  }

  private void logProgress() {
    recentIds.expire(System.currentTimeMillis());
    double rate = (indexed - indexedAtLastLine) * 1000.0 / settings.progressIntervalMs();
    indexedAtLastLine = indexed;
    long lagMs = newestIndexedMillis == 0 ? 0 : System.currentTimeMillis() - newestIndexedMillis;
    LOG.info(String.format(Locale.ROOT, "indexer: indexed %,d documents (%,.0f/s), %,d records skipped (invalid or"
      + " an id already indexed), %,d refused by Meilisearch; newest indexed event %,d ms old; last batch in %d ms",
      indexed, rate, skipped, refused, lagMs, lastBatchMs));
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    Future<Void> drained = batches == null ? Future.succeededFuture() : batches.stop(STOP_GRACE_MS, () -> running = false);
    return drained
      .eventually(() -> {
        running = false;
        return deadLetters.close();
      })
      .eventually(() -> meilisearch.close());
  }
}
