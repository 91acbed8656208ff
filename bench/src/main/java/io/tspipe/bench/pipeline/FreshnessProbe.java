package io.tspipe.bench.pipeline;

import io.tspipe.bench.pipeline.FreshnessProbeLedger.Pending;
import io.tspipe.bench.pipeline.FreshnessProbeLedger.Store;
import io.tspipe.bench.pipeline.ProbeEvents.Probe;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventType;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Measures the end-to-end freshness of the running pipeline, exactly and per event: it produces probe events
 * ({@link ProbeEvents}) into the real {@code api_request} topic at a fixed rate, alongside whatever load the
 * generator makes, and polls ClickHouse and Meilisearch until each probe shows up in each.
 *
 * <p><b>Produced</b> is the probe's {@code timestamp}, read just before {@code send()}, as the generator stamps its
 * events: the probe's own produce time (serialization, the trip to the broker, {@code acks=all}; {@code linger.ms=0}
 * so nothing waits for a batch) counts as pipeline delay, as it does for generated events, and is reported apart as
 * {@link FreshnessProbeResult#produceAck()}. <b>Visible</b> is the start of the first poll that found the probe:
 * one ClickHouse query of the events table for every outstanding probe by id, and one Meilisearch search for every
 * outstanding probe by user id, each repeated every {@link FreshnessProbeSettings#pollInterval()} (or as soon as the
 * previous poll answered, when it took longer). Both instants are read from the same monotonic clock of this process,
 * so no clock skew enters; the true moment of visibility lies within one poll period before the figure. A probe not
 * found within {@link FreshnessProbeSettings#timeout()} is lost.
 *
 * <p>Use it from a thread that may block (never an event loop): {@link #start} answers once the probe runs,
 * {@link #stop()} answers the result; {@link #run} does both around a duration. The Kafka producer runs on a thread
 * of its own; the polls on one Vert.x event loop of the given instance, which the caller keeps and closes.
 */
public final class FreshnessProbe {

  private static final Duration SETTLE_GRACE = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final long SETTLE_CHECK_MS = 25;

  private final Vertx vertx;
  private final FreshnessProbeSettings settings;
  private final FreshnessProbeLedger ledger;
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final ScheduledExecutorService sender;
  private final String pollerDeployment;
  private final long sendingFromNanos;
  private volatile long lastSentNanos;
  private long sendingStoppedNanos;

  private FreshnessProbe(Vertx vertx, FreshnessProbeSettings settings, KafkaSettings kafka, ClickHouseSettings clickHouse,
                         SearchSettings search, PrintStream progress) {
    this.vertx = vertx;
    this.settings = settings;
    this.ledger = new FreshnessProbeLedger(settings.timeout());
    this.topic = kafka.topicOf(EventType.API_REQUEST);
    this.producer = connectedProducer(kafka, topic);
    try {
      this.pollerDeployment = vertx.deployVerticle(new Poller(settings, ledger, clickHouse, search, progress,
        System.nanoTime())).await();
    } catch (RuntimeException unavailable) {
      producer.close(CLOSE_TIMEOUT);
      throw unavailable;
    }
    this.sender = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "freshness-probe-sender");
      thread.setDaemon(true);
      return thread;
    });
    this.sendingFromNanos = System.nanoTime();
    sender.scheduleAtFixedRate(this::sendProbe, 0, TimeUnit.SECONDS.toNanos(1) / settings.ratePerSecond(),
      TimeUnit.NANOSECONDS);
  }

  /**
   * Starts probing: fetches the topic's metadata and runs each store's poll once (for no probe), so a wrong address,
   * key or database fails here, then produces probes and polls. Search uses {@code search.searchKey()}, or the master key when no search key is set. Blocks.
   *
   * @param progress where a progress line goes every {@link FreshnessProbeSettings#progressInterval()}
   * @throws IllegalStateException when called on an event loop
   * @throws RuntimeException      when an engine does not answer
   */
  public static FreshnessProbe start(Vertx vertx, FreshnessProbeSettings settings, KafkaSettings kafka,
                                     ClickHouseSettings clickHouse, SearchSettings search, PrintStream progress) {
    Blocking.refuseEventLoop("the freshness probe");
    return new FreshnessProbe(vertx, settings, kafka, clickHouse, search, progress);
  }

  /** {@link #start}, then {@link #stop()} after {@code duration}. Blocks for the duration and the settling. */
  public static FreshnessProbeResult run(Duration duration, Vertx vertx, FreshnessProbeSettings settings,
                                         KafkaSettings kafka, ClickHouseSettings clickHouse, SearchSettings search,
                                         PrintStream progress) throws InterruptedException {
    FreshnessProbe probe = start(vertx, settings, kafka, clickHouse, search, progress);
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException interrupted) {
      probe.stop();
      throw interrupted;
    }
    return probe.stop();
  }

  /**
   * Stops producing probes, waits until every probe sent is found or lost in both stores (at most the timeout, plus
   * a few seconds should a store stop answering), and answers the figures. Blocks.
   *
   * @throws IllegalStateException when called on an event loop
   */
  public FreshnessProbeResult stop() throws InterruptedException {
    Blocking.refuseEventLoop("the freshness probe");
    if (!sender.isShutdown()) {
      sender.shutdown();
      sender.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      sendingStoppedNanos = System.nanoTime();
      try {
        producer.flush();
        awaitSettled();
      } finally {
        producer.close(CLOSE_TIMEOUT);
        vertx.undeploy(pollerDeployment).await();
      }
    }
    return result();
  }

  /**
   * Stops at once, for a run cut short: no more probes, the outstanding ones lost, the producer and the polls closed
   * without waiting for the broker or the stores. Harmless once stopped.
   *
   * @throws IllegalStateException when called on an event loop
   */
  public void abandon() {
    Blocking.refuseEventLoop("the freshness probe");
    if (!sender.isShutdown()) {
      sender.shutdownNow();
      sendingStoppedNanos = System.nanoTime();
      ledger.abandonOutstanding();
      producer.close(Duration.ZERO);
      vertx.undeploy(pollerDeployment).await();
    }
  }

  /** Where each store stands now, to read {@link #between} from or to. */
  public FreshnessProbeLedger.Mark mark() {
    return ledger.mark();
  }

  /**
   * What {@code store} showed from {@code from} to {@code to}, a later mark: the freshness of the probes it showed in
   * between and how many it lost.
   */
  public FreshnessProbeLedger.Interval between(Store store, FreshnessProbeLedger.Mark from,
                                               FreshnessProbeLedger.Mark to) {
    return ledger.between(store, from, to);
  }

  private FreshnessProbeResult result() {
    return ledger.result((sendingStoppedNanos - sendingFromNanos) / 1e9, settings);
  }

  private void awaitSettled() throws InterruptedException {
    long deadline = lastSentNanos + settings.timeout().toNanos() + SETTLE_GRACE.toNanos();
    while (!ledger.settled() && System.nanoTime() < deadline) {
      Thread.sleep(SETTLE_CHECK_MS);
    }
    ledger.abandonOutstanding();
  }

  private void sendProbe() {
    Probe probe = ProbeEvents.stampedNow();
    lastSentNanos = probe.stampedNanos();
    ledger.sent(probe);
    try {
      producer.send(new ProducerRecord<>(topic, probe.key(), probe.value()), (metadata, failure) -> {
        if (failure == null) {
          ledger.acknowledged(probe, System.nanoTime());
        } else {
          ledger.sendFailed(probe);
        }
      });
    } catch (RuntimeException refused) {
      ledger.sendFailed(probe);
    }
  }

  /** A producer that has fetched the topic's metadata, so the first probe does not wait for it. */
  private static KafkaProducer<String, String> connectedProducer(KafkaSettings kafka, String topic) {
    KafkaProducer<String, String> created = new KafkaProducer<>(Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
      ProducerConfig.CLIENT_ID_CONFIG, "tspipe-bench-freshness-probe",
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      ProducerConfig.LINGER_MS_CONFIG, "0",
      ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000"), new StringSerializer(), new StringSerializer());
    try {
      created.partitionsFor(topic);
      return created;
    } catch (RuntimeException unreachable) {
      created.close(CLOSE_TIMEOUT);
      throw unreachable;
    }
  }


  /** Polls each store in turn with its outstanding probes, records what it finds, and prints progress. */
  private static final class Poller extends VerticleBase {

    private final FreshnessProbeSettings settings;
    private final FreshnessProbeLedger ledger;
    private final ClickHouseSettings clickHouseSettings;
    private final SearchSettings searchSettings;
    private final PrintStream progress;
    private final long startedNanos;
    private ClickHouseClient clickHouse;
    private MeilisearchClient meilisearch;
    private String visibleProbes;
    private boolean running;
    private long progressTimer;

    Poller(FreshnessProbeSettings settings, FreshnessProbeLedger ledger, ClickHouseSettings clickHouse,
           SearchSettings search, PrintStream progress, long startedNanos) {
      this.settings = settings;
      this.ledger = ledger;
      this.clickHouseSettings = clickHouse;
      this.searchSettings = search;
      this.progress = progress;
      this.startedNanos = startedNanos;
    }

    @Override
    public Future<?> start() {
      clickHouse = ClickHouseClient.readOnly(vertx, clickHouseSettings);
      String key = searchSettings.searchKey().isBlank() ? searchSettings.masterKey() : searchSettings.searchKey();
      meilisearch = new MeilisearchClient(vertx, searchSettings, key);
      // the alias must not be "id": ClickHouse would read the WHERE clause's id as the String alias, not the UUID column
      visibleProbes = "SELECT toString(id) AS probe_id FROM " + clickHouse.database() + ".events "
        + "WHERE type = {type:String} AND timestamp >= {from:DateTime64(3, 'UTC')} AND id IN {ids:Array(UUID)}";
      Pending nothing = new Pending(List.of(new UUID(0, 0).toString()), System.currentTimeMillis());
      return Future.all(inClickHouse(nothing), inSearch(nothing))
        .onSuccess(ready -> startPolling())
        .onFailure(unavailable -> Future.join(clickHouse.close(), meilisearch.close()));
    }

    private void startPolling() {
      running = true;
      for (Store store : Store.values()) {
        schedulePoll(store, 0);
      }
      progressTimer = vertx.setPeriodic(settings.progressInterval().toMillis(), tick ->
        progress.println(ledger.progressLine((System.nanoTime() - startedNanos) / 1e9)));
    }

    private void schedulePoll(Store store, long delayMs) {
      if (running) {
        vertx.setTimer(Math.max(1, delayMs), timer -> poll(store));
      }
    }

    private void poll(Store store) {
      Pending pending = ledger.pending(store).orElse(null);
      if (pending == null) {
        schedulePoll(store, settings.pollInterval().toMillis());
        return;
      }
      long startNanos = System.nanoTime();
      query(store, pending).onComplete((values, failure) -> {
        long roundTrip = System.nanoTime() - startNanos;
        if (failure == null) {
          ledger.found(store, values, startNanos);
        }
        ledger.polled(store, roundTrip, failure != null);
        ledger.expire(store, startNanos);
        schedulePoll(store, settings.pollInterval().toMillis() - TimeUnit.NANOSECONDS.toMillis(roundTrip));
      });
    }

    private Future<List<String>> query(Store store, Pending pending) {
      return store == Store.CLICKHOUSE ? inClickHouse(pending) : inSearch(pending);
    }

    private Future<List<String>> inClickHouse(Pending pending) {
      String ids = pending.values().stream().map(id -> "'" + id + "'").collect(Collectors.joining(",", "[", "]"));
      Map<String, String> parameters = Map.of(
        "type", EventType.API_REQUEST.wireName(),
        "from", ClickHouseClient.dateTime64(Instant.ofEpochMilli(pending.oldestTimestampMillis())),
        "ids", ids);
      return clickHouse.select(visibleProbes, parameters)
        .map(rows -> rows.stream().map(row -> row.getString("probe_id")).toList());
    }

    private Future<List<String>> inSearch(Pending pending) {
      String userIds = pending.values().stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", "));
      JsonObject search = new JsonObject()
        .put("q", "")
        .put("filter", "userId IN [" + userIds + "]")
        .put("limit", pending.values().size())
        .put("attributesToRetrieve", new JsonArray().add("userId"));
      return meilisearch.search(search)
        .map(answer -> answer.getJsonArray("hits").stream()
          .map(hit -> ((JsonObject) hit).getString("userId"))
          .toList());
    }

    @Override
    public Future<?> stop() {
      running = false;
      vertx.cancelTimer(progressTimer);
      return Future.join(clickHouse.close(), meilisearch.close());
    }
  }
}
