package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.bench.LatencyStats;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseSchema;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The peers phase of {@link PipelineBench}: ClickHouse's own Kafka table engine beside our worker, in one run, on the
 * same topics. A scratch database gets the production schema, so the same rollups fire, and a Kafka engine table
 * reading the event topics as whole JSON documents ({@code JSONAsString}) with a materialized view mapping each
 * field to its column of {@code events}, with the engine's default flush settings. The engine does less than the
 * worker: it neither validates, nor recognises duplicates, nor dead-letters, nor adds what is known of the source
 * address; a record it cannot read is left out ({@code kafka_handle_error_mode = 'stream'}).
 *
 * <p>Both consume what the generator produces at {@code --detection-rate} for {@code --seconds}, after
 * {@code --warmup}. Each is measured the same way, from outside: the rows it stored per second, and every
 * {@value #SAMPLE_MS} ms how old the newest event a query sees is (produced → queryable).
 */
final class PeerPhase {

  static final String STREAM = "peer";
  private static final String DATABASE = BenchRun.DATABASE + "_peer";
  private static final String GROUP = "tspipe-bench-kafka-engine";
  private static final long SAMPLE_MS = 250;
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

  private PeerPhase() {
  }

  static void run(BenchRun run) throws Exception {
    HarnessOptions options = run.options();
    int rate = options.detectionRate();
    run.phase("peers", "ClickHouse's Kafka table engine beside the worker on the same topics, the generator at %,d"
      + " events/s: %d s warm-up, %d s measured", rate, options.warmup(), options.seconds());
    List<String> topics = run.kafkaSettings(STREAM).eventTopicNames();
    ClickHouseSettings settings = run.clickHouseSettings(DATABASE);
    ClickHouseClient scratch = new ClickHouseClient(run.vertx(), settings);
    try {
      Blocking.await(scratch.execute("DROP DATABASE IF EXISTS " + DATABASE), STEP_TIMEOUT, "dropping " + DATABASE);
      Blocking.await(new ClickHouseSchema(scratch, settings.retentionDays()).apply(), STEP_TIMEOUT,
        "applying the schema to " + DATABASE);
      RoleProcess worker = run.startRole("worker-peer", "worker", STREAM, Map.of());
      RoleProcess generator = run.startRole("generator-peer", "generator", STREAM, BenchRun.generatorRate(rate));
      Blocking.await(scratch.execute(kafkaTable(run, topics)), STEP_TIMEOUT, "creating the Kafka engine table");
      Blocking.await(scratch.execute(mapping()), STEP_TIMEOUT, "creating the Kafka engine's view");
      Waits.watch(run, "warm-up", options.warmup());
      Store ours = new Store("the worker", BenchRun.DATABASE + ".events", topics);
      Store peer = new Store("the Kafka table engine", DATABASE + ".events", topics);
      measure(run, List.of(ours, peer), options.seconds());
      run.stop(generator);
      run.stop(worker);
      JsonObject figures = new JsonObject().put("offeredPerSecond", rate)
        .put("ours", ours.json()).put("kafkaEngine", peer.json().put("settings", "JSONAsString, default flush"
          + " settings, kafka_handle_error_mode = 'stream'"));
      run.results().put("peers", figures);
      for (Store store : List.of(ours, peer)) {
        run.say("peers: %s stored %,.0f events/s; produced -> queryable p50 %,.0f, p99 %,.0f ms", store.name,
          store.perSecond(), store.lag().p50(), store.lag().p99());
      }
    } finally {
      Blocking.await(scratch.execute("DROP DATABASE IF EXISTS " + DATABASE), STEP_TIMEOUT, "dropping " + DATABASE);
      scratch.close();
    }
  }

  private static String kafkaTable(BenchRun run, List<String> topics) {
    return "CREATE TABLE " + DATABASE + ".kafka_events (raw String) ENGINE = Kafka SETTINGS kafka_broker_list = '"
      + run.engines().kafkaBootstrap() + "', kafka_topic_list = '" + String.join(",", topics)
      + "', kafka_group_name = '" + GROUP + "', kafka_format = 'JSONAsString', kafka_handle_error_mode = 'stream'";
  }

  /** Each field of an event, as the schemas name it, to its column; what it cannot read stays the column's default. */
  private static String mapping() {
    return "CREATE MATERIALIZED VIEW " + DATABASE + ".kafka_events_to_events TO " + DATABASE + ".events AS SELECT "
      + "now64(3) AS ingested_at, toUUIDOrZero(JSONExtractString(raw, 'id')) AS id, "
      + "JSONExtractString(raw, 'type') AS type, toUInt16(JSONExtractUInt(raw, 'schemaVersion')) AS schema_version, "
      + "parseDateTime64BestEffortOrZero(JSONExtractString(raw, 'timestamp'), 3, 'UTC') AS timestamp, "
      + "JSONExtractString(raw, 'sourceIp') AS source_ip, toUUIDOrZero(JSONExtractString(raw, 'userId')) AS user_id, "
      + "JSONExtractString(raw, 'userAgent') AS user_agent, JSONExtractString(raw, 'action') AS action, "
      + "JSONExtract(raw, 'success', 'Nullable(Bool)') AS success, "
      + "JSONExtractString(raw, 'failureReason') AS failure_reason, "
      + "JSONExtractString(raw, 'geo', 'country') AS country, JSONExtractString(raw, 'geo', 'city') AS city, "
      + "JSONExtract(raw, 'geo', 'lat', 'Nullable(Float64)') AS lat, "
      + "JSONExtract(raw, 'geo', 'lon', 'Nullable(Float64)') AS lon, JSONExtractString(raw, 'method') AS method, "
      + "JSONExtractString(raw, 'path') AS path, toUInt16(JSONExtractUInt(raw, 'statusCode')) AS status_code, "
      + "toUInt32(JSONExtractUInt(raw, 'responseTimeMs')) AS response_time_ms, "
      + "JSONExtractUInt(raw, 'requestBytes') AS request_bytes, "
      + "JSONExtractUInt(raw, 'responseBytes') AS response_bytes, "
      + "JSONExtractString(raw, 'recipientEmail') AS recipient_email, "
      + "JSONExtractString(raw, 'templateId') AS template_id, JSONExtractString(raw, 'messageId') AS message_id, "
      + "JSONExtractString(raw, 'bounceType') AS bounce_type, _topic AS kafka_topic, "
      + "toUInt16(_partition) AS kafka_partition, _offset AS kafka_offset "
      + "FROM " + DATABASE + ".kafka_events WHERE length(_error) = 0";
  }

  /** Samples every store every {@value #SAMPLE_MS} ms for {@code seconds}. */
  private static void measure(BenchRun run, List<Store> stores, int seconds)
    throws IOException, InterruptedException {
    for (Store store : stores) {
      store.begin(run.counts());
    }
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long nextProgress = System.nanoTime() + Waits.PROGRESS_INTERVAL.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(SAMPLE_MS);
      run.checkRolesAlive();
      for (Store store : stores) {
        store.sample(run.counts());
      }
      if (System.nanoTime() >= nextProgress) {
        nextProgress += Waits.PROGRESS_INTERVAL.toNanos();
        run.say("  measuring: %s, %d s left", stores.stream().map(Store::progress).collect(Collectors.joining("; ")),
          Math.max(0, (end - System.nanoTime()) / 1_000_000_000));
      }
    }
    for (Store store : stores) {
      store.finish(run.counts());
    }
  }

  /** One store's rows of the run's topics, counted at the start and the end, and its newest event sampled between. */
  private static final class Store {

    private final String name;
    private final String table;
    private final String topics;
    private final List<Long> lagNanos = new ArrayList<>();
    private long firstCount;
    private long lastCount;
    private long startedNanos;
    private long finishedNanos;
    private long unanswered;

    Store(String name, String table, List<String> topics) {
      this.name = name;
      this.table = table;
      this.topics = topics.stream().map(topic -> "'" + topic + "'").collect(Collectors.joining(", ", "(", ")"));
    }

    void begin(StoreCounts counts) throws IOException, InterruptedException {
      startedNanos = System.nanoTime();
      firstCount = count(counts);
    }

    void finish(StoreCounts counts) throws IOException, InterruptedException {
      lastCount = count(counts);
      finishedNanos = System.nanoTime();
    }

    /**
     * How old the newest event a query sees is now; no sample while it sees none of the last 5 minutes (a store that
     * has not written yet), counted as unanswered.
     */
    void sample(StoreCounts counts) throws IOException, InterruptedException {
      String answer = counts.clickHouse("SELECT toUnixTimestamp64Milli(now64(3)) - toUnixTimestamp64Milli(max(timestamp))"
        + " FROM " + table + " WHERE kafka_topic IN " + topics + " AND timestamp > now64(3) - INTERVAL 5 MINUTE"
        + " HAVING count() > 0");
      if (answer == null || answer.isBlank()) {
        unanswered++;
        return;
      }
      lagNanos.add(Math.max(0, Long.parseLong(answer.trim())) * 1_000_000);
    }

    private long count(StoreCounts counts) throws IOException, InterruptedException {
      String answer = counts.clickHouse("SELECT count() FROM " + table + " WHERE kafka_topic IN " + topics);
      if (answer == null) {
        throw new IllegalStateException("ClickHouse did not count " + table);
      }
      return Long.parseLong(answer.trim());
    }

    double perSecond() {
      return (lastCount - firstCount) / ((finishedNanos - startedNanos) / 1e9);
    }

    LatencyStats lag() {
      return LatencyStats.ofNanos(lagNanos.stream().mapToLong(Long::longValue).toArray());
    }

    String progress() {
      return name + " " + (lagNanos.isEmpty() ? "-" : lagNanos.get(lagNanos.size() - 1) / 1_000_000 + " ms behind");
    }

    JsonObject json() {
      return FreshnessPhase.latency(lag()).put("eventsPerSecond", PipelineBench.round(perSecond()))
        .put("eventsStored", lastCount - firstCount).put("samplesUnanswered", unanswered)
        .put("sampleIntervalMs", SAMPLE_MS);
    }
  }
}
