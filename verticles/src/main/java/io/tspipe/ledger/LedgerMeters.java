package io.tspipe.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * The ledger's Prometheus gauges, set from each reconciliation of the trailing window: lost and duplicated records per
 * partition, records per stage and unsettled records per topic, and when the last reconciliation succeeded. A
 * partition or topic once seen keeps its gauges, at 0 when the window holds nothing of it.
 */
final class LedgerMeters {

  private static final Map<String, ToLongFunction<Ledger.Counts>> STAGES = Map.of(
    "produced", Ledger.Counts::produced,
    "consumed", Ledger.Counts::consumed,
    "stored", Ledger.Counts::stored,
    "rejected", Ledger.Counts::rejected,
    "duplicates", Ledger.Counts::duplicates,
    "indexed", Ledger.Counts::indexed);

  private static final String LOST = "tspipe.ledger.lost.records";
  private static final String DUPLICATED = "tspipe.ledger.duplicated.records";
  private static final String RECORDS = "tspipe.ledger.records";
  private static final String UNSETTLED = "tspipe.ledger.unsettled.records";
  private static final Map<String, String> DESCRIPTIONS = Map.of(
    LOST, "offsets of settled ranges in none of the tables, over the trailing window",
    DUPLICATED, "rows of settled ranges beyond one per offset, over the trailing window",
    RECORDS, "records of the trailing window, by stage",
    UNSETTLED, "records of ranges still pending or behind, over the trailing window");

  /** One gauge: its name and its labels. */
  private record Gauged(String name, Tags tags) {
  }

  private final MeterRegistry registry;
  private final Map<Gauged, AtomicLong> values = new ConcurrentHashMap<>();
  private final AtomicLong lastCheckSeconds = new AtomicLong();

  LedgerMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("tspipe.ledger.last.check.seconds", lastCheckSeconds, AtomicLong::get)
      .description("unix time of the ledger's last successful reconciliation").register(registry);
  }

  /** Sets every gauge from {@code report}: a scrape meanwhile sees the previous reconciliation or this one. */
  void update(Ledger.Report report, long checkedAtSeconds) {
    Map<Gauged, Long> next = new HashMap<>();
    for (Ledger.Sum<Ledger.Partition> partition : report.partitions()) {
      Tags tags = Tags.of("topic", partition.key().topic(), "partition", Integer.toString(partition.key().partition()));
      next.merge(new Gauged(LOST, tags), partition.counts().lost(), Long::sum);
      next.merge(new Gauged(DUPLICATED, tags), partition.counts().duplicated(), Long::sum);
      Tags topic = Tags.of("topic", partition.key().topic());
      STAGES.forEach((stage, count) -> next.merge(new Gauged(RECORDS, topic.and("stage", stage)),
        count.applyAsLong(partition.counts()), Long::sum));
      next.merge(new Gauged(UNSETTLED, topic), partition.counts().unsettled(), Long::sum);
    }
    next.keySet().forEach(gauged -> values.computeIfAbsent(gauged, this::register));
    values.forEach((gauged, value) -> value.set(next.getOrDefault(gauged, 0L)));
    lastCheckSeconds.set(checkedAtSeconds);
  }

  private AtomicLong register(Gauged gauged) {
    AtomicLong holder = new AtomicLong();
    Gauge.builder(gauged.name(), holder, AtomicLong::get).description(DESCRIPTIONS.get(gauged.name()))
      .tags(gauged.tags()).register(registry);
    return holder;
  }
}
