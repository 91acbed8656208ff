package io.tspipe.web;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.testing.TestPipeline;
import io.tspipe.web.suspicious.SuspiciousEntities;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Suspicious IPs and users from the real web role over attack traffic the real worker stored. */
class SuspiciousIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("the listed IPs and users are exactly those the data set's failures and fan-out single out")
  void listsExactlyTheEntitiesTheRuleSinglesOut() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-suspicious")) {
      List<OutgoingEvent> good = TestPipeline.generate(4_000, true, 61).records().stream()
        .filter(record -> record.kind() == OutgoingEvent.Kind.GOOD).toList();
      List<JsonObject> events = good.stream().map(record -> new JsonObject(record.value())).toList();
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();
      pipeline.produce(good);
      pipeline.awaitNumber("SELECT count() FROM ${db}.events", events.size(), Duration.ofMinutes(2));

      for (String kind : List.of("ip", "user")) {
        Function<JsonObject, String> key = kind.equals("ip") ? e -> e.getString("sourceIp") : e -> e.getString("userId");
        Function<JsonObject, String> other = kind.equals("ip") ? e -> e.getString("userId") : e -> e.getString("sourceIp");
        Map<String, long[]> stats = new HashMap<>();
        Map<String, Set<String>> spread = new HashMap<>();
        for (JsonObject event : events) {
          long[] counts = stats.computeIfAbsent(key.apply(event), k -> new long[2]);
          counts[0]++;
          boolean failed = "api_request".equals(event.getString("type")) ? event.getInteger("statusCode") >= 400
            : !event.getBoolean("success", true);
          counts[1] += failed ? 1 : 0;
          spread.computeIfAbsent(key.apply(event), k -> new HashSet<>()).add(other.apply(event));
        }
        Set<String> expected = stats.entrySet().stream()
          .filter(entry -> entry.getValue()[1] >= SuspiciousEntities.MIN_FAILURES && entry.getValue()[1] * 2 >= entry.getValue()[0]
            || spread.get(entry.getKey()).size() >= SuspiciousEntities.MIN_FAN_OUT)
          .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertFalse(expected.isEmpty(), "the attack traffic singles out some " + kind);

        JsonObject answer = get(baseUrl, "/api/v1/suspicious?kind=" + kind + "&range=1h&limit=" + SuspiciousEntities.MAX_LIMIT, 200);
        Set<String> listed = answer.getJsonArray("entities").stream().map(e -> ((JsonObject) e).getString("value"))
          .collect(Collectors.toSet());
        if (expected.size() <= SuspiciousEntities.MAX_LIMIT) {
          assertEquals(expected, listed, kind);
        } else {
          assertEquals(SuspiciousEntities.MAX_LIMIT, listed.size());
          assertEquals(true, expected.containsAll(listed), kind);
        }
        JsonObject top = answer.getJsonArray("entities").getJsonObject(0);
        assertEquals(stats.get(top.getString("value"))[1], top.getLong("failures"), "failures of " + top.getString("value"));
        System.out.printf("[%s] %d suspicious %s of %d; top %s%n", pipeline.name(), expected.size(), kind, stats.size(),
          top.encode());
      }

      Map<String, String> refused = Map.of(
        "/api/v1/suspicious?kind=email", "kind",
        "/api/v1/suspicious?limit=0", "limit",
        "/api/v1/suspicious?range=1h&step=60", "step",
        "/api/v1/suspicious?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "from");
      for (Map.Entry<String, String> attempt : refused.entrySet()) {
        assertEquals(attempt.getValue(), get(baseUrl, attempt.getKey(), 400).getString("field"), attempt.getKey());
      }
    }
  }

  private static JsonObject get(String baseUrl, String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
      .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), path + " → " + response.body());
    return new JsonObject(response.body());
  }
}
