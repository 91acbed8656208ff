package io.tspipe.bench.pipeline;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeilisearchBulkLimitTest {

  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

  @Test
  @DisplayName("the export pages cover the documents in batches of the batch size, the last one shorter")
  void pages() {
    assertEquals(List.of(new MeilisearchBulkLimit.Page(0, 10), new MeilisearchBulkLimit.Page(10, 10),
      new MeilisearchBulkLimit.Page(20, 5)), MeilisearchBulkLimit.pages(25, 10));
    assertEquals(List.of(new MeilisearchBulkLimit.Page(0, 10_000), new MeilisearchBulkLimit.Page(10_000, 10_000)),
      MeilisearchBulkLimit.pages(20_000, 10_000));
    assertTrue(MeilisearchBulkLimit.pages(0, 10).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> MeilisearchBulkLimit.pages(10, 0));
  }

  @Test
  @DisplayName("the limit is the faster of one task at a time and two tasks enqueued")
  void best() {
    MeilisearchBulkLimit.Result oneTask = MeilisearchBulkLimit.Result.of(new Throughput(200_000, 30_000_000_000L),
      10_000, 1, 85_000_000, 0);
    MeilisearchBulkLimit.Result twoTasks = MeilisearchBulkLimit.Result.of(new Throughput(200_000, 25_000_000_000L),
      10_000, 2, 85_000_000, 0);
    assertEquals(8_000.0, twoTasks.documentsPerSecond(), 1e-9);
    assertEquals(25.0, twoTasks.seconds(), 1e-9);
    assertSame(twoTasks, new MeilisearchBulkLimit.Limit(oneTask, twoTasks).best());
    assertSame(oneTask, new MeilisearchBulkLimit.Limit(oneTask, oneTask).best());
  }

  @Test
  @DisplayName("the prefill puts the middle of the timed documents where the indexer's measurement had its middle")
  void prefill() {
    assertEquals(277_000, MeilisearchBulkLimit.prefillFor(377_000, 200_000));
    assertEquals(0, MeilisearchBulkLimit.prefillFor(60_000, 200_000), "never negative: a fresh index");
  }

  @Test
  @DisplayName("the default batch is the indexer's, read from the defaults file")
  void defaultBatch() {
    assertEquals(10_000, MeilisearchBulkLimit.defaultBatchDocuments());
  }

  @Test
  @DisplayName("measuring from an event loop is refused before anything is sent, since it blocks until measured")
  void refusesEventLoop() {
    Vertx vertx = Vertx.vertx();
    try {
      Throwable refused = OnEventLoop.thrownBy(vertx, () -> MeilisearchBulkLimit.measure(vertx,
        URI.create("http://127.0.0.1:9"), "key", "events", SILENT));
      assertTrue(refused instanceof IllegalStateException && refused.getMessage().contains("orchestrating thread"),
        String.valueOf(refused));
    } finally {
      vertx.close().await();
    }
  }

}
