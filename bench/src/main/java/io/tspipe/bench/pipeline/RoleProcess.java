package io.tspipe.bench.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One role of the application, {@code java -jar tspipe.jar} with {@code TSPIPE_*} variables, as a process of its own:
 * what the benchmark loads and measures. Its Prometheus endpoint tells when it is up; its CPU time is read from the
 * operating system. Blocking: the orchestrating thread only.
 */
final class RoleProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final String name;
  private final Process process;
  private final Path log;
  private final String metricsUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  private RoleProcess(String name, Process process, Path log, String metricsUrl) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.metricsUrl = metricsUrl;
  }

  /**
   * Starts {@code jar} with {@code env} (each a configuration override, {@code TSPIPE_…}), serving metrics on
   * {@code metricsPort}, and waits until it answers there; {@code heap} is its {@code -Xmx}.
   */
  static RoleProcess start(String name, Path jar, Map<String, String> env, int metricsPort, String heap, Path logDir)
    throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx" + heap, "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    builder.environment().put("TSPIPE_METRICS_ENABLED", "true");
    builder.environment().put("TSPIPE_METRICS_HOST", LocalStack.HOST);
    builder.environment().put("TSPIPE_METRICS_PORT", Integer.toString(metricsPort));
    RoleProcess role = new RoleProcess(name, builder.start(), log, "http://" + LocalStack.HOST + ":" + metricsPort + "/metrics");
    role.awaitMetrics();
    return role;
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** The role's Prometheus exposition, as its {@code /metrics} serves it now. */
  String metrics() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
      .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(metricsUrl + " answered " + response.statusCode());
    }
    return response.body();
  }

  /** The sum of every series of {@code metric} the role serves now (see {@link Exposition#sum}). */
  double metric(String metric, String labelFilter) throws IOException, InterruptedException {
    return Exposition.sum(metrics(), metric, labelFilter);
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** CPU seconds (user + system) the process has used so far, from {@code /proc/<pid>/stat}. */
  double cpuSeconds() throws IOException {
    return ProcStat.cpuSeconds(process.pid());
  }

  private void awaitMetrics() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
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
        throw new IllegalStateException(name + " did not serve its metrics within " + START_TIMEOUT.toSeconds()
          + " s; see " + log);
      }
      Thread.sleep(200);
    }
  }

  /** SIGTERM, so the role stops as in production (flushing, committing); SIGKILL after a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
    }
  }
}
