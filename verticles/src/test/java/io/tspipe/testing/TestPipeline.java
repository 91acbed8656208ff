package io.tspipe.testing;

import io.tspipe.RoleProcess;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.ledger.LedgerSettings;
import io.tspipe.generator.GeneratorSettings;
import io.tspipe.generator.GeneratorVerticle;
import io.tspipe.generator.OutgoingEvent;
import io.tspipe.detector.DetectorSettings;
import io.tspipe.detector.DetectorVerticle;
import io.tspipe.generator.Traffic;
import io.tspipe.ipintel.AddressSpace;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.tspipe.indexer.IndexerSettings;
import io.tspipe.indexer.IndexerVerticle;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.web.WebSettings;
import io.tspipe.web.WebRole;
import io.tspipe.worker.WorkerSettings;
import io.tspipe.worker.WorkerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Collectors;

import static io.tspipe.testing.Eventually.atOnce;
import static io.tspipe.testing.Eventually.eventually;

/**
 * One isolated pipeline on the shared engines ({@link Engines#get()}): its own topics, consumer group and ClickHouse database, named
 * after the test, so test classes never see each other's data. Blocking helpers are for the test thread only.
 */
public final class TestPipeline implements AutoCloseable {

  private final String name;
  private final JsonObject config;
  private final Vertx vertx = Vertx.vertx();
  private final ClickHouseClient clickHouse;
  private KafkaProducer<String, String> producer;
  private MeilisearchClient search;

  private TestPipeline(String name, JsonObject config) {
    this.name = name;
    this.config = config;
    this.clickHouse = new ClickHouseClient(vertx, clickHouseSettings());
  }

  /** A pipeline whose topics, group and database are all suffixed with {@code name}. */
  public static TestPipeline create(String name) {
    Engines engines = Engines.get();
    JsonObject config = Config.defaults();
    JsonObject kafka = config.getJsonObject("kafka").put("bootstrapServers", engines.bootstrapServers()).put("partitions", 3);
    JsonObject topics = kafka.getJsonObject("topics");
    for (String key : topics.fieldNames()) {
      topics.put(key, topics.getString(key) + "-" + name);
    }
    config.getJsonObject("clickhouse").put("url", engines.clickHouseUrl()).put("database", "it_" + name.replace('-', '_'))
      .put("user", engines.clickHouseUser()).put("password", engines.clickHousePassword());
    config.getJsonObject("search").put("url", engines.meilisearchUrl()).put("masterKey", engines.meilisearchMasterKey())
      .put("index", "it_" + name.replace('-', '_')).put("searchKeyUid", UUID.randomUUID().toString());
    config.getJsonObject("indexer").put("groupId", "indexer-" + name).put("progressIntervalMs", 2000);
    config.getJsonObject("worker").put("groupId", "worker-" + name).put("batchMaxRows", 5000).put("progressIntervalMs", 2000);
    // processes started from this config serve no metrics unless a test gives them a port of their own
    config.getJsonObject("metrics").put("enabled", false);
    config.getJsonObject("ipIntelligence").put("dir", IpDatabase.dir().toAbsolutePath().toString());
    // the tests run in the verticles module; the rules are the repository's
    config.getJsonObject("detector").put("rulesDir",
      Path.of("").toAbsolutePath().getParent().resolve("rules").toString());
    return new TestPipeline(name, config);
  }

  public String name() {
    return name;
  }

  public JsonObject config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public KafkaSettings kafka() {
    return KafkaSettings.from(config.getJsonObject("kafka"));
  }

  public ClickHouseSettings clickHouseSettings() {
    return ClickHouseSettings.from(config.getJsonObject("clickhouse"));
  }

  public String db() {
    return clickHouseSettings().database();
  }

