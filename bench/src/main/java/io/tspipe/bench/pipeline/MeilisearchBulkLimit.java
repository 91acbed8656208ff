package io.tspipe.bench.pipeline;

import io.tspipe.config.Config;
import io.tspipe.search.SearchDocuments;
import io.tspipe.search.SearchIndex;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.MeilisearchException;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Meilisearch's own bulk indexing rate for the very documents the indexer indexed, measured as the indexer sends
 * them: the ceiling the indexer's rate is compared with.
 *
 * <p>Documents of the source index are exported page by page into NDJSON batches held in memory, serialized by the
 * indexer's own {@link SearchDocuments#ndjson}. A scratch index {@code <source>_limit} is made ready by the indexer's
 * own {@link SearchIndex#prepare} (same primary key, same settings), then the batches are posted to it as the indexer
 * posts them ({@code POST /indexes/{uid}/documents}, {@code application/x-ndjson}), and the time from the first post
 * to the last task succeeded is measured. Tasks are polled as the indexer polls them ({@link
 * MeilisearchClient#awaitTask}).
 *
 * <p>Indexing slows as an index grows (about 15,000 documents/s into 100,000 documents, 11,000/s into 450,000 on two
 * cores), so the rate is taken at the size the indexer's was: the scratch index is first filled, untimed, with
 * {@code prefill} other documents of the source, and the timed documents follow them.
 *
 * <p>Two ways are measured, each on a fresh, prefilled scratch index: one task at a time (the next batch is posted once
 * the previous task has succeeded), and up to two tasks enqueued, so Meilisearch always has the next batch at hand
 * when one ends, as the indexer sends by default ({@code indexer.batchesInFlight}); the limit is the better of the two
 * ({@link Limit#best()}). The scratch index is deleted afterwards, whatever happened.
 *
 * <p>Blocking: call it from the orchestrating thread, never from a Vert.x event loop.
 */
final class MeilisearchBulkLimit {

  /** Documents measured unless told otherwise (fewer when the source holds fewer). */
  static final long DEFAULT_DOCUMENTS = 200_000;

  private static final String WHAT = "meilisearch bulk limit";
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
  private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

  /**
   * What Meilisearch took in.
   *
   * @param documents          documents indexed
   * @param seconds            from the first batch posted to the last task succeeded
   * @param documentsPerSecond documents / seconds
   * @param batchDocuments     documents per batch (the last may hold fewer)
   * @param tasksEnqueued      how many tasks were allowed to be enqueued or processing at once
   * @param bytes              NDJSON bytes posted, the timed batches together
   * @param prefilled          documents the index held, untimed, before the timed ones
   */
  record Result(long documents, double seconds, double documentsPerSecond, int batchDocuments, int tasksEnqueued,
                long bytes, long prefilled) {

    static Result of(Throughput throughput, int batchDocuments, int tasksEnqueued, long bytes, long prefilled) {
      return new Result(throughput.items(), throughput.seconds(), throughput.perSecond(), batchDocuments, tasksEnqueued,
        bytes, prefilled);
    }
  }

  /**
   * Both ways of one run, on the same documents.
   *
   * @param oneTask  one task at a time, as the indexer sends
   * @param twoTasks up to two tasks enqueued
   */
  record Limit(Result oneTask, Result twoTasks) {

    /** The engine's best rate: the one bulk rates are compared with. */
    Result best() {
      return twoTasks.documentsPerSecond() > oneTask.documentsPerSecond() ? twoTasks : oneTask;
    }
  }

  /** One page of the export: {@code limit} documents from {@code offset}. */
  record Page(int offset, int limit) {
  }

  private MeilisearchBulkLimit() {
  }

  /** The indexer's default batch, {@code indexer.batchMaxRecords} of the defaults file. */
  static int defaultBatchDocuments() {
    return Config.defaults().getJsonObject("indexer").getInteger("batchMaxRecords");
  }

  /**
   * {@link #measure(Vertx, URI, String, String, long, int, long, PrintStream)} with {@link #DEFAULT_DOCUMENTS} documents
   * in batches of {@link #defaultBatchDocuments()}, into a fresh index.
   */
  static Limit measure(Vertx vertx, URI url, String masterKey, String sourceIndex, PrintStream progress) {
    return measure(vertx, url, masterKey, sourceIndex, DEFAULT_DOCUMENTS, defaultBatchDocuments(), 0, progress);
  }

  /**
   * Measures both ways, one task at a time then up to two enqueued, on up to {@code documents} documents of
   * {@code sourceIndex} in batches of {@code batchDocuments}, after {@code prefill} others (rounded up to whole
   * batches), printing progress about every 2 s. The source is exported once. When it holds fewer than both together,
   * the prefill gets what the timed documents leave. Fails when the source holds no documents or a scratch index does
   * not end up holding every document sent.
   */
  static Limit measure(Vertx vertx, URI url, String masterKey, String sourceIndex, long documents, int batchDocuments,
                       long prefill, PrintStream progress) {
    Blocking.refuseEventLoop("a bulk limit");
    Batches all = export(vertx, url, masterKey, sourceIndex, prefill + documents, batchDocuments, progress);
    int timedBatches = Math.max(1, pages(Math.min(documents, all.documents()), batchDocuments).size());
    int prefillBatches = Math.max(0, all.bodies().size() - timedBatches);
    Batches filler = all.slice(0, prefillBatches);
    Batches timed = all.slice(prefillBatches, all.bodies().size());
    return new Limit(
      index(vertx, url, masterKey, sourceIndex, filler, timed, 1, progress),
      index(vertx, url, masterKey, sourceIndex, filler, timed, 2, progress));
  }

  /** The number of documents to prefill so that halfway through {@code documents} timed ones the index holds {@code middle}. */
  static long prefillFor(long middle, long documents) {
    return Math.max(0, middle - documents / 2);
  }

  /** The pages that export {@code documents} documents, {@code batchDocuments} per page, the last one shorter. */
  static List<Page> pages(long documents, int batchDocuments) {
    if (batchDocuments < 1) {
      throw new IllegalArgumentException("a batch holds at least one document, not " + batchDocuments);
    }
    List<Page> pages = new ArrayList<>();
    for (long offset = 0; offset < documents; offset += batchDocuments) {
      pages.add(new Page(Math.toIntExact(offset), (int) Math.min(batchDocuments, documents - offset)));
    }
    return pages;
  }

  /** NDJSON bodies and how many documents each holds. */
  private record Batches(List<Buffer> bodies, List<Integer> sizes, int batchDocuments) {

    long documents() {
      return sizes.stream().mapToLong(Integer::longValue).sum();
    }

    long bytes() {
      return bodies.stream().mapToLong(Buffer::length).sum();
    }

    Batches slice(int from, int to) {
      return new Batches(bodies.subList(from, to), sizes.subList(from, to), batchDocuments);
    }
  }

  /** Not timed: the documents in Meilisearch's own order, serialized as the indexer serializes them. */
  private static Batches export(Vertx vertx, URI url, String masterKey, String sourceIndex, long documents,
                                int batchDocuments, PrintStream progress) {
    if (documents < 1 || batchDocuments < 1) {
      throw new IllegalArgumentException("documents and batchDocuments must be positive: " + documents + ", "
        + batchDocuments);
    }
    MeilisearchClient source = client(vertx, url, masterKey, sourceIndex);
    try {
      long startedNanos = System.nanoTime();
      long available = Blocking.await(source.documentCount(), STEP_TIMEOUT, "counting the documents of " + sourceIndex);
      if (available == 0) {
        throw new IllegalStateException("index " + sourceIndex + " holds no documents to measure with");
      }
      List<Buffer> bodies = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (Page page : pages(Math.min(documents, available), batchDocuments)) {
        JsonArray results = Blocking.await(source.documents(page.offset(), page.limit()), STEP_TIMEOUT,
          "reading documents " + page.offset() + "+" + page.limit() + " of " + sourceIndex).getJsonArray("results");
        List<JsonObject> batch = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
          batch.add(results.getJsonObject(i));
        }
        bodies.add(SearchDocuments.ndjson(batch));
        sizes.add(batch.size());
      }
      Batches batches = new Batches(List.copyOf(bodies), List.copyOf(sizes), batchDocuments);
      progress.printf(Locale.ROOT, "%s: exported %,d documents of %s in %d batches (%,d bytes) in %.1f s%n", WHAT,
        batches.documents(), sourceIndex, bodies.size(), batches.bytes(), (System.nanoTime() - startedNanos) / 1e9);
      return batches;
    } finally {
      source.close();
    }
  }

  /**
   * A fresh scratch index made ready as the indexer makes it, filled with {@code filler} (untimed), the timed posting
   * of {@code batches}, then the scratch index deleted.
   */
  private static Result index(Vertx vertx, URI url, String masterKey, String sourceIndex, Batches filler,
                              Batches batches, int tasksEnqueued, PrintStream progress) {
    if (tasksEnqueued < 1) {
      throw new IllegalArgumentException("at least one task is enqueued at a time, not " + tasksEnqueued);
    }
    String scratchIndex = sourceIndex + "_limit";
    MeilisearchClient scratch = client(vertx, url, masterKey, scratchIndex);
    Tasks tasks = new Tasks(vertx, url, masterKey, scratchIndex, scratch);
    try {
      tasks.deleteIndex();
      Blocking.await(SearchIndex.prepare(scratch), STEP_TIMEOUT, "preparing index " + scratchIndex);
      if (!filler.bodies().isEmpty()) {
        post(tasks, filler, 2, progress, "prefill");
      }
      Throughput throughput = post(tasks, batches, tasksEnqueued, progress, tasksEnqueued + " enqueued");
      long stored = Blocking.await(scratch.documentCount(), STEP_TIMEOUT, "counting the documents of " + scratchIndex);
      if (stored != filler.documents() + batches.documents()) {
        throw new IllegalStateException("index " + scratchIndex + " holds " + stored + " documents after "
          + (filler.documents() + batches.documents()) + " were sent: the measurement is void");
      }
      Result result = Result.of(throughput, batches.batchDocuments(), tasksEnqueued, batches.bytes(), filler.documents());
      progress.printf(Locale.ROOT, "%s: %,d documents in %.2f s after %,d prefilled, %,.0f documents/s (batches of %,d,"
          + " up to %d task%s enqueued)%n", WHAT, result.documents(), result.seconds(), result.prefilled(),
        result.documentsPerSecond(), result.batchDocuments(), tasksEnqueued, tasksEnqueued == 1 ? "" : "s");
      return result;
    } finally {
      try {
        tasks.deleteIndex();
      } finally {
        tasks.close();
        scratch.close();
      }
    }
  }

  /** Timed: from the first post to the last task succeeded, never more than {@code tasksEnqueued} tasks unfinished. */
  private static Throughput post(Tasks tasks, Batches batches, int tasksEnqueued, PrintStream progress, String label) {
    record Unfinished(Future<Void> task, int documents) {
    }
    long startedNanos = System.nanoTime();
    Throughput.Progress meter = new Throughput.Progress(progress, WHAT + " (" + label + ")",
      "documents", batches.documents(), PROGRESS_INTERVAL_NANOS, startedNanos);
    Deque<Unfinished> unfinished = new ArrayDeque<>();
    long done = 0;
    for (int i = 0; i <= batches.bodies().size(); i++) {
      boolean allPosted = i == batches.bodies().size();
      while (!unfinished.isEmpty() && (allPosted || unfinished.size() == tasksEnqueued)) {
        Unfinished oldest = unfinished.removeFirst();
        Blocking.await(oldest.task(), STEP_TIMEOUT, "a task of " + oldest.documents() + " documents");
        done += oldest.documents();
        meter.update(done, System.nanoTime());
      }
      if (!allPosted) {
        unfinished.addLast(new Unfinished(tasks.upsert(batches.bodies().get(i)), batches.sizes().get(i)));
      }
    }
    return new Throughput(done, System.nanoTime() - startedNanos);
  }

  /**
   * The two writes {@link MeilisearchClient} does not offer: posting documents without waiting for their task (so a
   * second can be enqueued), and deleting an index.
   */
  private static final class Tasks {

    private final WebClient http;
    private final String indexUrl;
    private final String authorization;
    private final String index;
    private final MeilisearchClient meilisearch;

    Tasks(Vertx vertx, URI url, String masterKey, String index, MeilisearchClient meilisearch) {
      this.http = WebClient.create(vertx);
      this.indexUrl = url.toString().replaceAll("/+$", "") + "/indexes/" + index;
      this.authorization = "Bearer " + masterKey;
      this.index = index;
      this.meilisearch = meilisearch;
    }

    /** Posts the NDJSON body, then answers when its task has succeeded. */
    Future<Void> upsert(Buffer ndjson) {
      long taskUid = Blocking.await(http.postAbs(indexUrl + "/documents")
        .timeout(STEP_TIMEOUT.toMillis())
        .putHeader("Authorization", authorization)
        .putHeader("Content-Type", "application/x-ndjson")
        .sendBuffer(ndjson)
        .compose(Tasks::enqueued), STEP_TIMEOUT, "posting documents to " + index);
      return meilisearch.awaitTask(taskUid);
    }

    /** Deletes the index and waits for it; an index that does not exist is fine. */
    void deleteIndex() {
      Future<Void> deleted = http.requestAbs(HttpMethod.DELETE, indexUrl)
        .timeout(STEP_TIMEOUT.toMillis())
        .putHeader("Authorization", authorization)
        .send()
        .compose(Tasks::enqueued)
        .compose(meilisearch::awaitTask)
        .recover(failure -> failure instanceof MeilisearchException error && error.code().equals("index_not_found")
          ? Future.succeededFuture() : Future.failedFuture(failure));
      Blocking.await(deleted, STEP_TIMEOUT, "deleting index " + index);
    }

    private static Future<Long> enqueued(HttpResponse<Buffer> response) {
      if (response.statusCode() != 202) {
        return Future.failedFuture(new IllegalStateException("Meilisearch answered " + response.statusCode() + ": "
          + response.bodyAsString()));
      }
      return Future.succeededFuture(response.bodyAsJsonObject().getLong("taskUid"));
    }

    void close() {
      http.close();
    }
  }

  private static MeilisearchClient client(Vertx vertx, URI url, String masterKey, String index) {
    SearchSettings settings = SearchSettings.from(Config.defaults().getJsonObject("search").copy()
      .put("url", url.toString())
      .put("masterKey", masterKey)
      .put("index", index));
    return new MeilisearchClient(vertx, settings, masterKey);
  }


}
