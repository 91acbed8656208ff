package io.tspipe.testing;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's account of a test's records, read from the web role's {@code GET /api/v1/ledger}: every record
 * produced since the test began stored, rejected or recognised as a duplicate exactly once.
 */
public final class LedgerCheck {

  private LedgerCheck() {
  }

  /** Samples every second and settles a range as soon as its minute is over, so a test waits a minute at most. */
  public static void sampleOften(TestPipeline pipeline) {
    pipeline.config().getJsonObject("ledger").put("sampleSeconds", 1).put("settleSeconds", 0).put("checkSeconds", 2);
  }

  /**
   * Waits until the ledger has sampled the topics, which exist once a worker has started: records produced from then
   * on are in its ranges. Answers the start of the minute of that sample, from which the test's ledger is read.
   */
  public static Instant awaitFirstSample(String baseUrl, Duration timeout) {
    AtomicReference<Instant> sampled = new AtomicReference<>();
    eventually(timeout, () -> {
      JsonObject ledger = ledger(baseUrl, "?range=15m");
      assertNotNull(ledger.getString("sampledAt"), "the ledger has taken no sample yet");
      sampled.set(Instant.parse(ledger.getString("sampledAt")).truncatedTo(ChronoUnit.MINUTES));
    });
    return sampled.get();
  }

  /**
   * Waits until every range since {@code since} is settled and the ledger holds {@code produced} records, then answers
   * the ledger.
   */
  public static JsonObject awaitSettled(String baseUrl, Instant since, long produced, Duration timeout) {
    AtomicReference<JsonObject> settled = new AtomicReference<>();
    eventually(timeout, () -> {
      JsonObject ledger = ledger(baseUrl, "?from=" + since);
      JsonObject totals = ledger.getJsonObject("totals");
      assertEquals(produced, totals.getLong("produced"), "records produced in the ledger: " + totals);
      assertEquals(0, totals.getLong("unsettled"), "records of ranges not settled yet: " + totals);
      settled.set(ledger);
    });
    return settled.get();
  }

  /** Asserts that the ledger found nothing lost and nothing duplicated. */
  public static void assertBalanced(JsonObject ledger) {
    JsonObject totals = ledger.getJsonObject("totals");
    assertEquals(0, totals.getLong("lost"), "records lost: " + ledger.getJsonArray("discrepancies"));
    assertEquals(0, totals.getLong("duplicated"), "records duplicated: " + ledger.getJsonArray("discrepancies"));
    assertEquals(0, totals.getLong("difference"), "produced − stored − rejected − duplicates: " + totals);
    assertTrue(ledger.getJsonArray("discrepancies").isEmpty(), ledger.getJsonArray("discrepancies").encode());
    ledger.getJsonArray("partitions").forEach(partition ->
      assertEquals("balanced", ((JsonObject) partition).getString("state"), "partition " + partition));
  }

  /** The ledger at {@code query}. */
  public static JsonObject ledger(String baseUrl, String query) {
    try {
      return ApiCalls.body(ApiCalls.send(baseUrl, "GET", "/api/v1/ledger" + query, null, null), 200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("the ledger did not answer", e);
    }
  }
}
