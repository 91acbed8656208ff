package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real pipeline on the local engines, as the harnesses run it: the engines started by {@code tools/up} with
 * {@code TSPIPE_ROLES=none} ({@link LocalStack}) in a data directory of its own, and the roles each a process of its
 * own ({@link RoleProcess}) on the topics and consumer groups of a stream, configured only through {@code TSPIPE_*}
 * variables, as in compose. Everything it starts it stops. Blocking: the orchestrating thread only.
 */
public class LocalPipeline {

  /** The search index the roles write and read. */
  public static final String INDEX = "events";
  /** Each role's {@code -Xmx}. */
  public static final String ROLE_HEAP = "2g";
  /** The detector's counter of rule evaluations. */
  public static final String DETECTOR_EVALUATIONS = "tspipe_detector_evaluations_total";
  private static final String MASTER_KEY = "tspipe-bench-master-key-0123456789";
  private static final Duration ROLE_START_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Where a run lives.
   *
   * @param name     the harness's name: the prefix of what it prints and of its consumer groups, and the ClickHouse
   *                 database the roles store into
   * @param dataDir  where the engines keep their data and the roles their logs; emptied when the engines start
   * @param basePort the first of the ports the run uses: the engines' ({@link LocalStack#start}), the web role's at
   *                 {@code basePort + 4}, then the roles' metrics from {@code basePort + 10}
   */
  public record Site(String name, Path dataDir, int basePort) {
  }

  private final Site site;
  private final Path repo;
  private final Path jar;
  private final PrintStream out;
  private final List<RoleProcess> running = new ArrayList<>();
  private LocalStack stack;
  private StoreCounts counts;
  private int nextPort;

  /** A run at {@code site} of the application built in the repository {@code repo}, printing to {@code out}. */
  public LocalPipeline(Site site, Path repo, PrintStream out) {
    this.site = site;
    this.repo = repo;
    this.jar = repo.resolve("verticles/target/tspipe.jar");
    this.out = out;
    this.nextPort = site.basePort() + 10;
  }

  /** Empties the data directory and starts the engines there ({@link LocalStack}). */
  public void startEngines() throws IOException, InterruptedException {
    say("data in %s (emptied), engines from port %d", site.dataDir(), site.basePort());
    deleteRecursively(site.dataDir());
    stack = LocalStack.start(repo, site.dataDir(), site.basePort(), MASTER_KEY);
    counts = new StoreCounts(stack.endpoints(), database(), INDEX);
    say("engines ready: Kafka %s, ClickHouse %s, Meilisearch %s", stack.endpoints().kafkaBootstrap(),
      stack.endpoints().clickHouseUrl(), stack.endpoints().meilisearchUrl());
  }

  public Path repo() {
    return repo;
  }

  /** The application's jar, which the roles run. */
  public Path jar() {
    return jar;
  }

  public PrintStream out() {
    return out;
  }

  public Path dataDir() {
    return site.dataDir();
  }

  /** The ClickHouse database the roles store into. */
  public String database() {
    return site.name();
  }

  public LocalStack stack() {
    return stack;
  }

  public LocalStack.Endpoints engines() {
    return stack.endpoints();
  }

  /** Events and documents in the run's database and index. */
  public StoreCounts counts() {
    return counts;
  }

  /** The web role's port on loopback. */
  public int webPort() {
    return site.basePort() + 4;
  }

  /**
   * Starts {@code role} as the process {@code name} on the topics of {@code stream}, configured by
   * {@link #baseEnvironment} and {@code extra}, and waits until it serves its metrics.
   */
  public RoleProcess startRole(String name, String role, String stream, Map<String, String> extra)
    throws IOException, InterruptedException {
    Map<String, String> env = baseEnvironment(stream);
    env.put("TSPIPE_ROLES", role);
    env.putAll(extra);
    RoleProcess process = RoleProcess.startServingMetrics(name, RoleProcess.Launch.jar(jar, ROLE_HEAP), env,
      site.dataDir().resolve("logs").resolve(name + ".log"), LocalStack.HOST, nextFreePort(), ROLE_START_TIMEOUT);
    running.add(process);
    return process;
  }

  /**
   * The detector, as {@link #startRole} starts a role, evaluating the repository's rules ({@code rules/}), with
   * {@code extra} environment.
   */
  public RoleProcess startDetector(String name, String stream, Map<String, String> extra)
    throws IOException, InterruptedException {
    Map<String, String> environment = new HashMap<>(extra);
    environment.put(Config.envName("detector.rulesDir"), repo.resolve("rules").toString());
    return startRole(name, "detector", stream, environment);
  }

  /** The evaluations {@code detector} has made so far, every rule's. */
  public static double evaluations(RoleProcess detector) throws IOException, InterruptedException {
    return Exposition.sum(detector.metrics(), DETECTOR_EVALUATIONS, "");
  }

