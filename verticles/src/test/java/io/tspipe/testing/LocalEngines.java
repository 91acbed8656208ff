package io.tspipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real engines for integration tests: an Apache Kafka broker and ClickHouse (chDB behind the ClickHouse HTTP
 * interface), each a child {@code java} process, and Meilisearch, the official binary as a child process; all started
 * once per test JVM on free loopback ports, so a running {@code tools/up} never clashes. Data and engine logs go to a
 * fresh directory under {@code tspipe.test.workdir}; a shutdown hook stops the engines.
 *
 * <p>Reads the system properties failsafe sets: {@code tspipe.engines.classpath} (the engines module's runtime
 * classpath), {@code tspipe.engines.dir} (where {@code tools/fetch-engines} put {@code chdb/libchdb.so} and
 * {@code meilisearch/meilisearch}) and {@code tspipe.test.workdir}.
 *
 * <p>Tests take them through {@link Engines#get()}; {@link LocalEnginesIT} alone asks for them by name, since it tests
 * these engines themselves.
 */
public final class LocalEngines implements Engines {

  private static final String KAFKA_MAIN = "io.tspipe.engines.KafkaBroker";
  private static final String CLICKHOUSE_MAIN = "io.tspipe.engines.ClickHouseHttpServer";
  private static final String LOOPBACK = "127.0.0.1";
  private static final String MEILISEARCH_MASTER_KEY = "tspipe-integration-test-master-key";
  /** The application's default credentials; the local engine does not check them. */
  private static final String CLICKHOUSE_USER = "default";
  private static final String CLICKHOUSE_PASSWORD = "";
  /** As {@code tools/up}: left to its default (two thirds of RAM), each small batch pays up to a second for it. */
  private static final String MEILISEARCH_INDEXING_MEMORY = "1GiB";

  private static final StartedOnce<LocalEngines> ENGINES = new StartedOnce<>("the local engines", LocalEngines::start);

  private final int kafkaPort;
  private final int clickHousePort;
  private final int meilisearchPort;
  private final EngineProcess kafka;
  private final EngineProcess clickHouse;
  private final EngineProcess meilisearch;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LocalEngines(Path runDirectory) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = requiredProperty("tspipe.engines.classpath");
    Path libchdb = Path.of(requiredProperty("tspipe.engines.dir"), "chdb", "libchdb.so");
    Path meilisearchBinary = Path.of(requiredProperty("tspipe.engines.dir"), "meilisearch", "meilisearch");
    List<Integer> ports = TestPipeline.freePorts(4);
    kafkaPort = ports.get(0);
    clickHousePort = ports.get(1);
    meilisearchPort = ports.get(2);
    kafka = new EngineProcess("the Kafka broker", List.of(java, "-Xmx512m", "-cp", classpath, KAFKA_MAIN,
      "--host", LOOPBACK, "--port", Integer.toString(kafkaPort), "--controller-port", Integer.toString(ports.get(3)),
      "--data", runDirectory.resolve("kafka").toString()),
      runDirectory.resolve("kafka.log"), runDirectory.resolve("kafka").resolve("broker.log"));
    clickHouse = new EngineProcess("ClickHouse", List.of(java, "-Xmx512m", "-cp", classpath, CLICKHOUSE_MAIN,
      "--host", LOOPBACK, "--port", Integer.toString(clickHousePort),
      "--path", runDirectory.resolve("clickhouse").toString(), "--lib", libchdb.toString()),
      runDirectory.resolve("clickhouse.log"));
    Path meili = Files.createDirectories(runDirectory.resolve("meili"));
    meilisearch = new EngineProcess("Meilisearch", List.of(meilisearchBinary.toString(),
      "--http-addr", LOOPBACK + ":" + meilisearchPort, "--master-key", MEILISEARCH_MASTER_KEY,
      "--db-path", meili.resolve("data").toString(), "--dump-dir", meili.resolve("dumps").toString(),
      "--snapshot-dir", meili.resolve("snapshots").toString(), "--no-analytics", "--env", "development",
      "--max-indexing-memory", MEILISEARCH_INDEXING_MEMORY),
      runDirectory.resolve("meilisearch.log"));
  }

  /** The engines, started on first use; a failed start fails every later call the same way. */
  public static LocalEngines get() {
    return ENGINES.get();
  }

  @Override
  public String bootstrapServers() {
    return LOOPBACK + ":" + kafkaPort;
  }

  @Override
  public String clickHouseUrl() {
    return "http://" + LOOPBACK + ":" + clickHousePort;
  }

  @Override
  public String clickHouseUser() {
    return CLICKHOUSE_USER;
  }

  @Override
  public String clickHousePassword() {
    return CLICKHOUSE_PASSWORD;
  }

  @Override
  public String meilisearchUrl() {
    return "http://" + LOOPBACK + ":" + meilisearchPort;
  }

  @Override
  public String meilisearchMasterKey() {
    return MEILISEARCH_MASTER_KEY;
  }

  /** Stops the broker cleanly (SIGTERM); its topics, records and committed offsets stay for {@link #startKafka()}. */
  @Override
  public void stopKafka() {
    kafka.stop();
  }

  /** Starts the broker again on the same ports and storage, returning once it says it is ready and takes connections. */
  @Override
  public void startKafka() {
    kafka.launch();
    kafka.awaitReadiness(this::kafkaIsReady);
  }

  /** Stops ClickHouse cleanly (SIGTERM); its data stays for {@link #startClickHouse()}. */
  @Override
  public void stopClickHouse() {
    clickHouse.stop();
  }

  /** Starts ClickHouse again on the same port and data, returning once it answers {@code /ping}. */
  @Override
  public void startClickHouse() {
    clickHouse.launch();
    clickHouse.awaitReadiness(this::clickHouseIsReady);
  }

  /** Stops Meilisearch cleanly (SIGTERM); its data stays for {@link #startMeilisearch()}. */
  @Override
  public void stopMeilisearch() {
    meilisearch.stop();
  }

  /** Starts Meilisearch again on the same port and data, returning once {@code /health} reports it available. */
  @Override
  public void startMeilisearch() {
    meilisearch.launch();
    meilisearch.awaitReadiness(this::meilisearchIsReady);
  }

  private static LocalEngines start() {
    try {
      Path workdir = Files.createDirectories(Path.of(requiredProperty("tspipe.test.workdir")));
      LocalEngines engines = new LocalEngines(Files.createTempDirectory(workdir, "engines-"));
      Runtime.getRuntime().addShutdownHook(new Thread(engines::stopAll, "local-engines-shutdown"));
      engines.kafka.launch();
      engines.clickHouse.launch();
      engines.meilisearch.launch();
      engines.kafka.awaitReadiness(engines::kafkaIsReady);
      engines.clickHouse.awaitReadiness(engines::clickHouseIsReady);
      engines.meilisearch.awaitReadiness(engines::meilisearchIsReady);
      return engines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean kafkaIsReady() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, kafkaPort), 1000);
    }
    return kafka.outputSinceLaunch().contains("kafka ready");
  }

  private boolean clickHouseIsReady() throws IOException, InterruptedException {
    HttpRequest ping = HttpRequest.newBuilder(URI.create(clickHouseUrl() + "/ping"))
      .timeout(Duration.ofSeconds(2))
      .build();
    return http.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
  }

  private boolean meilisearchIsReady() throws IOException, InterruptedException {
    HttpRequest health = HttpRequest.newBuilder(URI.create(meilisearchUrl() + "/health"))
      .timeout(Duration.ofSeconds(2))
      .build();
    HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200
      && response.body().replaceAll("\\s", "").equals("{\"status\":\"available\"}");
  }

  private void stopAll() {
    meilisearch.stop();
    clickHouse.stop();
    kafka.stop();
  }



  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set; run integration tests through "
        + "failsafe (mvn verify), which sets it");
    }
    return value;
  }
}
