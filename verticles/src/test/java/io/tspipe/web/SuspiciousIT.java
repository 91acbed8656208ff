package io.tspipe.web;

import io.tspipe.testing.TestPipeline;
import io.tspipe.web.dashboard.SuspiciousEntities;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Suspicious IPs and users from the real web role, read from the detections the real detector records: the entities
 * of its open live detections on attack traffic the real worker stored, and, over detections recorded in the
 * {@code detections} table's own form, the order, the rules, the latest state of each detection, shadow rules left out,
 * and past windows listing what overlapped them.
 */
class SuspiciousIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("the listed IPs are exactly those of the detector's open live detections on attack traffic")
  void listsTheEntitiesTheDetectorDetects() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-suspicious")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 100).getJsonObject("attack").put("mode", "on");
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();
      pipeline.deployGenerator();
      String detector = pipeline.deployDetector();
      String open = "SELECT entity FROM ${db}.detections FINAL WHERE entity_kind = 'ip' AND mode = 'live' AND state = 'open'";
      pipeline.awaitAtLeast("SELECT count() FROM (" + open + ")", 1, Duration.ofMinutes(2));
      pipeline.undeploy(detector);

      Set<String> expected = pipeline.rows("SELECT DISTINCT entity FROM (" + open + ")").stream()
        .map(row -> row.getString("entity")).collect(Collectors.toSet());
      JsonObject answer = get(baseUrl, "/api/v1/suspicious?kind=ip&limit=" + SuspiciousEntities.MAX_LIMIT, 200);
      assertTrue(answer.getBoolean("openOnly"), answer.encode());
      JsonArray entities = answer.getJsonArray("entities");
      Set<String> listed = entities.stream().map(e -> ((JsonObject) e).getString("value")).collect(Collectors.toSet());
      if (expected.size() <= SuspiciousEntities.MAX_LIMIT) {
        assertEquals(expected, listed);
      } else {
        assertEquals(SuspiciousEntities.MAX_LIMIT, listed.size());
        assertTrue(expected.containsAll(listed));
      }
      JsonObject top = entities.getJsonObject(0);
      assertFalse(top.getJsonArray("rules").isEmpty(), top.encode());
      assertEquals("/api/v1/entities/ip/" + URLEncoder.encode(top.getString("value"), StandardCharsets.UTF_8),
        top.getString("href"));
      System.out.printf("[%s] %d suspicious IPs from open detections; top %s%n", pipeline.name(), listed.size(),
        top.encode());
    }
  }

  @Test
  @DisplayName("most severe first with their rules, by each detection's latest state; past windows list what overlapped")
  void ordersByTheLatestStateOfLiveDetections() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-suspicious-order")) {
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      // an IP with two open detections, high and medium
      record(pipeline, 1, "ip_login_failures", "live", "high", "ip", "198.51.100.1", "open", now, 10, 9, null);
      record(pipeline, 2, "datacenter_login_failures", "live", "medium", "ip", "198.51.100.1", "open", now, 8, 8, null);
      // one whose detection was escalated to critical after it opened
      record(pipeline, 3, "ip_login_failures", "live", "high", "ip", "198.51.100.2", "open", now, 20, 20, null);
      record(pipeline, 3, "ip_login_failures", "live", "critical", "ip", "198.51.100.2", "open", now, 20, 5, null);
      record(pipeline, 4, "unknown_account_logins", "live", "medium", "ip", "198.51.100.3", "open", now, 6, 6, null);
      // resolved two hours ago: only in a past window it overlaps
      record(pipeline, 5, "ip_login_failures", "live", "high", "ip", "198.51.100.4", "open", now, 180, 180, null);
      record(pipeline, 5, "ip_login_failures", "live", "high", "ip", "198.51.100.4", "resolved", now, 180, 120, 120);
      // a shadow rule's detection takes no effect
      record(pipeline, 6, "shadow_rule", "shadow", "critical", "ip", "198.51.100.5", "open", now, 4, 4, null);
      record(pipeline, 7, "account_targeted", "live", "medium", "user", "00000000-0000-4000-8000-000000000007", "open",
        now, 3, 3, null);

      JsonObject current = get(baseUrl, "/api/v1/suspicious?kind=ip", 200);
      assertEquals(List.of("198.51.100.2", "198.51.100.1", "198.51.100.3"), values(current), current.encode());
      JsonObject first = current.getJsonArray("entities").getJsonObject(0);
      assertEquals("critical", first.getString("severity"));
      assertEquals(1, first.getLong("detections"));
      JsonObject second = current.getJsonArray("entities").getJsonObject(1);
      assertEquals("high", second.getString("severity"));
      assertEquals(new JsonArray().add("datacenter_login_failures").add("ip_login_failures"), second.getJsonArray("rules"));
      assertEquals(2, second.getLong("openDetections"));
      assertEquals(List.of("198.51.100.2"), values(get(baseUrl, "/api/v1/suspicious?kind=ip&range=24h&limit=1", 200)));
      assertEquals(List.of("00000000-0000-4000-8000-000000000007"),
        values(get(baseUrl, "/api/v1/suspicious?kind=user&range=1h", 200)));

      String past = "/api/v1/suspicious?kind=ip&from=" + now.minus(4, ChronoUnit.HOURS) + "&to="
        + now.minus(90, ChronoUnit.MINUTES);
      JsonObject overlapping = get(baseUrl, past, 200);
      assertFalse(overlapping.getBoolean("openOnly"));
      assertEquals(List.of("198.51.100.4"), values(overlapping), overlapping.encode());
      assertEquals(0, get(baseUrl, "/api/v1/suspicious?kind=ip&from=" + now.minus(4, ChronoUnit.HOURS) + "&to="
        + now.minus(3, ChronoUnit.HOURS).minus(5, ChronoUnit.MINUTES), 200).getJsonArray("entities").size());

      Map<String, String> refused = Map.of(
        "/api/v1/suspicious?kind=email", "kind",
        "/api/v1/suspicious?limit=0", "limit",
        "/api/v1/suspicious?limit=" + (SuspiciousEntities.MAX_LIMIT + 1), "limit",
        "/api/v1/suspicious?range=1h&step=60", "step",
        "/api/v1/suspicious?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "from");
      for (Map.Entry<String, String> attempt : refused.entrySet()) {
        assertEquals(attempt.getValue(), get(baseUrl, attempt.getKey(), 400).getString("field"), attempt.getKey());
      }
    }
  }

  /** One row of a detection, as the detector records it; times in minutes before {@code now}. */
  private static void record(TestPipeline pipeline, int id, String rule, String mode, String severity, String kind,
                             String entity, String state, Instant now, int openedAgo, int updatedAgo, Integer resolvedAgo) {
    String opened = at(now, openedAgo);
    String updated = at(now, updatedAgo);
    pipeline.execute("INSERT INTO ${db}.detections SELECT toUUID('00000000-0000-4000-8000-" + String.format("%012d", id)
      + "'), '" + rule + "', 'v1', '" + mode + "', '" + severity + "', '" + kind + "', '" + entity + "', '" + state
      + "', 120, " + opened + ", " + updated + ", " + opened + ", " + updated + ", "
      + (resolvedAgo == null ? "NULL" : at(now, resolvedAgo)) + ", '{\"features\":{}}', " + updated + ", " + opened);
  }

  private static String at(Instant now, int minutesAgo) {
    return "toDateTime64('" + now.minus(minutesAgo, ChronoUnit.MINUTES).toString().replace('T', ' ').replace("Z", "")
      + "', 3, 'UTC')";
  }

  private static List<String> values(JsonObject answer) {
    return answer.getJsonArray("entities").stream().map(e -> ((JsonObject) e).getString("value")).toList();
  }

  private static JsonObject get(String baseUrl, String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
      .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), path + " → " + response.body());
    return new JsonObject(response.body());
  }
}