  /** Deploys a worker verticle in this JVM, as {@code Main} would, and waits until it is consuming. */
  public String deployWorker() {
    return await(vertx.deployVerticle(
      new WorkerVerticle(WorkerSettings.from(config.getJsonObject("worker")), kafka(), clickHouseSettings(),
        Path.of(config.getJsonObject("ipIntelligence").getString("dir"))),
      new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
  }

  /** Deploys the search indexer in this JVM, as {@code Main} would, and waits until it is consuming. */
  public String deployIndexer() {
    return await(vertx.deployVerticle(
      new IndexerVerticle(IndexerSettings.from(config.getJsonObject("indexer")), kafka(), searchSettings(), Duration.ofMinutes(5),
        Path.of(config.getJsonObject("ipIntelligence").getString("dir"))),
      new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
  }

  /**
   * Deploys the web role in this JVM, as {@code Main} would (its API verticles and its live metrics), on a free port
   * and with a search-only key of this pipeline's index (never the master key); answers the base URL, like
   * {@code http://127.0.0.1:41234}.
   */
  public String deployWeb() {
    String searchKey = await(search().ensureSearchKey(searchSettings().searchKeyUid()));
    JsonObject search = config.getJsonObject("search").copy().put("searchKey", searchKey).put("masterKey", "");
    int port = freePort();
    JsonObject web = config.getJsonObject("web").copy().put("host", "127.0.0.1").put("port", port);
    await(vertx.deployVerticle(
      new WebRole(WebSettings.from(web), kafka(), clickHouseSettings(), SearchSettings.from(search),
        DetectorSettings.from(config.getJsonObject("detector")), LedgerSettings.from(config.getJsonObject("ledger"),
        config.getJsonObject("worker"), config.getJsonObject("indexer")))));
    return "http://127.0.0.1:" + port;
  }

  /** The worker role alone in a JVM of its own ({@link #startRoles}). */
  public RoleProcess startWorker(String label) throws IOException {
    return startRoles(label, "worker");
  }

  /**
   * {@code roles} (comma-separated) in a JVM of its own, as compose runs them, configured as this pipeline is; its
   * output in {@code <pipeline>-<label>.log} in the tests' work directory.
   */
  public RoleProcess startRoles(String label, String roles) throws IOException {
    return RoleProcess.start(label, RoleProcess.Launch.ownClassPath("512m"), environment(roles), logOf(label));
  }

  /**
   * As {@link #startRoles}, serving its metrics on loopback at {@code metricsPort}; returns once they answer
   * ({@link RoleProcess#metrics()}).
   */
  public RoleProcess startRolesServingMetrics(String label, String roles, int metricsPort)
    throws IOException, InterruptedException {
    return RoleProcess.startServingMetrics(label, RoleProcess.Launch.ownClassPath("512m"), environment(roles),
      logOf(label), "127.0.0.1", metricsPort, Duration.ofMinutes(1));
  }

  private Path logOf(String label) {
    return Path.of(System.getProperty("tspipe.test.workdir", "target/it-engines"), name + "-" + label + ".log");
  }

  private static int freePort() {
    return freePorts(1).get(0);
  }

  /**
   * {@code count} distinct free loopback ports, held open together while they are picked: ports asked for one at a
   * time may be handed out twice before the processes meant to use them have bound them.
   */
  public static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port is free again either way
        }
      }
    }
  }


  public SearchSettings searchSettings() {
    return SearchSettings.from(config.getJsonObject("search"));
  }

  /** A Meilisearch client on this pipeline's index, with the master key. */
  public MeilisearchClient search() {
    if (search == null) {
      search = new MeilisearchClient(vertx, searchSettings(), searchSettings().masterKey());
    }
    return search;
  }

  public <T> T awaitResult(Future<T> future) {
    return await(future);
  }

  /** Deploys the generator verticle in this JVM with this pipeline's config and waits until it is producing. */
  public String deployGenerator() {
    return await(vertx.deployVerticle(
      new GeneratorVerticle(GeneratorSettings.from(config.getJsonObject("generator")), kafka(),
        Path.of(config.getJsonObject("ipIntelligence").getString("dir")))));
  }

  /** Deploys the detector verticle in this JVM with this pipeline's config (its rules from {@code detector.rulesDir}). */
  public String deployDetector() {
    return await(vertx.deployVerticle(new DetectorVerticle(DetectorSettings.from(config.getJsonObject("detector")),
      kafka(), clickHouseSettings())));
  }

