package io.tspipe.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventType;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's Prometheus meters: records consumed by type as each batch is handed over, then, once per stored batch,
 * events inserted and duplicates by type, rejects by reason and type, batch sizes, insert latency and freshness (event
 * time to stored) as histograms, and the age of the newest event stored. Events stamped ahead of the moment they were
 * stored (clock skew, or a hostile producer, up to {@code worker.maxFutureSkewSeconds}) are left out of freshness and
 * lag, so one such event can never hide a real lag. Every {@code type} label is one of the event
 * types, {@code attack_window}, {@code attack_entity} or {@code unknown}, so a record can never add a label value of its own.
 */
final class WorkerMeters {

  static final String UNKNOWN_TYPE = "unknown";

  /**
   * The newest event stored by any worker instance of this process: the meters, like the registry, are one per process,
   * while each instance owns only some partitions.
   */
  private static final AtomicLong NEWEST_STORED_MILLIS = new AtomicLong();

  private static final String LAG_GAUGE = "tspipe.worker.lag.seconds";

  private final MeterRegistry registry;
  private final Map<String, Counter> consumedByTopic = new HashMap<>();
  private final Map<EventType, Counter> inserted = new EnumMap<>(EventType.class);
  private final Map<EventType, Counter> duplicates = new EnumMap<>(EventType.class);
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final DistributionSummary batchRecords;
  private final Timer insertLatency;
  private final Timer freshness;

  WorkerMeters(MeterRegistry registry, KafkaSettings kafka) {
    this.registry = registry;
    kafka.eventTopics().forEach((type, topic) -> consumedByTopic.put(topic, consumed(type.wireName())));
    consumedByTopic.put(kafka.attackWindowsTopic(), consumed(RecordClassifier.ATTACK_WINDOW_TYPE));
    consumedByTopic.put(kafka.attackEntitiesTopic(), consumed(RecordClassifier.ATTACK_ENTITY_TYPE));
    for (EventType type : EventType.values()) {
      inserted.put(type, Counter.builder("tspipe.worker.events.inserted").description("valid events stored")
        .tag("type", type.wireName()).register(registry));
      duplicates.put(type, Counter.builder("tspipe.worker.events.duplicate")
        .description("re-sent events recognised and counted, not stored again").tag("type", type.wireName())
        .register(registry));
    }
    batchRecords = DistributionSummary.builder("tspipe.worker.batch.records").description("records per stored batch")
      .publishPercentileHistogram().register(registry);
    insertLatency = Timer.builder("tspipe.worker.insert").description("time to make one batch durable in ClickHouse")
      .publishPercentileHistogram().register(registry);
    freshness = Timer.builder("tspipe.event.freshness").description("from an event's timestamp to its batch stored")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(10))
      .register(registry);
    registerLagGauge(registry);
  }

  /** One gauge per process, fed by every worker instance: the first instance to start registers it. */
  private static synchronized void registerLagGauge(MeterRegistry registry) {
    if (registry.find(LAG_GAUGE).gauge() == null) {
      Gauge.builder(LAG_GAUGE, NEWEST_STORED_MILLIS, newest -> newest.get() == 0 ? 0
          : Math.max(0, System.currentTimeMillis() - newest.get()) / 1000.0)
        .description("age of the newest event stored, among those not stamped ahead of their storing; grows while"
          + " nothing new is stored").register(registry);
    }
  }

  private Counter consumed(String type) {
    return Counter.builder("tspipe.worker.events.consumed").description("records read from Kafka, valid or not")
      .tag("type", type).register(registry);
  }

  void consumed(List<Classified> records) {
    Map<String, Integer> byTopic = new HashMap<>();
    for (Classified record : records) {
      byTopic.merge(record.position().topic(), 1, Integer::sum);
    }
    byTopic.forEach((topic, count) -> {
      Counter counter = consumedByTopic.get(topic);
      if (counter != null) {
        counter.increment(count);
      }
    });
  }

  void stored(Batch batch, long insertMs, long storedAtMillis) {
    batchRecords.record(batch.records());
    insertLatency.record(Duration.ofMillis(insertMs));
    int[] insertedByType = new int[EventType.values().length];
    long newest = 0;
    for (Classified.StagedEvent event : batch.events()) {
      insertedByType[event.type().ordinal()]++;
      // an event stamped ahead of its own storing says nothing of how late the pipeline is: left out, it can neither
      // hold the lag at zero nor count as instantly fresh
      long timestampMillis = event.timestampMillis();
      if (timestampMillis <= storedAtMillis) {
        newest = Math.max(newest, timestampMillis);
        freshness.record(storedAtMillis - timestampMillis, TimeUnit.MILLISECONDS);
      }
    }
    NEWEST_STORED_MILLIS.accumulateAndGet(newest, Math::max);
    for (EventType type : EventType.values()) {
      if (insertedByType[type.ordinal()] > 0) {
        inserted.get(type).increment(insertedByType[type.ordinal()]);
      }
    }
    for (Classified.Duplicate duplicate : batch.duplicates()) {
      duplicates.get(duplicate.event().type()).increment();
    }
    for (Classified.Reject reject : batch.rejects()) {
      String reason = reject.verdict().reason().code();
      String type = knownType(reject.verdict().eventType());
      rejected.computeIfAbsent(reason + '/' + type, key -> Counter.builder("tspipe.worker.events.rejected")
        .description("records refused, dead-lettered with their reason").tag("reason", reason).tag("type", type)
        .register(registry)).increment();
    }
  }

  private static String knownType(String type) {
    boolean known = type.equals(RecordClassifier.ATTACK_WINDOW_TYPE) || type.equals(RecordClassifier.ATTACK_ENTITY_TYPE)
      || EventType.fromWireName(type).isPresent();
    return known ? type : UNKNOWN_TYPE;
  }
}