  /**
   * The next port from {@code basePort + 10} on that nothing listens on or connects from now: the ports of a run lie
   * in the range the kernel hands out to outgoing connections, and one of those may hold a port the run meant for
   * a role.
   */
  private int nextFreePort() throws IOException {
    while (true) {
      int port = nextPort++;
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(LocalStack.HOST))) {
        return probe.getLocalPort();
      } catch (BindException taken) {
        // try the next one
      }
    }
  }

  public synchronized void stop(RoleProcess role) throws InterruptedException {
    running.remove(role);
    role.close();
  }

  /** Stops every role still running. */
  public synchronized void stopRoles() throws InterruptedException {
    for (RoleProcess role : List.copyOf(running)) {
      stop(role);
    }
  }

  /** Stops what still runs: the roles, then the engines. Again, harmlessly, once stopped. */
  public synchronized void shutDown() throws InterruptedException {
    stopRoles();
    if (stack != null) {
      say("stopping the engines");
      stack.close();
      stack = null;
    }
  }

  /** Fails, naming its log, if a role started and not stopped has exited. */
  public void checkRolesAlive() {
    for (RoleProcess role : running) {
      if (!role.isAlive()) {
        throw new IllegalStateException(role.name() + " exited; see " + role.logFile());
      }
    }
  }

  /**
   * The configuration every role of a run shares: the engines, the database and index, the topics and consumer groups
   * of {@code stream} (each phase has its own, so none inherits another's backlog), and no simulated attack, so every
   * run offers the same traffic.
   */
  public Map<String, String> baseEnvironment(String stream) {
    Map<String, String> env = new HashMap<>();
    env.put("TSPIPE_KAFKA_BOOTSTRAP_SERVERS", stack.endpoints().kafkaBootstrap());
    env.put("TSPIPE_CLICKHOUSE_URL", stack.endpoints().clickHouseUrl());
    env.put("TSPIPE_CLICKHOUSE_DATABASE", database());
    env.put("TSPIPE_IP_INTELLIGENCE_DIR", ipIntelligenceDir().toString());
    env.put("TSPIPE_SEARCH_URL", stack.endpoints().meilisearchUrl());
    env.put("TSPIPE_SEARCH_MASTER_KEY", MASTER_KEY);
    env.put("TSPIPE_SEARCH_INDEX", INDEX);
    env.put("TSPIPE_GENERATOR_ATTACK_MODE", "off");
    env.put("TSPIPE_WORKER_GROUP_ID", workerGroup(stream));
    env.put("TSPIPE_INDEXER_GROUP_ID", indexerGroup(stream));
    JsonObject topics = Config.defaults().getJsonObject("kafka").getJsonObject("topics");
    for (String key : topics.fieldNames()) {
      env.put(Config.envName("kafka.topics." + key), topics.getString(key) + "-" + stream);
    }
    return env;
  }

  /** The consumer group of the workers on {@code stream}. */
  public String workerGroup(String stream) {
    return site.name() + "-worker-" + stream;
  }

  /** The consumer group of the indexers on {@code stream}. */
  public String indexerGroup(String stream) {
    return site.name() + "-indexer-" + stream;
  }

  /** As {@code tools/up} finds it: {@code TSPIPE_IP_INTELLIGENCE_DIR}, else {@code ipdb} in the engines dir. */
  private Path ipIntelligenceDir() {
    String dir = System.getenv("TSPIPE_IP_INTELLIGENCE_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String engines = System.getenv("TSPIPE_ENGINES_DIR");
    return (engines == null || engines.isBlank() ? repo.resolve(".engines") : Path.of(engines)).resolve("ipdb");
  }

  /** The Kafka settings of the roles on {@code stream}: the engines' broker, the stream's topics. */
  public KafkaSettings kafkaSettings(String stream) {
    JsonObject kafka = Config.defaults().getJsonObject("kafka").copy();
    kafka.put("bootstrapServers", stack.endpoints().kafkaBootstrap());
    JsonObject topics = kafka.getJsonObject("topics");
    for (String key : topics.fieldNames()) {
      topics.put(key, topics.getString(key) + "-" + stream);
    }
    return KafkaSettings.from(kafka);
  }

  /** The settings a reader of the run's ClickHouse database uses. */
  public ClickHouseSettings clickHouseSettings() {
    return clickHouseSettings(database());
  }

  /** As {@link #clickHouseSettings()}, for the database {@code database} of the same engine. */
  public ClickHouseSettings clickHouseSettings(String database) {
    return ClickHouseSettings.from(Config.defaults().getJsonObject("clickhouse")
      .put("url", engines().clickHouseUrl()).put("database", database));
  }

  /** The settings of the run's search index, with the master key. */
  public SearchSettings searchSettings() {
    return SearchSettings.from(Config.defaults().getJsonObject("search").put("url", engines().meilisearchUrl())
      .put("masterKey", engines().masterKey()).put("index", INDEX));
  }

  public static Map<String, String> generatorRate(int rate) {
    return Map.of("TSPIPE_GENERATOR_RATE_PER_SECOND", Integer.toString(rate));
  }

  /** The web role's own settings on loopback at {@code webPort}, with a search-only key instead of the master key. */
  public Map<String, String> webEnvironment(int webPort) throws IOException, InterruptedException {
    return Map.of("TSPIPE_WEB_HOST", LocalStack.HOST, "TSPIPE_WEB_PORT", Integer.toString(webPort),
      "TSPIPE_SEARCH_SEARCH_KEY", searchKey(), "TSPIPE_SEARCH_MASTER_KEY", "");
  }

  /** The search-only key of the web role, made from the master key as {@code tools/up} makes it. */
  private String searchKey() throws IOException, InterruptedException {
    Path log = site.dataDir().resolve("logs/search-key.log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-jar", jar.toString(), "search-key").redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(baseEnvironment("live"));
    builder.environment().put("TSPIPE_SEARCH_MASTER_KEY", MASTER_KEY);
    Process process = builder.start();
    String key = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (process.waitFor() != 0 || key.isEmpty()) {
      throw new IllegalStateException("search-key failed; see " + log);
    }
    return key;
  }

  /** Prints a phase's heading: its name and what it runs. */
  public void phase(String name, String format, Object... args) {
    out.println();
    say("== %s: %s", name, String.format(Locale.ROOT, format, args));
  }

  /** Prints one line, prefixed with the harness's name. */
  public void say(String format, Object... args) {
    out.printf(Locale.ROOT, site.name() + ": " + format + "%n", args);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