  /** Sends a request on the event bus and waits for the reply body. */
  public JsonObject request(String address, JsonObject body) {
    return await(vertx.eventBus().<JsonObject>request(address, body)).body();
  }

  public void undeploy(String deploymentId) {
    await(vertx.undeploy(deploymentId));
  }

  /**
   * {@code count} records from the generator's own event stream, with its default bad and duplicate fractions: calm
   * traffic, or with {@code attack} all of it the classic scenario's.
   */
  public static GeneratedRecords generate(int count, boolean attack, long seed) {
    GeneratorSettings settings = GeneratorSettings.from(Config.defaults().getJsonObject("generator"));
    RandomGenerator.SplittableGenerator root =
      (RandomGenerator.SplittableGenerator) RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    Traffic traffic = Traffic.create(settings, addressSpace(), root, Clock.systemUTC());
    if (attack) {
      traffic.start(UUID.randomUUID(), ScenarioRequest.defaults(Scenario.CLASSIC), AttackWindow.Trigger.FORCED);
    }
    List<OutgoingEvent> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(traffic.stream().next());
    }
    return new GeneratedRecords(records);
  }

  private static AddressSpace addressSpace;

  /** The generator's address space over the real IP database, loaded once. */
  public static synchronized AddressSpace addressSpace() {
    if (addressSpace == null) {
      addressSpace = AddressSpace.load(IpDatabase.load());
    }
    return addressSpace;
  }

  /** Sends records to their type's topic, keyed as the generator keys them, and waits for every acknowledgement. */
  public void produce(List<OutgoingEvent> records) {
    KafkaProducer<String, String> kafkaProducer = producer();
    KafkaSettings kafka = kafka();
    for (OutgoingEvent record : records) {
      kafkaProducer.send(new ProducerRecord<>(kafka.topicOf(record.type()), record.key(), record.value()));
    }
    kafkaProducer.flush();
  }

  /**
   * Starts sending {@code records} to their type's topic, keyed as the generator keys them, evenly over {@code over},
   * from a thread of their own, by a producer that rides out a broker outage ({@link PacedProducer}); creates the
   * topics first.
   */
  public PacedProducer producePaced(List<OutgoingEvent> records, Duration over) {
    ensureTopics();
    return PacedProducer.start(kafka(), records, over);
  }

  /** Creates this pipeline's topics unless they exist, as every role does at start. */
  public void ensureTopics() {
    await(KafkaTopics.ensure(vertx, kafka()));
  }

  /** Sends one record as it is to {@code topic} and waits for its acknowledgement. */
  public void produceRaw(String topic, String key, String value) {
    try {
      producer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not produce to " + topic, e);
    }
  }

  /**
   * Sends records as raw bytes, each a {@code [topic, key, value]} with a null value for a tombstone, in order, and
   * waits for every acknowledgement. Records up to the broker's limit pass (the producer's own is raised to it).
   */
  public void produceBytes(List<ProducerRecord<String, byte[]>> records) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", kafka().bootstrapServers());
    properties.put("acks", "all");
    properties.put("max.in.flight.requests.per.connection", "1");
    properties.put("max.request.size", Integer.toString(2 * 1024 * 1024));
    ensureTopics();
    try (KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(properties, new StringSerializer(),
      new ByteArraySerializer())) {
      for (ProducerRecord<String, byte[]> record : records) {
        bytes.send(record).get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("could not produce raw records", e);
    }
  }

  private KafkaProducer<String, String> producer() {
    if (producer == null) {
      ensureTopics();
      Properties properties = new Properties();
      properties.put("bootstrap.servers", kafka().bootstrapServers());
      properties.put("acks", "all");
      properties.put("linger.ms", "10");
      properties.put("batch.size", "262144");
      producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  /** Runs a query answering one row and returns it. */
  public JsonObject row(String sql) {
    List<JsonObject> rows = rows(sql);
    if (rows.size() != 1) {
      throw new AssertionError("expected one row from " + sql + " but got " + rows.size());
    }
    return rows.get(0);
  }

  public List<JsonObject> rows(String sql) {
    return await(clickHouse.select(sql.replace("${db}", db()), Map.of()));
  }

  /** A single number; 64-bit integers arrive quoted from JSONEachRow, so both forms are read. */
  public long number(String sql) {
    JsonObject row = row(sql);
    Object value = row.getValue(row.fieldNames().iterator().next());
    return value instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(value));
  }

  public void execute(String sql) {
    await(clickHouse.execute(sql.replace("${db}", db())));
  }

  /** Polls {@code sql} until it answers {@code expected}; fails with the last answer on timeout. */
  public void awaitNumber(String sql, long expected, Duration timeout) {
    eventually(timeout, () -> {
      long answer = atOnce(() -> number(sql));
      if (answer != expected) {
        throw new AssertionError(describe(sql) + " was " + answer + ", expected " + expected);
      }
    });
  }

  /** Polls {@code sql} until it answers at least {@code minimum}; fails with the last answer on timeout. */
  public void awaitAtLeast(String sql, long minimum, Duration timeout) {
    eventually(timeout, () -> {
      long answer = atOnce(() -> number(sql));
      if (answer < minimum) {
        throw new AssertionError(describe(sql) + " was " + answer + ", expected at least " + minimum);
      }
    });
  }

  /** Polls the number of documents in this pipeline's search index until it is at least {@code minimum}. */
  public void awaitDocumentsAtLeast(long minimum, Duration timeout) {
    eventually(timeout, () -> {
      long count = await(search().documentCount());
      if (count < minimum) {
        throw new AssertionError("[" + name + "] documents in " + searchSettings().index() + " were " + count
          + ", expected at least " + minimum);
      }
    });
  }

  /** Every document of this pipeline's search index, read page by page. */
  public List<JsonObject> indexedDocuments() {
    List<JsonObject> documents = new ArrayList<>();
    while (true) {
      JsonObject page = await(search().documents(documents.size(), 1000));
      if (page.getJsonArray("results").isEmpty()) {
        return documents;
      }
      page.getJsonArray("results").forEach(document -> documents.add((JsonObject) document));
    }
  }

  /** The ids of every document of this pipeline's search index. */
  public Set<String> indexedIds() {
    return indexedDocuments().stream().map(document -> document.getString("id"))
      .collect(Collectors.toCollection(HashSet::new));
  }

  /** Polls the number of documents in this pipeline's search index until it is {@code expected}. */
  public void awaitDocuments(long expected, Duration timeout) {
    eventually(timeout, () -> {
      long count = await(search().documentCount());
      if (count != expected) {
        throw new AssertionError("[" + name + "] documents in " + searchSettings().index() + " were " + count
          + ", expected " + expected);
      }
    });
  }

  private String describe(String sql) {
    return "[" + name + "] " + sql.replace("${db}", db());
  }

  /** Waits until the log of {@code role} contains {@code text}. */
  public void awaitLogLine(RoleProcess role, String text, Duration timeout) {
    eventually(timeout, () -> {
      if (!role.log().contains(text)) {
        throw new AssertionError("no '" + text + "' in " + role.logFile());
      }
    });
  }

  /** Environment for a worker run as its own process through {@code Main}, with this pipeline's config. */
  public Map<String, String> environment(String roles) {
    Map<String, String> env = new HashMap<>();
    flatten(config, "", env);
    env.put(Config.envName("roles"), roles);
    return env;
  }

  private static void flatten(JsonObject node, String prefix, Map<String, String> env) {
    for (String field : node.fieldNames()) {
      Object value = node.getValue(field);
      if (value instanceof JsonObject child) {
        flatten(child, prefix + field + ".", env);
      } else {
        env.put(Config.envName(prefix + field), String.valueOf(value));
      }
    }
  }

  /** Blocks the test thread on {@code future}, at most a minute. */
  private static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 60 s", e);
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
    await(vertx.close());
  }
}
