package io.tspipe.web;

import io.tspipe.testing.Engines;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.tspipe.testing.Eventually.atOnce;
import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health endpoints of the real web verticle against the real engines, two of which are stopped and started
 * again here; every test leaves them running, since the other integration tests share them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> ENGINES = List.of("kafka", "clickhouse", "meilisearch");
  private static final Duration RECOVERY = Duration.ofSeconds(10);

  private TestPipeline pipeline;
  private String baseUrl;

  @BeforeAll
  void deployTheWebRole() {
    pipeline = TestPipeline.create("health");
    baseUrl = pipeline.deployWeb();
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  @Test
  @DisplayName("live answers 200 and status up")
  void liveIsUp() throws Exception {
    Answer live = get("/health/live");
    assertEquals(200, live.status());
    assertEquals(new JsonObject().put("status", "up"), live.body());
  }

  @Test
  @DisplayName("ready answers 200 with Kafka, ClickHouse and Meilisearch up, each with its latency")
  void readyWhenEveryEngineAnswers() throws Exception {
    Answer ready = get("/health/ready");
    assertEquals(200, ready.status(), ready.body()::encodePrettily);
    assertEquals("up", ready.body().getString("status"));
    assertEquals(ENGINES.size(), ready.body().getJsonObject("checks").size(), ready.body()::encode);
    for (String engine : ENGINES) {
      assertUp(ready, engine);
    }
  }

  @Test
  @DisplayName("with Meilisearch stopped, ready answers 503 naming it down with the error, and 200 once it is back")
  void notReadyWithoutMeilisearch() throws Exception {
    assertDownWhileStopped("meilisearch", Engines.get()::stopMeilisearch, Engines.get()::startMeilisearch);
  }

  @Test
  @DisplayName("with ClickHouse stopped, ready answers 503 naming it down with the error, and 200 once it is back")
  void notReadyWithoutClickHouse() throws Exception {
    assertDownWhileStopped("clickhouse", Engines.get()::stopClickHouse, Engines.get()::startClickHouse);
  }

  private void assertDownWhileStopped(String stopped, Runnable stop, Runnable start) throws Exception {
    assertEquals(200, get("/health/ready").status(), "ready before " + stopped + " is stopped");
    try {
      stop.run();
      Answer ready = get("/health/ready");
      assertEquals(503, ready.status(), ready.body()::encodePrettily);
      assertEquals("down", ready.body().getString("status"));
      JsonObject down = check(ready, stopped);
      assertEquals("down", down.getString("status"), down::encode);
      assertFalse(down.getString("error", "").isBlank(), () -> "an error message in " + down.encode());
      for (String engine : ENGINES) {
        if (!engine.equals(stopped)) {
          assertUp(ready, engine);
        }
      }
      assertEquals(200, get("/health/live").status(), "live does not depend on the engines");
    } finally {
      start.run();
    }
    // polled briefly: a connection the stopped engine dropped may still need to leave a client's pool
    Answer ready = eventually(RECOVERY, () -> {
      Answer answer = atOnce(() -> get("/health/ready"));
      assertEquals(200, answer.status(), () -> "ready after " + stopped + " is back: " + answer.body().encodePrettily());
      return answer;
    });
    assertUp(ready, stopped);
  }

  private static void assertUp(Answer ready, String engine) {
    JsonObject check = check(ready, engine);
    assertEquals("up", check.getString("status"), () -> engine + ": " + check.encode());
    Object latency = check.getValue("latencyMs");
    assertInstanceOf(Number.class, latency, () -> engine + " latencyMs: " + check.encode());
    assertTrue(((Number) latency).longValue() >= 0, () -> engine + " latencyMs: " + check.encode());
    assertNull(check.getValue("error"), () -> engine + ": " + check.encode());
  }

  private static JsonObject check(Answer ready, String engine) {
    JsonObject check = ready.body().getJsonObject("checks").getJsonObject(engine);
    assertNotNull(check, () -> "no check " + engine + " in " + ready.body().encode());
    return check;
  }

  private Answer get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
      .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), path);
    return new Answer(response.statusCode(), new JsonObject(response.body()));
  }

  private record Answer(int status, JsonObject body) {
  }
}
