package io.tspipe.web;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class HealthApiTest {

  /**
   * Each engine's check waits this long for an answer: long enough that a busy machine's overhead stays well below it,
   * so three checks run one after another (three timeouts) are told apart from three run at once (one).
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  @DisplayName("engines that never answer are reported down after the timeout, all checked at once")
  void silentEnginesAreDownAfterTheTimeout(Vertx vertx, VertxTestContext testContext) throws Exception {
    JsonObject config = Config.defaults();
    config.getJsonObject("kafka").put("bootstrapServers", "127.0.0.1:" + closedPort());
    vertx.createHttpServer().requestHandler(request -> { }).listen(0, "127.0.0.1")
      .compose(silent -> checkOnce(vertx, config, "http://127.0.0.1:" + silent.actualPort()))
      .onComplete(testContext.succeeding(checked -> testContext.verify(() -> {
        HealthApi.Health ready = checked.ready();
        assertFalse(ready.up(), ready.body()::encode);
        assertEquals("down", ready.body().getString("status"));
        JsonObject checks = ready.body().getJsonObject("checks");
        for (String engine : checks.fieldNames()) {
          JsonObject check = checks.getJsonObject(engine);
          assertEquals("down", check.getString("status"), check::encode);
          assertFalse(check.getString("error", "").isBlank(), check::encode);
        }
        assertEquals(3, checks.size(), checks::encode);
        String silent = "no answer within " + TIMEOUT.toMillis() + " ms";
        assertEquals(silent, checks.getJsonObject("clickhouse").getString("error"));
        assertEquals(silent, checks.getJsonObject("meilisearch").getString("error"));
        assertTrue(checked.tookMs() < 5 * TIMEOUT.toMillis() / 2,
          "checks run concurrently; took " + checked.tookMs() + " ms");
        assertEquals(new JsonObject().put("status", "up"), checked.live());
        testContext.completeNow();
      })));
  }

  /** One readiness check: its answer, how long it took, and the liveness answered beside it. */
  private record Checked(HealthApi.Health ready, long tookMs, JsonObject live) {
  }

  /**
   * Asks a health API over Kafka at {@code config}'s address and ClickHouse and Meilisearch at {@code url} once, timing
   * it, and closes its Kafka admin client whatever the answer.
   */
  private static Future<Checked> checkOnce(Vertx vertx, JsonObject config, String url) {
    config.getJsonObject("clickhouse").put("url", url);
    config.getJsonObject("search").put("url", url);
    KafkaAdminClient kafka = KafkaAdminClient.create(vertx,
      KafkaClientConfig.admin(KafkaSettings.from(config.getJsonObject("kafka")), TIMEOUT));
    HealthApi health = new HealthApi(kafka,
      new ClickHouseClient(vertx, ClickHouseSettings.from(config.getJsonObject("clickhouse"))),
      new MeilisearchClient(vertx, SearchSettings.from(config.getJsonObject("search")), "search-key"),
      TIMEOUT);
    long started = System.nanoTime();
    return health.ready()
      .map(ready -> new Checked(ready, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), health.live()))
      .eventually(() -> kafka.close(TIMEOUT.toMillis()));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
