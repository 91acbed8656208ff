package io.tspipe.bench.pipeline;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.net.URI;

/**
 * The limits of {@link PipelineBench}: ClickHouse's own bulk insert rate for rows the worker stored, and Meilisearch's
 * own bulk indexing rate for documents the indexer indexed, each with our measured rate as a share of it.
 */
final class EngineLimitsPhase {

  private EngineLimitsPhase() {
  }

  /**
   * Measures each limit whose source this run filled: ClickHouse's after the ingest phase, Meilisearch's after the index
   * phase (the data directory starts empty). A limit without its source is skipped, saying so.
   */
  static void run(BenchRun run) {
    HarnessOptions options = run.options();
    run.phase("limits", "ClickHouse's own bulk insert of %,d stored rows, Meilisearch's own bulk indexing of %,d"
      + " documents", options.limitRows(), options.limitDocuments());
    Vertx vertx = run.vertx();
    LocalStack.Endpoints engines = run.engines();
    JsonObject results = run.results();
    PrintStream out = run.out();
    JsonObject limits = new JsonObject();
    JsonObject ingest = results.getJsonObject("ingest");
    if (ingest == null) {
      out.println("bench: ClickHouse's own bulk insert: skipped, it inserts rows the ingest phase stored");
    } else {
      ClickHouseBulkLimit.Result clickHouse = ClickHouseBulkLimit.measure(vertx, URI.create(engines.clickHouseUrl()),
        "default", "", BenchRun.DATABASE, options.limitRows(), ClickHouseBulkLimit.defaultBatchRows(), out);
      limits.put("clickHouse", new JsonObject()
        .put("rows", clickHouse.rows())
        .put("batchRows", clickHouse.batchRows())
        .put("megabytes", PipelineBench.round(clickHouse.bytes() / 1e6))
        .put("seconds", PipelineBench.round(clickHouse.seconds()))
        .put("rowsPerSecond", PipelineBench.round(clickHouse.rowsPerSecond())));
      out.printf("bench: ClickHouse's own bulk insert: %,.0f rows/s%n", clickHouse.rowsPerSecond());
      limits.put("ingestShareOfLimit", PipelineBench.round(ingest.getDouble("eventsPerSecond")
        / clickHouse.rowsPerSecond() * 100));
    }
    JsonObject indexed = results.getJsonObject("index");
    if (indexed == null) {
      out.println("bench: Meilisearch's own bulk indexing: skipped, it indexes documents the index phase indexed");
    } else {
      // the index size halfway through the indexer's measurement
      long middle = indexed.getLong("indexedTotal") - indexed.getLong("documentsIndexed") / 2;
      MeilisearchBulkLimit.Limit meilisearch = MeilisearchBulkLimit.measure(vertx, URI.create(engines.meilisearchUrl()),
        engines.masterKey(), BenchRun.INDEX, options.limitDocuments(), MeilisearchBulkLimit.defaultBatchDocuments(),
        MeilisearchBulkLimit.prefillFor(middle, options.limitDocuments()), out);
      limits.put("meilisearch", new JsonObject()
        .put("documents", meilisearch.best().documents())
        .put("prefilledDocuments", meilisearch.best().prefilled())
        .put("batchDocuments", meilisearch.best().batchDocuments())
        .put("oneTaskAtATimePerSecond", PipelineBench.round(meilisearch.oneTask().documentsPerSecond()))
        .put("twoTasksEnqueuedPerSecond", PipelineBench.round(meilisearch.twoTasks().documentsPerSecond()))
        .put("documentsPerSecond", PipelineBench.round(meilisearch.best().documentsPerSecond())));
      out.printf("bench: Meilisearch's own bulk indexing: %,.0f documents/s%n", meilisearch.best().documentsPerSecond());
      limits.put("indexShareOfLimit", PipelineBench.round(indexed.getDouble("documentsPerSecond")
        / meilisearch.best().documentsPerSecond() * 100));
    }
    results.put("limits", limits);
  }
}
