package io.tspipe.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How each request is prepared; nothing is sent. */
class SearchLoadVerticleTest {

  private static Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void createClient() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void closeClient() {
    client.close();
    vertx.close().await();
  }

  @Test
  @DisplayName("with --api-key every request carries X-API-Key, GETs of the dashboard as POSTs of the searches")
  void sendsTheApiKey() {
    BenchOptions options = BenchOptions.parse(List.of("--mix", "dashboard", "--api-key", "ops:s3cr3t"))
      .orElseThrow();
    for (HttpRequest<Buffer> request : List.of(client.getAbs(options.url() + "/api/v1/metrics/kpis?range=1h"),
      client.postAbs(options.url() + QueryMix.SEARCH_PATH))) {
      HttpRequest<Buffer> prepared = SearchLoadVerticle.prepared(request, options);
      assertEquals(List.of("ops:s3cr3t"), prepared.headers().getAll("X-API-Key"));
      assertEquals(SearchLoadVerticle.IDLE_TIMEOUT_MS, prepared.idleTimeout());
      assertEquals(SearchLoadVerticle.CONNECT_TIMEOUT_MS, prepared.connectTimeout());
    }
  }

  @Test
  @DisplayName("without --api-key no X-API-Key header is sent")
  void sendsNoKeyWithoutOne() {
    BenchOptions options = BenchOptions.parse(List.of()).orElseThrow();
    HttpRequest<Buffer> prepared = SearchLoadVerticle.prepared(client.getAbs(options.url() + "/api/v1/quality"),
      options);
    assertNull(prepared.headers().get("X-API-Key"));
    assertFalse(prepared.headers().contains("X-API-Key"));
  }
}
