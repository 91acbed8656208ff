package io.tspipe.metrics;

import io.tspipe.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the {@code prometheus} binary on the PATH, Debian's package here) run as a child process on
 * loopback with a given configuration, and the parts of its HTTP API the tests read. Blocking: test thread only.
 */
final class PrometheusServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final String url;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, String url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /** Starts Prometheus with {@code config} on {@code port}, its data and log under {@code dir}, and waits until ready. */
  static PrometheusServer start(Path config, int port, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(Tools.required("prometheus"),
      "--config.file=" + config,
      "--storage.tsdb.path=" + dir.resolve("data"),
      "--web.listen-address=127.0.0.1:" + port,
      "--web.enable-lifecycle")
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
      .start();
    PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port, log);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws InterruptedException {
    try {
      Eventually.eventually(START_TIMEOUT, () -> {
        if (!process.isAlive()) {
          throw new Eventually.GiveUp("prometheus exited with " + process.exitValue() + "; see " + log);
        }
        int status = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
          throw new AssertionError("prometheus answers " + status + " to /-/ready");
        }
      });
    } catch (Eventually.GiveUp exited) {
      throw exited;
    } catch (AssertionError notReady) {
      close();
      throw new IllegalStateException("prometheus was not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log,
        notReady);
    }
  }

  /** {@code GET /api/v1/query?query=…}: the {@code data} of a successful answer; fails with Prometheus's error. */
  JsonObject query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8), promql);
  }

  /** {@code GET /api/v1/rules}: every rule group Prometheus loaded, with each rule's health and last error. */
  JsonArray ruleGroups() throws IOException, InterruptedException {
    return get("/api/v1/rules", "rules").getJsonArray("groups");
  }

  /** {@code GET /api/v1/targets}: the active scrape targets with their health. */
  JsonArray activeTargets() throws IOException, InterruptedException {
    return get("/api/v1/targets", "targets").getJsonArray("activeTargets");
  }

  Path log() {
    return log;
  }

  private JsonObject get(String path, String what) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
      HttpResponse.BodyHandlers.ofString());
    JsonObject body = new JsonObject(response.body());
    if (response.statusCode() != 200 || !"success".equals(body.getString("status"))) {
      throw new AssertionError("Prometheus refused " + what + ": HTTP " + response.statusCode() + " "
        + body.getString("errorType") + ": " + body.getString("error"));
    }
    return body.getJsonObject("data");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** The promtool and prometheus commands, found on the PATH. */
  static final class Tools {

    private Tools() {
    }

    static String required(String command) {
      String path = System.getenv().getOrDefault("PATH", "");
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, command);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
      throw new IllegalStateException(command + " is not on the PATH; install Debian's prometheus package"
        + " (apt-get install prometheus), which brings prometheus and promtool");
    }

    /** Runs {@code promtool args…} in {@code dir}; answers its output, failing with it when the exit status is not 0. */
    static String promtool(Path dir, List<String> args) throws IOException, InterruptedException {
      List<String> command = new java.util.ArrayList<>(List.of(required("promtool")));
      command.addAll(args);
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("promtool " + String.join(" ", args) + " did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("promtool " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + output);
      }
      return output;
    }
  }
}
