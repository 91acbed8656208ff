package io.tspipe.bench.pipeline;

import io.tspipe.bench.LatencyStats;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/verdicts/{kind}/{value}} one request at a time, round-robin over entities, timed from sending to
 * the whole answer read: p50/p95/p99, errors, and how many answers gave each verdict. Blocking: the orchestrating
 * thread only.
 */
final class VerdictLatency {

  /** An entity asked about: its kind's wire name ({@code ip}, {@code user}) and its value. */
  record Entity(String kind, String value) {
  }

  private VerdictLatency() {
  }

  private static final int PROGRESS_EVERY = 500;

  /** Sends {@code requests} requests, saying on {@code out} how far it got every {@value #PROGRESS_EVERY}. */
  static JsonObject measure(String webUrl, List<Entity> entities, int requests, PrintStream out)
    throws InterruptedException {
    if (entities.isEmpty()) {
      throw new IllegalStateException("no entity to ask a verdict about: nothing stored");
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ProbeSamples samples = new ProbeSamples();
    Map<String, Integer> verdicts = new TreeMap<>();
    int errors = 0;
    for (int i = 0; i < requests; i++) {
      Entity entity = entities.get(i % entities.size());
      HttpRequest request = HttpRequest.newBuilder(URI.create(webUrl + "/api/v1/verdicts/" + entity.kind() + "/"
        + URLEncoder.encode(entity.value(), StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build();
      long started = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - started;
        if (response.statusCode() == 200) {
          samples.add(took);
          verdicts.merge(verdictOf(response.body()), 1, Integer::sum);
        } else {
          errors++;
        }
      } catch (IOException failed) {
        errors++;
      }
      if ((i + 1) % PROGRESS_EVERY == 0) {
        out.printf(Locale.ROOT, "bench:   verdicts: %,d of %,d sent, %,d failed%n", i + 1, requests, errors);
      }
    }
    LatencyStats stats = samples.stats();
    return new JsonObject().put("requests", requests).put("count", stats.count()).put("errors", errors)
      .put("entities", entities.size()).put("p50Ms", PipelineBench.round(stats.p50()))
      .put("p95Ms", PipelineBench.round(stats.p95())).put("p99Ms", PipelineBench.round(stats.p99()))
      .put("maxMs", PipelineBench.round(stats.max())).put("verdicts", new JsonObject(new TreeMap<String, Object>(verdicts)));
  }

  private static String verdictOf(String body) {
    try {
      return new JsonObject(body).getString("verdict", "?");
    } catch (DecodeException notJson) {
      return "?";
    }
  }
}
