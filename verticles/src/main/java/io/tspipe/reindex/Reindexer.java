package io.tspipe.reindex;

import io.tspipe.search.SearchDocuments;
import io.tspipe.search.SearchIndex;
import io.tspipe.sink.Retry;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.store.EventsTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rebuilds the search documents of the events stored in a {@link ReindexRange}: prepares the index as the indexer
 * does, counts the events, then reads them from ClickHouse a page at a time in {@code (timestamp, id)} order, each page
 * starting after the last key of the one before, and upserts every page into Meilisearch by id, reading the next page
 * while the previous one is written. Documents are added or replaced, never deleted, so running it again is harmless.
 * A transient failure is retried for up to a minute. Progress lines and the summary go to {@code out}.
 */
public final class Reindexer {

  private static final Logger LOG = LoggerFactory.getLogger(Reindexer.class);
  private static final long RETRY_INITIAL_DELAY_MS = 200;
  private static final long RETRY_MAX_DELAY_MS = 5_000;
  private static final long GIVE_UP_AFTER_MS = 60_000;
  private static final String TIMESTAMP_TYPE = "DateTime64(3, 'UTC')";
  private static final String IN_RANGE = " WHERE timestamp >= {from:" + TIMESTAMP_TYPE + "}"
    + " AND timestamp < {to:" + TIMESTAMP_TYPE + "}";
  /**
   * Where a page starts: after the last {@code (timestamp, id)} of the one before, the WHERE and the ORDER BY comparing
   * the same key so pages follow each other exactly, however many events share a timestamp. The id is compared as
   * text: ClickHouse orders the UUID type by its last eight bytes first, and ClickHouse 26's top-K dynamic filtering
   * fails intermittently on {@code ORDER BY timestamp, <uuid> LIMIT n} ("Type mismatch … __topKFilter"); it leaves
   * sort keys of variable length alone. {@code events.id} is the column whatever aliases the select list uses. A page
   * is keyed by its last document: its {@code id} and its {@code timestamp} in epoch milliseconds.
   */
  private static final String AFTER_KEY = " AND timestamp >= {after_ts:" + TIMESTAMP_TYPE + "}"
    + " AND (timestamp, toString(events.id)) > ({after_ts:" + TIMESTAMP_TYPE + "}, {after_id:String})";
  private static final String PAGE_ORDER = " ORDER BY timestamp, toString(events.id) LIMIT {limit:UInt32}";

  private final Vertx vertx;
  private final ReindexSettings settings;
  private final ClickHouseReads clickHouse;
  private final MeilisearchClient meilisearch;
  private final PrintStream out;
  private final Retry retry;

  public Reindexer(Vertx vertx, ReindexSettings settings, ClickHouseReads clickHouse, MeilisearchClient meilisearch,
                   PrintStream out) {
    this.vertx = vertx;
    this.settings = settings;
    this.clickHouse = clickHouse;
    this.meilisearch = meilisearch;
    this.out = out;
    this.retry = new Retry(vertx, RETRY_INITIAL_DELAY_MS, RETRY_MAX_DELAY_MS, LOG);
  }

  /** Reindexes {@code range} on a context of its own; answers how many documents were written. */
  public Future<Long> run(ReindexRange range) {
    Promise<Long> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> reindex(range).onComplete(result));
    return result.future();
  }

  private Future<Long> reindex(ReindexRange range) {
    return retried("preparing the Meilisearch index", () -> SearchIndex.prepare(meilisearch))
      .compose(v -> retried("counting the events in ClickHouse", () -> count(range)))
      .compose(total -> copy(range, total));
  }

  private Future<Long> count(ReindexRange range) {
    return clickHouse.select("SELECT count() AS events FROM " + table() + IN_RANGE, rangeParameters(range))
      .map(rows -> StoredValues.longOf(rows.get(0), "events"));
  }

  private Future<Long> copy(ReindexRange range, long total) {
    out.printf("reindex: %,d events stored from %s to %s; %,d per page%n", total, range.from(), range.to(),
      settings.pageRows());
    ReindexProgress progress = new ReindexProgress(total, System.nanoTime());
    long timer = vertx.setPeriodic(settings.progressIntervalMs(), id -> out.println(progress.line(System.nanoTime())));
    Promise<Void> copied = Promise.promise();
    copyPages(range, readPage(range, null), progress, copied);
    return copied.future()
      .andThen(done -> vertx.cancelTimer(timer))
      .map(v -> {
        out.println(progress.summary(System.nanoTime()));
        return progress.documents();
      });
  }

  /**
   * Copies the page being read, then the pages after it, until a page comes back empty. Each page is a future of its
   * own, so the chain stays flat however many pages there are.
   */
  private void copyPages(ReindexRange range, Future<List<JsonObject>> pageRead, ReindexProgress progress,
                         Promise<Void> copied) {
    pageRead
      .onFailure(copied::fail)
      .onSuccess(page -> {
        if (page.isEmpty()) {
          copied.complete();
        } else {
          copyPages(range, Future.succeededFuture(page).compose(documents -> copyPage(range, documents, progress)),
            progress, copied);
        }
      });
  }

  /** Writes a page of documents while the page after it is read, and answers that one (empty after the last). */
  private Future<List<JsonObject>> copyPage(ReindexRange range, List<JsonObject> documents, ReindexProgress progress) {
    Future<List<JsonObject>> next = documents.size() < settings.pageRows() ? Future.succeededFuture(List.of())
      : readPage(range, documents.get(documents.size() - 1));
    Future<Void> written = retried("indexing " + documents.size() + " documents",
      () -> meilisearch.upsertDocuments(SearchDocuments.ndjson(documents)))
      .onSuccess(v -> progress.copied(documents.size()));
    return Future.join(next, written).map(v -> next.result());
  }

  /** The documents of the page after the document {@code last}, or of the first page when {@code last} is null. */
  private Future<List<JsonObject>> readPage(ReindexRange range, JsonObject last) {
    Map<String, String> parameters = rangeParameters(range);
    parameters.put("limit", Integer.toString(settings.pageRows()));
    if (last != null) {
      Instant lastTimestamp = Instant.ofEpochMilli(last.getLong("timestamp"));
      parameters.put("after_ts", ClickHouseClient.dateTime64(lastTimestamp));
      parameters.put("after_id", last.getString(SearchDocuments.PRIMARY_KEY));
    }
    String query = "SELECT " + EventsTable.SELECT + " FROM " + table() + IN_RANGE + (last == null ? "" : AFTER_KEY)
      + PAGE_ORDER;
    return retried("reading events from ClickHouse", () -> clickHouse.select(query, parameters))
      .map(Reindexer::documents);
  }

  private static List<JsonObject> documents(List<JsonObject> rows) {
    List<JsonObject> documents = new ArrayList<>(rows.size());
    for (JsonObject row : rows) {
      documents.add(SearchDocuments.document(EventsTable.event(row), EventsTable.timestampMillis(row),
        EventsTable.ipInfo(row)));
    }
    return documents;
  }

  private <T> Future<T> retried(String what, Supplier<Future<T>> operation) {
    return retry.withinDeadline(what, operation, GIVE_UP_AFTER_MS)
      .recover(failure -> Future.failedFuture(new ReindexException(what + " failed"
        + (Retry.isTransient(failure) ? " for " + GIVE_UP_AFTER_MS / 1000 + " s" : "") + ": " + failure.getMessage(),
        failure)));
  }

  private Map<String, String> rangeParameters(ReindexRange range) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("from", range.fromParameter());
    parameters.put("to", range.toParameter());
    return parameters;
  }

  private String table() {
    return EventsTable.in(clickHouse.database());
  }
}
