package io.tspipe.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tspipe.model.EventType;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's Prometheus meters, fed once per stored batch: events inserted and duplicates by type, rejects by
 * reason, batch sizes, insert latency, and freshness (event time to stored) as histograms.
 */
final class WorkerMeters {

  private final MeterRegistry registry;
  private final Map<EventType, Counter> inserted = new EnumMap<>(EventType.class);
  private final Map<EventType, Counter> duplicates = new EnumMap<>(EventType.class);
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final DistributionSummary batchRecords;
  private final Timer insertLatency;
  private final Timer freshness;

  WorkerMeters(MeterRegistry registry) {
    this.registry = registry;
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
  }

  void stored(Batch batch, long insertMs, long storedAtMillis) {
    batchRecords.record(batch.records());
    insertLatency.record(Duration.ofMillis(insertMs));
    for (Classified.NewEvent event : batch.events()) {
      inserted.get(event.event().type()).increment();
      freshness.record(Duration.ofMillis(Math.max(0, storedAtMillis - event.event().timestampMillis())));
    }
    for (Classified.Duplicate duplicate : batch.duplicates()) {
      duplicates.get(duplicate.event().type()).increment();
    }
    for (Classified.Reject reject : batch.rejects()) {
      rejected.computeIfAbsent(reject.verdict().reason().code(), reason -> Counter.builder("tspipe.worker.events.rejected")
        .description("records refused, dead-lettered with their reason").tag("reason", reason).register(registry))
        .increment();
    }
  }
}
