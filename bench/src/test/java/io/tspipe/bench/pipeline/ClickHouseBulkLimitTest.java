package io.tspipe.bench.pipeline;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseBulkLimitTest {

  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

  @Test
  @DisplayName("the default batch is the worker's, read from the defaults file")
  void defaultBatch() {
    assertEquals(20_000, ClickHouseBulkLimit.defaultBatchRows());
  }

  @Test
  @DisplayName("measuring from an event loop is refused before anything is sent, since it blocks until measured")
  void refusesEventLoop() {
    Vertx vertx = Vertx.vertx();
    try {
      Throwable refused = OnEventLoop.thrownBy(vertx, () -> ClickHouseBulkLimit.measure(vertx,
        URI.create("http://127.0.0.1:9"), "pipeline", SILENT));
      assertTrue(refused instanceof IllegalStateException && refused.getMessage().contains("orchestrating thread"),
        String.valueOf(refused));
    } finally {
      vertx.close().await();
    }
  }

}
