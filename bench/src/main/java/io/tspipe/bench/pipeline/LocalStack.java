package io.tspipe.bench.pipeline;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engines of a benchmark run, started by {@code tools/up} with {@code TSPIPE_ROLES=none} (Kafka, ClickHouse and
 * Meilisearch, exactly as a user runs them, on their own ports and data directory) and stopped with it. The roles
 * under test run as processes of their own ({@link io.tspipe.RoleProcess}). Blocking: the orchestrating thread only.
 */
public final class LocalStack implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  /** Everything of a benchmark run, engines and roles, listens on loopback only. */
  public static final String HOST = "127.0.0.1";

  private final Process up;
  private final Endpoints endpoints;
  private final Path log;

  /** Where the engines answer, and the Meilisearch master key. */
  public record Endpoints(String kafkaBootstrap, String clickHouseUrl, String meilisearchUrl, String masterKey) {
  }

  private LocalStack(Process up, Endpoints endpoints, Path log) {
    this.up = up;
    this.endpoints = endpoints;
    this.log = log;
  }

  /**
   * Starts the engines with their data under {@code dataDir} on ports from {@code basePort} (Kafka, its controller,
   * ClickHouse, Meilisearch: base, base + 1, base + 2, base + 3) and waits until all three answer.
   */
  static LocalStack start(Path repo, Path dataDir, int basePort, String masterKey) throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve("up.log");
    ProcessBuilder builder = new ProcessBuilder(repo.resolve("tools/up").toString())
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("TSPIPE_ROLES", "none");
    env.put("TSPIPE_DATA_DIR", dataDir.toString());
    env.put("TSPIPE_KAFKA_PORT", Integer.toString(basePort));
    env.put("TSPIPE_KAFKA_CONTROLLER_PORT", Integer.toString(basePort + 1));
    env.put("TSPIPE_CLICKHOUSE_PORT", Integer.toString(basePort + 2));
    env.put("TSPIPE_MEILISEARCH_PORT", Integer.toString(basePort + 3));
    env.put("TSPIPE_WEB_PORT", Integer.toString(basePort + 4));
    env.put("TSPIPE_METRICS_PORT", Integer.toString(basePort + 5));
    env.put("TSPIPE_MEILISEARCH_MASTER_KEY", masterKey);
    Endpoints endpoints = new Endpoints(HOST + ":" + basePort, "http://" + HOST + ":" + (basePort + 2),
      "http://" + HOST + ":" + (basePort + 3), masterKey);
    LocalStack stack = new LocalStack(builder.start(), endpoints, log);
    stack.awaitReady();
    return stack;
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** The ClickHouse engine's process, which {@code tools/up} started, for its CPU time. */
  long clickHousePid() throws IOException {
    return enginePid("ClickHouseHttpServer");
  }

  /** The process among those {@code tools/up} started whose command line holds {@code name}, for its CPU time. */
  long enginePid(String name) throws IOException {
    for (ProcessHandle process : up.toHandle().descendants().toList()) {
      Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
      if (Files.exists(cmdline) && Files.readString(cmdline).contains(name)) {
        return process.pid();
      }
    }
    throw new IllegalStateException("no engine process " + name + " among those tools/up started");
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpClient http = HttpClient.newHttpClient();
    while (!(answers(http, endpoints.clickHouseUrl() + "/ping") && answers(http, endpoints.meilisearchUrl() + "/health")
      && kafkaListens() && Files.readString(log).contains("engines ready"))) {
      if (!up.isAlive()) {
        throw new IllegalStateException("tools/up exited with " + up.exitValue() + " while starting the engines; see "
          + log);
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException("the engines were not ready within " + START_TIMEOUT.toMinutes()
          + " min; see " + log);
      }
      Thread.sleep(250);
    }
  }

  private boolean kafkaListens() {
    String[] hostPort = endpoints.kafkaBootstrap().split(":");
    try (Socket ignored = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static boolean answers(HttpClient http, String url) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** SIGTERM to {@code tools/up}, which stops Meilisearch, ClickHouse and Kafka cleanly, in that order. */
  @Override
  public void close() throws InterruptedException {
    up.destroy();
    if (!up.waitFor(3, TimeUnit.MINUTES)) {
      up.destroyForcibly().waitFor();
    }
  }
}
