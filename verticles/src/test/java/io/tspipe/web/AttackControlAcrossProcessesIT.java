package io.tspipe.web;

import io.tspipe.RoleProcess;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo attack control as compose runs it: the generator in a JVM of its own, the web role here. The command
 * cannot reach the generator over this process's event bus, so it travels through the control topic.
 */
class AttackControlAcrossProcessesIT {

  private static final String ADMIN_KEY = "admin-key-across-processes";

  @Test
  @DisplayName("a generator in another process turns hostile and calm again on the web role's command")
  void controlsAGeneratorInAnotherProcess() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-control")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 50).getJsonObject("attack").put("mode", "off");
      pipeline.config().getJsonObject("web").put("adminKey", ADMIN_KEY);
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();
      RoleProcess generator = pipeline.startRoles("generator", "generator");
      try {
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 50, Duration.ofMinutes(1));
        pipeline.awaitLogLine(generator, "Generating", Duration.ofSeconds(30));

        HttpResponse<String> on = attackMode(baseUrl, "on");
        assertEquals(202, on.statusCode(), on.body());
        assertEquals("kafka", new JsonObject(on.body()).getString("delivered"));
        pipeline.awaitNumber("SELECT count() FROM ${db}.attack_windows FINAL WHERE isNull(ended_at) AND trigger = 'forced'",
          1, Duration.ofSeconds(30));
        pipeline.awaitLogLine(generator, "Attack mode forced to on by the control topic", Duration.ofSeconds(5));

        assertEquals(202, attackMode(baseUrl, "off").statusCode());
        pipeline.awaitNumber("SELECT count() FROM ${db}.attack_windows FINAL WHERE isNotNull(ended_at)", 1,
          Duration.ofSeconds(30));
        assertEquals(400, attackMode(baseUrl, "sometimes").statusCode());
      } finally {
        generator.stop();
      }
    }
  }

  private static HttpResponse<String> attackMode(String baseUrl, String mode) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/generator/attack"))
        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("mode", mode).encode())).build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
