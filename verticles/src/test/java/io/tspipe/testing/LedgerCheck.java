package io.tspipe.testing;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

  /** Where a test's web role answers, and the start of the minute from which its ledger is read. */
  public record Ledgered(String web, Instant since) {
  }

  /**
   * The worker, the indexer and the web role deployed with the ledger sampling often ({@link #sampleOften}), once it
   * has taken its first sample ({@link #awaitFirstSample}).
   */
  public static Ledgered deployLedgered(TestPipeline pipeline) {
    sampleOften(pipeline);
    pipeline.deployWorker();
    pipeline.deployIndexer();
    String web = pipeline.deployWeb();
    return new Ledgered(web, awaitFirstSample(web, Duration.ofMinutes(1)));
  }

  /**
   * Every record of {@code generated} accounted for once: each valid event stored once and indexed once, by ids
   * ({@link ExactlyOnce}), and the ledger since the test began balanced and indexed to the last record.
   */
  public static void awaitEveryRecordOnce(TestPipeline pipeline, Ledgered ledgered, GeneratedRecords generated)
    throws InterruptedException {
    ExactlyOnce.awaitAndAssert(pipeline, generated, Duration.ofMinutes(3));
    ExactlyOnce.awaitIndexedOnce(pipeline, generated, Duration.ofMinutes(2));
    awaitBalanced(ledgered.web(), ledgered.since(), generated, Duration.ofMinutes(3));
    awaitIndexed(ledgered.web(), ledgered.since(), Duration.ofMinutes(1));
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
      assertEquals(0, totals.getLong("unsettled"), () -> "records of ranges not settled yet: " + totals + "; "
        + unsettled(ledger));
      settled.set(ledger);
    });
    return settled.get();
  }

  /**
   * Waits until the ledger has settled {@code generated}'s records, produced since {@code since}, then asserts that it
   * balances ({@link #assertBalanced}), counts each valid event stored and every record committed by the worker's group;
   * answers the ledger.
   */
  public static JsonObject awaitBalanced(String baseUrl, Instant since, GeneratedRecords generated, Duration timeout) {
    JsonObject ledger = awaitSettled(baseUrl, since, generated.records().size(), timeout);
    assertBalanced(ledger);
    JsonObject totals = ledger.getJsonObject("totals");
    assertEquals(generated.goodIds().size(), totals.getLong("stored"), "events stored, in the ledger: " + totals);
    assertEquals(totals.getLong("produced"), totals.getLong("consumed"), "records the worker committed: " + totals);
    return ledger;
  }

  /** Waits until the indexer's group has committed every record the ledger counts produced since {@code since}. */
  public static void awaitIndexed(String baseUrl, Instant since, Duration timeout) {
    eventually(timeout, () -> {
      JsonObject totals = ledger(baseUrl, "?from=" + since).getJsonObject("totals");
      assertEquals(totals.getLong("produced"), totals.getLong("indexed"), "records the indexer committed: " + totals);
    });
  }

  /** The first ten ranges not settled yet: partition, offsets, state and how many of them the worker committed. */
  private static List<String> unsettled(JsonObject ledger) {
    return ledger.getJsonArray("ranges").stream().map(JsonObject.class::cast)
      .filter(range -> range.getLong("unsettled") > 0)
      .limit(10)
      .map(range -> range.getString("topic") + "/" + range.getInteger("partition") + " "
        + range.getJsonObject("offsets").encode() + " " + range.getString("state") + ", " + range.getLong("consumed")
        + " committed")
      .toList();
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
