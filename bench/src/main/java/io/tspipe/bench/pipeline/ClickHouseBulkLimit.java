package io.tspipe.bench.pipeline;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.Config;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseSchema;
import io.tspipe.store.EventsTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * ClickHouse's own bulk insert rate for the very rows the worker stored, measured as the worker inserts them: the
 * ceiling the worker's ingest rate is compared with.
 *
 * <p>Rows of {@code <source>.events} are exported (in the order the worker stored them, batch after batch) as RowBinary
 * with the worker's own column list, {@link EventsTable#COLUMNS}, and cut into batches held in memory. A
 * scratch database {@code <source>_limit_<rows>} gets the production schema from {@link ClickHouseSchema}, so the same
 * materialized views fire on every insert. The batches are then inserted one at a time through the worker's
 * {@link ClickHouseClient#insertRowBinary}, each with a deduplication token of its own as the worker sends, and only
 * those inserts are timed. The scratch database is dropped afterwards, whatever happened.
 *
 * <p>Blocking: call it from the orchestrating thread, never from a Vert.x event loop.
 */
final class ClickHouseBulkLimit {

  /** Rows measured unless told otherwise (fewer when the source holds fewer). */
  static final long DEFAULT_ROWS = 1_000_000;

  private static final String WHAT = "clickhouse bulk limit";
  private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
  private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

  /**
   * What ClickHouse took in.
   *
   * @param rows          rows inserted into {@code events}
   * @param seconds       from the first insert sent to the last one acknowledged
   * @param rowsPerSecond rows / seconds
   * @param batchRows     rows per insert (the last may hold fewer)
   * @param bytes         RowBinary bytes sent, all inserts together
   */
  record Result(long rows, double seconds, double rowsPerSecond, int batchRows, long bytes) {

    static Result of(Throughput throughput, int batchRows, long bytes) {
      return new Result(throughput.items(), throughput.seconds(), throughput.perSecond(), batchRows, bytes);
    }
  }

  private ClickHouseBulkLimit() {
  }

  /** The worker's default batch, {@code worker.batchMaxRows} of the defaults file. */
  static int defaultBatchRows() {
    return Config.defaults().getJsonObject("worker").getInteger("batchMaxRows");
  }

  /**
   * {@link #measure(Vertx, URI, String, String, String, long, int, PrintStream)} as user {@code default} without a
   * password, with {@link #DEFAULT_ROWS} rows in batches of {@link #defaultBatchRows()}.
   */
  static Result measure(Vertx vertx, URI url, String sourceDatabase, PrintStream progress) {
    return measure(vertx, url, "default", "", sourceDatabase, DEFAULT_ROWS, defaultBatchRows(), progress);
  }

  /**
   * Measures ClickHouse's bulk insert rate for up to {@code rows} rows of {@code <sourceDatabase>.events} in batches
   * of {@code batchRows}, printing progress about every 2 s. Fails when the source holds no rows, when its columns are
   * not the worker's, or when the scratch table does not end up holding every row inserted.
   */
  static Result measure(Vertx vertx, URI url, String user, String password, String sourceDatabase, long rows,
                        int batchRows, PrintStream progress) {
    Blocking.refuseEventLoop("a bulk limit");
    if (rows < 1 || batchRows < 1) {
      throw new IllegalArgumentException("rows and batchRows must be positive: " + rows + ", " + batchRows);
    }
    ClickHouseSettings source = settings(url, user, password, sourceDatabase);
    ClickHouseBulkLimitBatches batches = export(source, rows, batchRows, progress);
    ClickHouseClient scratch = new ClickHouseClient(vertx,
      settings(url, user, password, sourceDatabase + "_limit_" + batches.rows()));
    try {
      Blocking.await(dropDatabase(scratch), STEP_TIMEOUT, "dropping " + scratch.database());
      Blocking.await(new ClickHouseSchema(scratch, source.retentionDays()).apply(), STEP_TIMEOUT,
        "applying the schema to " + scratch.database());
      Throughput throughput = insert(scratch, batches, progress);
      checkStored(scratch, batches.rows());
      Result result = Result.of(throughput, batchRows, batches.bytes());
      progress.printf(Locale.ROOT, "%s: %,d rows in %.2f s, %,.0f rows/s (batches of %,d, %,d bytes)%n", WHAT,
        result.rows(), result.seconds(), result.rowsPerSecond(), result.batchRows(), result.bytes());
      return result;
    } finally {
      Blocking.await(dropDatabase(scratch), STEP_TIMEOUT, "dropping " + scratch.database());
      scratch.close();
    }
  }

  private static ClickHouseSettings settings(URI url, String user, String password, String database) {
    return ClickHouseSettings.from(Config.defaults().getJsonObject("clickhouse").copy()
      .put("url", url.toString())
      .put("user", user)
      .put("password", password)
      .put("database", database));
  }

  /** Not timed: the rows, oldest stored first, in the worker's columns, cut into batches. */
  private static ClickHouseBulkLimitBatches export(ClickHouseSettings source, long rows, int batchRows,
                                                   PrintStream progress) {
    String sql = "SELECT " + String.join(", ", EventsTable.COLUMNS) + " FROM " + EventsTable.in(source.database())
      + " ORDER BY ingested_at, kafka_topic, kafka_partition, kafka_offset LIMIT " + rows;
    HttpRequest request = HttpRequest.newBuilder(URI.create(source.url().toString().replaceAll("/+$", "")
        + "/?default_format=" + URLEncoder.encode("RowBinaryWithNamesAndTypes", StandardCharsets.UTF_8)))
      .timeout(EXPORT_TIMEOUT)
      .header("X-ClickHouse-User", source.user())
      .header("X-ClickHouse-Key", source.password())
      .POST(HttpRequest.BodyPublishers.ofString(sql))
      .build();
    long startedNanos = System.nanoTime();
    ClickHouseBulkLimitBatches batches;
    try {
      HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
        HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IllegalStateException("exporting " + source.database() + ".events: ClickHouse answered "
            + response.statusCode() + ": " + new String(body.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
        batches = ClickHouseBulkLimitBatches.read(body, batchRows);
      }
    } catch (IOException failure) {
      throw new IllegalStateException("exporting " + source.database() + ".events failed: " + failure, failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while exporting " + source.database() + ".events", interrupted);
    }
    if (!batches.columns().equals(EventsTable.COLUMNS)) {
      throw new IllegalStateException("exported columns " + batches.columns() + " are not the worker's "
        + EventsTable.COLUMNS);
    }
    if (batches.rows() == 0) {
      throw new IllegalStateException(source.database() + ".events holds no rows to measure with");
    }
    progress.printf(Locale.ROOT, "%s: exported %,d rows of %s.events in %d batches (%,d bytes) in %.1f s%n", WHAT,
      batches.rows(), source.database(), batches.batches().size(), batches.bytes(),
      (System.nanoTime() - startedNanos) / 1e9);
    return batches;
  }

  /** Timed: one insert in flight, as the worker sends them, each with a deduplication token of its own. */
  private static Throughput insert(ClickHouseClient scratch, ClickHouseBulkLimitBatches batches, PrintStream progress) {
    long startedNanos = System.nanoTime();
    Throughput.Progress meter = new Throughput.Progress(progress, WHAT, "rows", batches.rows(),
      PROGRESS_INTERVAL_NANOS, startedNanos);
    long done = 0;
    for (int i = 0; i < batches.batches().size(); i++) {
      String token = UUID.randomUUID() + ":events";
      Blocking.await(scratch.insertRowBinary(EventsTable.NAME, EventsTable.COLUMNS, batches.batches().get(i), token),
        STEP_TIMEOUT, "insert " + (i + 1) + " into " + scratch.database() + ".events");
      done += batches.rowsIn(i);
      meter.update(done, System.nanoTime());
    }
    return new Throughput(done, System.nanoTime() - startedNanos);
  }

  private static void checkStored(ClickHouseClient scratch, long expected) {
    List<JsonObject> count = Blocking.await(scratch.select("SELECT count() AS n FROM " + scratch.database() + ".events",
      Map.of()), STEP_TIMEOUT, "counting " + scratch.database() + ".events");
    long stored = Long.parseLong(String.valueOf(count.get(0).getValue("n")));
    if (stored != expected) {
      throw new IllegalStateException(scratch.database() + ".events holds " + stored + " rows after inserting "
        + expected + ": the measurement is void");
    }
  }

  /** Not {@code SYNC}: on the local engine (chDB) a synchronous drop of tables just written never returns. */
  private static Future<Void> dropDatabase(ClickHouseClient scratch) {
    return scratch.execute("DROP DATABASE IF EXISTS " + scratch.database());
  }


}
