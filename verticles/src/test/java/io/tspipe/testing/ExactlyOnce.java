package io.tspipe.testing;

import io.tspipe.generator.OutgoingEvent;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The acceptance checks shared by the failure tests: what was produced is stored once, and indexed once, nothing more,
 * nothing less.
 */
public final class ExactlyOnce {

  private static final String STORED = "SELECT (SELECT count() FROM ${db}.events) + (SELECT count() FROM ${db}.rejected_events)"
    + " + (SELECT count() FROM ${db}.duplicate_events)";

  private ExactlyOnce() {
  }

  public static long expectedRows(GeneratedRecords generated) {
    return generated.goodIds().size() + generated.count(OutgoingEvent.Kind.BAD) + generated.count(OutgoingEvent.Kind.DUPLICATE);
  }

  /** Waits until the search index holds one document per valid event, then checks that they are those events'. */
  public static void awaitIndexedOnce(TestPipeline pipeline, GeneratedRecords generated, Duration timeout) {
    pipeline.awaitDocuments(generated.goodIds().size(), timeout);
    assertEquals(generated.goodIds(), pipeline.indexedIds(), "the indexed event ids");
  }

  /** Waits until the pipeline has stored as many rows as {@code generated} should give, then checks each table. */
  public static void awaitAndAssert(TestPipeline pipeline, GeneratedRecords generated, Duration timeout)
    throws InterruptedException {
    pipeline.awaitNumber(STORED, expectedRows(generated), timeout);
    Set<String> stored = pipeline.rows("SELECT toString(id) AS id FROM ${db}.events").stream()
      .map(row -> row.getString("id")).collect(Collectors.toCollection(HashSet::new));
    assertEquals(generated.goodIds(), stored, "the stored event ids");
    assertEquals(generated.goodIds().size(), pipeline.number("SELECT count() FROM ${db}.events"), "event rows");
    assertEquals(generated.count(OutgoingEvent.Kind.BAD), pipeline.number("SELECT count() FROM ${db}.rejected_events"), "rejects");
    assertEquals(generated.count(OutgoingEvent.Kind.BAD),
      pipeline.number("SELECT uniqExact(kafka_topic, kafka_partition, kafka_offset) FROM ${db}.rejected_events"), "distinct rejects");
    assertEquals(generated.count(OutgoingEvent.Kind.DUPLICATE), pipeline.number("SELECT count() FROM ${db}.duplicate_events"),
      "duplicates");
    for (String rollup : List.of("events_minute", "ip_minute", "user_minute")) {
      assertEquals(pipeline.number("SELECT count() FROM ${db}.events"),
        pipeline.number("SELECT sum(events) FROM ${db}." + rollup), "rollup total of " + rollup);
    }
  }
}
