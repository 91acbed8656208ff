package io.tspipe.web.health;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthApiTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("engines that never answer are reported down after the timeout, all checked at once")
  void silentEnginesAreDownAfterTheTimeout() throws Exception {
    HttpServer silent = vertx.createHttpServer().requestHandler(request -> { })
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + silent.actualPort();
    JsonObject config = Config.defaults();
    config.getJsonObject("kafka").put("bootstrapServers", "127.0.0.1:" + closedPort());
    config.getJsonObject("clickhouse").put("url", url);
    config.getJsonObject("search").put("url", url);
    KafkaAdminClient kafka = KafkaAdminClient.create(vertx,
      KafkaClientConfig.admin(KafkaSettings.from(config.getJsonObject("kafka")), TIMEOUT));
    HealthApi health = new HealthApi(kafka,
      new ClickHouseClient(vertx, ClickHouseSettings.from(config.getJsonObject("clickhouse"))),
      new MeilisearchClient(vertx, SearchSettings.from(config.getJsonObject("search")), "search-key"),
      TIMEOUT);

    try {
      long started = System.nanoTime();
      HealthApi.Health ready = health.ready().await(10, TimeUnit.SECONDS);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertFalse(ready.up(), ready.body()::encode);
      assertEquals("down", ready.body().getString("status"));
      JsonObject checks = ready.body().getJsonObject("checks");
      for (String engine : checks.fieldNames()) {
        JsonObject check = checks.getJsonObject(engine);
        assertEquals("down", check.getString("status"), check::encode);
        assertFalse(check.getString("error", "").isBlank(), check::encode);
      }
      assertEquals(3, checks.size(), checks::encode);
      assertEquals("no answer within 500 ms", checks.getJsonObject("clickhouse").getString("error"));
      assertEquals("no answer within 500 ms", checks.getJsonObject("meilisearch").getString("error"));
      assertTrue(tookMs < 3 * TIMEOUT.toMillis(), "checks run concurrently; took " + tookMs + " ms");
      assertEquals(new JsonObject().put("status", "up"), health.live());
    } finally {
      kafka.close(TIMEOUT.toMillis()).await(10, TimeUnit.SECONDS);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
