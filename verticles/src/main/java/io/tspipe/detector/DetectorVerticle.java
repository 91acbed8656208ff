package io.tspipe.detector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.detection.Detection;
import io.tspipe.detection.EntityKind;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.metrics.Metrics;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.RowBinary;
import io.tspipe.store.DetectionsTable;
import io.tspipe.store.DetectorProgressTable;
import io.tspipe.store.LabelsTable;
import io.tspipe.store.RollupTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The detector role: every rule of {@code detector.rulesDir}, compiled to a ClickHouse query ({@link RuleQuery}), is
 * evaluated on a grid of event-time ticks up to the newest stored event less the lateness, so late data delays a
 * detection and never resolves one, and a future-stamped event holds nothing open. The detections each tick opens,
 * updates or resolves ({@link DetectionTracker}) are written to the {@code detections} table and topic, with the labels
 * live rules set, and only then the rule's progress (once per turn), which a restarted detector resumes from, with the
 * detections it left open. Each rule catches up at its own pace, {@code detector.concurrency} of them at once, so a
 * rule over a long window delays no other. Rules are reloaded while running; a rule that does not load or fails to
 * evaluate stops no other.
 */
public final class DetectorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DetectorVerticle.class);

  private final DetectorSettings settings;
  private final KafkaSettings kafka;
  private final ClickHouseSettings clickHouseSettings;
  private ClickHouseClient clickHouse;
  private KafkaProducer<String, String> producer;
  private long timer;
  private boolean polling;
  private boolean resumed;
  /** The newest tick the rules catch up to, set at every poll. */
  private Instant latest;
  /**
   * The names of the rules waiting for a turn, and of those waiting or being evaluated (a rule is queued once); a rule
   * is looked up when its turn comes, so one reloaded meanwhile runs as it now is.
   */
  private final Deque<String> queued = new ArrayDeque<>();
  private final Set<String> busy = new HashSet<>();
  /** Rules whose evaluation failed part way: their state is read back from ClickHouse before they go on. */
  private final Set<String> stale = new HashSet<>();
  private int running;
  private volatile List<Rule> rules = List.of();
  /** Each loaded rule's query, compiled once when the rules are loaded. */
  private Map<String, RuleQuery.Compiled> queries = Map.of();
  private volatile int brokenRules;
  private String ruleFingerprint = "";
  private long reloadedAt;
  private final Map<String, DetectionTracker> trackers = new HashMap<>();
  private final Map<String, Instant> progress = new HashMap<>();
  private final Map<String, Long> failingSince = new HashMap<>();
  /** When a rule that failed is tried again: once a tick, not at every poll. */
  private final Map<String, Long> retryAt = new HashMap<>();

  public DetectorVerticle(DetectorSettings settings, KafkaSettings kafka, ClickHouseSettings clickHouseSettings) {
    this.settings = settings;
    this.kafka = kafka;
    this.clickHouseSettings = clickHouseSettings;
  }

  @Override
  public Future<?> start() {
    clickHouse = new ClickHouseClient(vertx, clickHouseSettings, settings.querySettings());
    producer = KafkaProducer.create(vertx, Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
      ProducerConfig.CLIENT_ID_CONFIG, "tspipe-detector",
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"), String.class, String.class);
    registerMeters();
    return KafkaTopics.ensure(vertx, kafka)
      .compose(topics -> reloadRules())
      .onSuccess(loaded -> {
        timer = vertx.setPeriodic(pollMillis(), id -> poll());
        LOG.info("Detector evaluating {} rules from {} every {} ms of event time, {} ms behind the newest stored event, "
          + "{} at once, querying with {}", rules.size(), settings.rulesDir().toAbsolutePath(), settings.tick().toMillis(),
          settings.lateness().toMillis(), settings.concurrency(),
          settings.querySettings().isEmpty() ? "the server's defaults" : settings.querySettings());
      });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.join(producer.close(), clickHouse.close());
  }

  private void registerMeters() {
    MeterRegistry registry = Metrics.registry();
    Gauge.builder("tspipe.detector.rules", this, detector -> detector.rules.size())
      .description("rules loaded and evaluated").register(registry);
    Gauge.builder("tspipe.detector.rules.broken", this, detector -> detector.brokenRules)
      .description("rules left out because they do not load").register(registry);
  }

  /** The rule files as read, and the fingerprint of the folder they were read from. */
  private record Reload(String fingerprint, RuleLoader.Loaded loaded) {
  }

  /** Reads the rule files again when any changed; the rules that load replace the old ones. */
  private Future<Void> reloadRules() {
    reloadedAt = System.nanoTime();
    return vertx.executeBlocking(() -> {
      String fingerprint = RuleFiles.fingerprint(settings.rulesDir());
      return fingerprint.equals(ruleFingerprint) ? null
        : new Reload(fingerprint, RuleLoader.loadFolder(settings.rulesDir(), clickHouse.database()));
    }).map(result -> {
      if (result != null) {
        ruleFingerprint = result.fingerprint();
        RuleLoader.Loaded loaded = result.loaded();
        loaded.errors().forEach(error -> LOG.error("Rule not loaded: {}", error.getMessage()));
        brokenRules = loaded.errors().size();
        rules = loaded.rules();
        Map<String, RuleQuery.Compiled> compiled = new HashMap<>();
        rules.forEach(rule -> compiled.put(rule.name(), RuleQuery.compile(rule, clickHouse.database())));
        queries = compiled;
        for (Rule rule : rules) {
          trackers.computeIfAbsent(rule.name(), name -> new DetectionTracker(settings.updateInterval()));
          Gauge.builder("tspipe.detector.rule.step.seconds", this, detector -> detector.stepSeconds(rule.name()))
            .description("event time between two evaluations of a rule (its every, in whole ticks)")
            .tag("rule", rule.name()).register(Metrics.registry());
        }
        LOG.info("Rules loaded: {} ({}), {} left out", rules.size(),
          String.join(", ", rules.stream().map(rule -> rule.name() + "@" + rule.version()).toList()), brokenRules);
      }
      return null;
    });
  }

  /** The step of the loaded rule named {@code name}, in seconds; NaN once it is no longer loaded. */
  private double stepSeconds(String name) {
    return rules.stream().filter(rule -> rule.name().equals(name)).findFirst()
      .map(rule -> rule.stepMillis(settings.tick()) / 1000.0).orElse(Double.NaN);
  }

  /**
   * How often the watermark is read: a quarter of a tick, so a tick is evaluated soon after the events it needs are
   * stored rather than up to a whole tick later.
   */
  private long pollMillis() {
    return Math.max(50, settings.tick().toMillis() / 4);
  }

  /**
   * Every poll: the rules read again when due, the watermark, then each rule not already being evaluated is queued to
   * catch up to it. Up to {@code concurrency} rules are evaluated at once, each at its own pace.
   */
  private void poll() {
    if (polling) {
      return;
    }
    polling = true;
    Future<Void> reload = System.nanoTime() - reloadedAt >= settings.reloadInterval().toNanos()
      ? reloadRules().recover(failure -> {
        LOG.warn("Could not read the rules folder: {}", failure.getMessage());
        return Future.succeededFuture();
      })
      : Future.succeededFuture();
    reload
      .compose(loaded -> resumed ? Future.succeededFuture() : resume())
      .compose(ready -> watermark())
      .onSuccess(this::queueRules)
      .onFailure(failure -> LOG.warn("Detection poll failed (retried at the next): {}", failure.getMessage()))
      .onComplete(done -> polling = false);
  }

  private void queueRules(Instant watermark) {
    if (watermark == null) {
      return;
    }
    latest = TickPlan.floor(watermark, settings.tick().toMillis());
    for (Rule rule : rules) {
      Instant done = progress.get(rule.name());
      boolean due = done == null || done.isBefore(TickPlan.floor(latest, rule.stepMillis(settings.tick())))
        || stale.contains(rule.name());
      if (due && System.currentTimeMillis() >= retryAt.getOrDefault(rule.name(), 0L) && busy.add(rule.name())) {
        queued.addLast(rule.name());
      }
    }
    dispatch();
  }

  private void dispatch() {
    while (running < settings.concurrency() && !queued.isEmpty()) {
      String name = queued.pollFirst();
      Rule rule = rules.stream().filter(loaded -> loaded.name().equals(name)).findFirst().orElse(null);
      RuleQuery.Compiled query = queries.get(name);
      if (rule == null || query == null) {
        busy.remove(name);
        continue;
      }
      running++;
      (stale.contains(name) ? resume(rule) : Future.<Void>succeededFuture())
        .compose(ready -> evaluateRule(rule, query, latest))
        .onFailure(failure -> {
          stale.add(name);
          failed(rule, failure);
        })
        .onComplete(done -> {
          running--;
          busy.remove(name);
          dispatch();
        });
    }
  }

  /** The detections left open and how far each rule got, from ClickHouse: a restart goes on where it stopped. */
  private Future<Void> resume() {
    return resumeWhere("1", Map.of()).onSuccess(done -> {
      resumed = true;
      LOG.info("Detector resumed: {} open detections, progress of {} rules",
        trackers.values().stream().mapToInt(tracker -> tracker.open().size()).sum(), progress.size());
    });
  }

  /**
   * One rule's open detections and progress read again after its evaluation failed part way, so what it holds is what
   * was recorded: the ticks since are evaluated again under the same deduplication tokens.
   */
  private Future<Void> resume(Rule rule) {
    trackers.put(rule.name(), new DetectionTracker(settings.updateInterval()));
    progress.remove(rule.name());
    return resumeWhere("rule = {rule:String}", Map.of("rule", rule.name()))
      .onSuccess(done -> stale.remove(rule.name()));
  }

  private Future<Void> resumeWhere(String condition, Map<String, String> parameters) {
    String db = clickHouse.database();
    Future<List<JsonObject>> open = clickHouse.select("SELECT toString(detection_id) AS id, rule, rule_version, mode, "
      + "severity, entity_kind, entity, window_seconds, toUnixTimestamp64Milli(first_seen) AS first_ms, "
      + "toUnixTimestamp64Milli(last_seen) AS last_ms, toUnixTimestamp64Milli(opened_at) AS opened_ms, "
      + "toUnixTimestamp64Milli(updated_at) AS updated_ms, toUnixTimestamp64Milli(detected_at) AS detected_ms, evidence "
      + "FROM " + DetectionsTable.in(db) + " FINAL "
      + "WHERE state = 'open' AND " + condition, parameters);
    Future<List<JsonObject>> ticks = clickHouse.select("SELECT rule, toUnixTimestamp64Milli(max(tick)) AS tick_ms FROM "
      + DetectorProgressTable.in(db) + " WHERE " + condition + " GROUP BY rule", parameters);
    return Future.all(open, ticks).map(done -> {
      for (JsonObject row : open.result()) {
        Detection detection = new Detection(java.util.UUID.fromString(row.getString("id")), row.getString("rule"),
          row.getString("rule_version"), Detection.Mode.valueOf(row.getString("mode").toUpperCase(java.util.Locale.ROOT)),
          row.getString("severity"), EntityKind.fromWireName(row.getString("entity_kind")).orElse(EntityKind.STREAM),
          row.getString("entity"), Detection.State.OPEN, StoredValues.longOf(row, "window_seconds"),
          Instant.ofEpochMilli(StoredValues.longOf(row, "first_ms")), Instant.ofEpochMilli(StoredValues.longOf(row, "last_ms")),
          Instant.ofEpochMilli(StoredValues.longOf(row, "opened_ms")),
          Instant.ofEpochMilli(StoredValues.longOf(row, "updated_ms")), null,
          Instant.ofEpochMilli(StoredValues.longOf(row, "detected_ms")), new JsonObject(row.getString("evidence")));
        trackers.computeIfAbsent(detection.rule(), name -> new DetectionTracker(settings.updateInterval()))
          .resume(detection);
      }
      for (JsonObject row : ticks.result()) {
        progress.put(row.getString("rule"), Instant.ofEpochMilli(StoredValues.longOf(row, "tick_ms")));
      }
      return null;
    });
  }

  /** The newest stored event no later than now, less the lateness; null while nothing is stored. */
  private Future<Instant> watermark() {
    return clickHouse.select("SELECT toUnixTimestamp64Milli(least(max(last_event_at), now64(3))) AS newest FROM "
        + RollupTable.EVENTS_MINUTE.in(clickHouse.database())
        + " WHERE minute >= now() - INTERVAL 1 DAY AND minute <= now()", Map.of())
      .map(rows -> {
        if (rows.isEmpty() || rows.get(0).getValue("newest") == null) {
          return null;
        }
        long newest = StoredValues.longOf(rows.get(0), "newest");
        return newest <= 0 ? null : Instant.ofEpochMilli(newest).minus(settings.lateness());
      });
  }

  /**
   * The rule's ticks (on the grid of its own step, {@link Rule#stepMillis}) from the one after its progress up to
   * {@code newest}, one after another, then its progress. A rule far behind evaluates {@code ticksPerTurn} of them
   * spread over the backlog ({@link TickPlan}), so it catches up; the ticks it passes over are counted in
   * {@code tspipe_detector_ticks_skipped_total}.
   */
  private Future<Void> evaluateRule(Rule rule, RuleQuery.Compiled query, Instant newest) {
    long step = rule.stepMillis(settings.tick());
    Instant upTo = TickPlan.floor(newest, step);
    Instant done = progress.get(rule.name());
    Instant first = done == null ? upTo : TickPlan.floor(done, step).plusMillis(step);
    Instant oldest = upTo.minusMillis(step * (settings.maxCatchUpTicks() - 1));
    if (first.isBefore(oldest)) {
      LOG.warn("Rule {} is {} ticks behind; skipping to the last {}", rule.name(),
        Duration.between(first, upTo).toMillis() / step, settings.maxCatchUpTicks());
      first = oldest;
    }
    List<Instant> ticks = TickPlan.ticks(first, upTo, step, settings.ticksPerTurn());
    long due = TickPlan.due(first, upTo, step);
    if (due > ticks.size()) {
      counter("tspipe.detector.ticks.skipped", "ticks a rule passed over to catch up", rule).increment(due - ticks.size());
    }
    Future<Void> chain = Future.succeededFuture();
    for (Instant tick : ticks) {
      chain = chain.compose(previous -> evaluate(rule, query, tick));
    }
    return chain.eventually(() -> saveProgress(rule, done));
  }

  /**
   * Writes how far the rule got, once per turn rather than per tick: a restart re-evaluates the ticks since, and
   * writes the same rows again under the same deduplication tokens.
   */
  private Future<Void> saveProgress(Rule rule, Instant before) {
    Instant reached = progress.get(rule.name());
    if (reached == null || reached.equals(before)) {
      return Future.succeededFuture();
    }
    RowBinary row = DetectorProgressTable.append(new RowBinary(128), rule.name(), rule.version(), reached,
      rule.mode().wireName(), rule.entity().wireName(), rule.replaces() == null ? "" : rule.replaces());
    return clickHouse.insertRowBinary(DetectorProgressTable.NAME, DetectorProgressTable.COLUMNS, row.buffer(),
      rule.name() + "@" + rule.version() + "@" + reached.toEpochMilli());
  }

  /** One tick of one rule: query, track, record the changes, then the progress. */
  private Future<Void> evaluate(Rule rule, RuleQuery.Compiled query, Instant tick) {
    long started = System.nanoTime();
    return clickHouse.select(query.sql(), RuleQuery.parameters(rule, tick))
      .map(query::matches)
      .compose(matches -> {
        Timer.builder("tspipe.detector.evaluation.seconds").description("time to evaluate one tick of a rule")
          .tag("rule", rule.name()).register(Metrics.registry()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        counter("tspipe.detector.evaluations", "rule evaluations", rule).increment();
        List<Detection> changes = trackers.get(rule.name()).evaluate(rule, tick, matches,
          Instant.ofEpochMilli(System.currentTimeMillis()));
        return record(rule, tick, changes);
      })
      .onSuccess(recorded -> {
        progress.put(rule.name(), tick);
        failingSince.remove(rule.name());
        retryAt.remove(rule.name());
      });
  }

  private Future<Void> record(Rule rule, Instant tick, List<Detection> changes) {
    String token = rule.name() + "@" + rule.version() + "@" + tick.toEpochMilli();
    long recordedAt = System.currentTimeMillis();
    Future<Void> written = changes.isEmpty() ? Future.succeededFuture()
      : clickHouse.insertRowBinary(DetectionsTable.NAME, DetectionsTable.COLUMNS,
      RowBinary.rows(changes, 256, (row, change) -> DetectionsTable.append(row, change, recordedAt)), token);
    List<Detection> opened = changes.stream().filter(change -> change.state() == Detection.State.OPEN
      && change.openedAt().equals(tick)).toList();
    if (rule.live() && rule.label() != null && !opened.isEmpty()) {
      written = written.compose(done -> clickHouse.insertRowBinary(LabelsTable.NAME, LabelsTable.COLUMNS,
        RowBinary.rows(opened, 128, (row, detection) -> label(row, detection, rule)), token));
    }
    return written
      .compose(done -> Future.all(changes.stream().map(change -> producer.send(KafkaProducerRecord.create(
        kafka.detectionsTopic(), change.key(), change.toJson().encode()))).toList()))
      .<Void>mapEmpty()
      .onSuccess(done -> changes.forEach(change -> {
        if (change.updatedAt().equals(change.openedAt())) {
          counter("tspipe.detector.detections", "detections opened", rule).increment();
          LOG.info("Detection {} opened: {} {} ({})", change.rule(), change.kind().wireName(), change.entity(),
            change.evidence().getJsonObject("features").encode());
        } else if (change.state() == Detection.State.RESOLVED) {
          LOG.info("Detection {} resolved: {} {}", change.rule(), change.kind().wireName(), change.entity());
        }
      }));
  }

  /** The label a live detection's rule sets on its entity, from the tick that opened it. */
  private static RowBinary label(RowBinary row, Detection detection, Rule rule) {
    Instant from = detection.openedAt();
    return LabelsTable.append(row, detection.kind().wireName(), detection.entity(), rule.label().name(),
      rule.label().connotation(),
      rule.name() + ": " + rule.description() + " " + detection.evidence().getJsonObject("features").encode(),
      "rule:" + rule.name(), from.plus(rule.label().expiresAfter()), false, from,
      "rule:" + rule.name() + "@" + rule.version());
  }

  private void failed(Rule rule, Throwable failure) {
    counter("tspipe.detector.rule.failures", "rule evaluations that failed", rule).increment();
    retryAt.put(rule.name(), System.currentTimeMillis() + settings.tick().toMillis());
    Long since = failingSince.putIfAbsent(rule.name(), System.currentTimeMillis());
    if (since == null) {
      LOG.error("Rule {} failed to evaluate (retried every tick): {}", rule.name(), failure.getMessage());
    }
  }

  private static Counter counter(String name, String description, Rule rule) {
    return Counter.builder(name).description(description).tag("rule", rule.name()).register(Metrics.registry());
  }
}
