package io.tspipe;

import io.tspipe.config.Config;
import io.tspipe.metrics.Metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * {@link Main} with some roles in a JVM of its own, as compose runs them, configured by {@code TSPIPE_*} variables, its
 * output in a log file of its own: what the integration tests kill outright and the benchmark loads and measures.
 * Blocking: the calling thread waits.
 */
public final class RoleProcess implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration METRICS_REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /** What the JVM runs, {@code program}, and its {@code -Xmx}, {@code heap}. */
  public record Launch(List<String> program, String heap) {

    /** {@code java -jar jar}: the application as it is packaged. */
    public static Launch jar(Path jar, String heap) {
      return new Launch(List.of("-jar", jar.toString()), heap);
    }

    /** {@link Main} from this JVM's own class path: the application as the code beside it builds it. */
    public static Launch ownClassPath(String heap) {
      return new Launch(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()), heap);
    }
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final URI metrics;
  private final HttpClient http;

  private RoleProcess(String name, Process process, Path log, URI metrics) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.metrics = metrics;
    this.http = metrics == null ? null : HttpClient.newHttpClient();
  }

  /**
   * Starts {@code launch} with {@code environment} (configuration overrides), its output written afresh to
   * {@code log}.
   */
  public static RoleProcess start(String name, Launch launch, Map<String, String> environment, Path log)
    throws IOException {
    return new RoleProcess(name, launch(launch, environment, log), log, null);
  }

  /**
   * As {@link #start}, serving its metrics at {@code host:port} whatever {@code environment} says, and waits until it
   * answers there; fails, naming the log, if it exits first or does not answer within {@code timeout} (then it is
   * stopped).
   */
  public static RoleProcess startServingMetrics(String name, Launch launch, Map<String, String> environment, Path log,
                                                String host, int port, Duration timeout)
    throws IOException, InterruptedException {
    Map<String, String> serving = new HashMap<>(environment);
    serving.put(Config.envName("metrics.enabled"), "true");
    serving.put(Config.envName("metrics.host"), host);
    serving.put(Config.envName("metrics.port"), Integer.toString(port));
    RoleProcess role = new RoleProcess(name, launch(launch, serving, log), log,
      URI.create("http://" + host + ":" + port + Metrics.ENDPOINT));
    role.awaitMetrics(timeout);
    return role;
  }

  private static Process launch(Launch launch, Map<String, String> environment, Path log) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx" + launch.heap()));
    command.addAll(launch.program());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The role's Prometheus exposition, as it serves it now; only for a role started serving its metrics. */
  public String metrics() throws IOException, InterruptedException {
    if (metrics == null) {
      throw new IllegalStateException(name + " was not started serving its metrics");
    }
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(METRICS_REQUEST_TIMEOUT).build(),
      HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(metrics + " answered " + response.statusCode());
    }
    return response.body();
  }

  private void awaitMetrics(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        metrics();
        return;
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException(name + " did not serve its metrics within " + timeout.toSeconds() + " s; see "
          + log);
      }
      Thread.sleep(200);
    }
  }

  /** The exit status once the process has ended by itself, or empty if it still runs after {@code seconds}. */
  public OptionalInt awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
  }

  /** SIGKILL: no shutdown hook, no flush, no commit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(KILL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** SIGTERM, so the role stops as in production (flushing, committing); SIGKILL if it still runs after a minute. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** {@link #stop}. */
  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** What the process has written so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  public Path logFile() {
    return log;
  }
}
