package io.tspipe.reindex;

import io.tspipe.SearchKeyCommand;
import io.tspipe.generator.OutgoingEvent;
import io.tspipe.search.SearchDocuments;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.MeilisearchException;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.IpDatabase;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin commands against the real engines: events stored in ClickHouse by a real worker (no indexer runs), then
 * the search index rebuilt from them for a sub-range by the same {@link ReindexCommand} the jar runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReindexIT {

  private static final int RECORDS = 6_000;
  private static final int PAGE_ROWS = 250;
  private static TestPipeline pipeline;
  private static Map<String, JsonObject> sentEvents;
  private static ReindexRange range;

  @BeforeAll
  static void storeEvents() throws InterruptedException {
    pipeline = TestPipeline.create("reindex");
    pipeline.config().getJsonObject("reindex").put("pageRows", PAGE_ROWS).put("progressIntervalMs", 100);
    GeneratedRecords generated = TestPipeline.generate(RECORDS, false, 31);
    sentEvents = new HashMap<>();
    for (OutgoingEvent record : generated.records()) {
      if (record.kind() == OutgoingEvent.Kind.GOOD) {
        JsonObject event = new JsonObject(record.value());
        sentEvents.put(event.getString("id"), event);
      }
    }
    pipeline.deployWorker();
    pipeline.produce(generated.records());
    pipeline.awaitNumber("SELECT count() FROM ${db}.events", sentEvents.size(), Duration.ofMinutes(3));
    List<Long> stamps = pipeline.rows("SELECT toUnixTimestamp64Milli(timestamp) AS ms FROM ${db}.events"
      + " ORDER BY timestamp").stream().map(row -> Long.parseLong(row.getString("ms"))).toList();
    range = new ReindexRange(Instant.ofEpochMilli(stamps.get(stamps.size() / 4)),
      Instant.ofEpochMilli(stamps.get(stamps.size() * 3 / 4)));
  }

  @AfterAll
  static void close() {
    pipeline.close();
  }

  @Test
  @Order(1)
  @DisplayName("the index holds exactly the events stored in the range, though pages end inside runs of one timestamp")
  void indexesExactlyTheRange() {
    List<JsonObject> inRange = pipeline.rows("SELECT toString(id) AS id, toUnixTimestamp64Milli(timestamp) AS ms"
      + " FROM ${db}.events WHERE " + rangeCondition() + " ORDER BY timestamp, id");
    assertTrue(inRange.size() > RECORDS / 3, "the range should hold about half the events, had " + inRange.size());
    assertTrue(IntStream.iterate(PAGE_ROWS, end -> end < inRange.size(), end -> end + PAGE_ROWS)
        .anyMatch(end -> inRange.get(end - 1).getString("ms").equals(inRange.get(end).getString("ms"))),
      "some page should end inside a run of events sharing one timestamp, or keyset pagination goes untested");

    assertEquals(0, ReindexCommand.run(pipeline.vertx(), pipeline.config(), range, System.out));

    Set<String> expected = inRange.stream().map(row -> row.getString("id")).collect(Collectors.toSet());
    assertEquals(expected.size(), pipeline.awaitResult(pipeline.search().documentCount()));
    assertEquals(expected, pipeline.indexedIds());
  }

  @Test
  @Order(2)
  @DisplayName("every document equals the one the indexer makes from the event as it was sent")
  void documentsRoundTrip() {
    List<JsonObject> documents = pipeline.indexedDocuments();
    assertTrue(documents.size() > RECORDS / 3);
    for (JsonObject document : documents) {
      JsonObject sent = sentEvents.get(document.getString("id"));
      long millis = Instant.parse(sent.getString("timestamp")).toEpochMilli();
      assertEquals(SearchDocuments.document(sent, millis, IpDatabase.load().lookup(sent.getString("sourceIp"))), document);
    }
  }

  @Test
  @Order(3)
  @DisplayName("running the reindex again leaves the same documents")
  void isIdempotent() {
    Set<String> before = pipeline.indexedIds();
    assertEquals(0, ReindexCommand.run(pipeline.vertx(), pipeline.config(), range, System.out));
    assertEquals(before.size(), pipeline.awaitResult(pipeline.search().documentCount()));
    assertEquals(before, pipeline.indexedIds());
  }

  @Test
  @Order(4)
  @DisplayName("a range without events indexes nothing, and a ClickHouse refusal fails the reindex at once with code 1")
  void endsCleanlyOnEmptyRangesAndRefusals() {
    long documents = pipeline.awaitResult(pipeline.search().documentCount());
    ReindexRange empty = new ReindexRange(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-01-02T00:00:00Z"));
    assertEquals(0, ReindexCommand.run(pipeline.vertx(), pipeline.config(), empty, System.out));
    assertEquals(documents, pipeline.awaitResult(pipeline.search().documentCount()));

    JsonObject noSuchDatabase = pipeline.config().copy();
    noSuchDatabase.getJsonObject("clickhouse").put("database", "no_such_database");
    long startedNanos = System.nanoTime();
    assertEquals(1, ReindexCommand.run(pipeline.vertx(), noSuchDatabase, range, System.out));
    assertTrue(System.nanoTime() - startedNanos < Duration.ofSeconds(10).toNanos(),
      "an unknown database is refused at once, not retried");
  }

  @Test
  @Order(5)
  @DisplayName("the search key is the same every time, can search the index and is refused writes")
  void searchKeyOnlySearches() {
    String key = pipeline.awaitResult(SearchKeyCommand.searchKey(pipeline.vertx(), pipeline.searchSettings()));
    assertEquals(key, pipeline.awaitResult(SearchKeyCommand.searchKey(pipeline.vertx(), pipeline.searchSettings())));
    assertNotEquals(pipeline.searchSettings().masterKey(), key);

    MeilisearchClient searchOnly = new MeilisearchClient(pipeline.vertx(), pipeline.searchSettings(), key);
    JsonObject result = pipeline.awaitResult(searchOnly.search(new JsonObject().put("q", "").put("limit", 1)));
    assertEquals(1, result.getJsonArray("hits").size());

    JsonObject document = result.getJsonArray("hits").getJsonObject(0);
    MeilisearchException error = assertThrows(MeilisearchException.class,
      () -> pipeline.awaitResult(searchOnly.upsertDocuments(SearchDocuments.ndjson(List.of(document)))));
    assertTrue(error.httpStatus() == 403 || error.httpStatus() == 401, error.getMessage());
    pipeline.awaitResult(searchOnly.close());
  }

  private static String rangeCondition() {
    return "timestamp >= fromUnixTimestamp64Milli(" + range.from().toEpochMilli() + ", 'UTC')"
      + " AND timestamp < fromUnixTimestamp64Milli(" + range.to().toEpochMilli() + ", 'UTC')";
  }
}
