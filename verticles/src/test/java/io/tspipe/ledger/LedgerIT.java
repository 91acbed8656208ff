package io.tspipe.ledger;

import io.tspipe.testing.ExactlyOnce;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.LedgerCheck;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger on the real engines: records through the worker and the indexer account for every offset produced,
 * and then a stored row deleted and a row stored twice are each named by topic, partition and offset.
 */
class LedgerIT {

  @Test
  @DisplayName("every record produced is accounted for once; a deleted row is named lost, a row stored twice duplicated")
  void namesLossAndDuplicate() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("ledger")) {
      LedgerCheck.Ledgered ledgered = LedgerCheck.deployLedgered(pipeline);
      String web = ledgered.web();
      Instant since = ledgered.since();

      GeneratedRecords generated = TestPipeline.generate(3_000, false, 11);
      pipeline.produce(generated.records());
      ExactlyOnce.awaitAndAssert(pipeline, generated, Duration.ofMinutes(2));
      JsonObject balanced = LedgerCheck.awaitSettled(web, since, generated.records().size(), Duration.ofMinutes(3));
      LedgerCheck.assertBalanced(balanced);
      JsonObject totals = balanced.getJsonObject("totals");
      assertEquals(generated.goodIds().size(), totals.getLong("stored"));
      assertEquals(ExactlyOnce.expectedRows(generated) - generated.goodIds().size(),
        totals.getLong("rejected") + totals.getLong("duplicates"));
      assertEquals(totals.getLong("produced"), totals.getLong("consumed"), "the worker committed every record");
      LedgerCheck.awaitIndexed(web, since, Duration.ofMinutes(2));

      JsonObject deleted = pipeline.row("SELECT toString(id) AS id, toString(kafka_topic) AS topic,"
        + " kafka_partition AS partition, toString(kafka_offset) AS offset FROM ${db}.events ORDER BY kafka_offset LIMIT 1");
      JsonObject copied = pipeline.row("SELECT toString(id) AS id, toString(kafka_topic) AS topic,"
        + " kafka_partition AS partition, toString(kafka_offset) AS offset FROM ${db}.events"
        + " WHERE id != '" + deleted.getString("id") + "' ORDER BY kafka_offset DESC LIMIT 1");
      pipeline.execute("ALTER TABLE ${db}.events DELETE WHERE id = '" + deleted.getString("id")
        + "' SETTINGS mutations_sync = 2");
      pipeline.execute("INSERT INTO ${db}.events SELECT * FROM ${db}.events WHERE id = '" + copied.getString("id") + "'");

      eventually(Duration.ofMinutes(1), () -> {
        JsonObject ledger = LedgerCheck.ledger(web, "?from=" + since);
        assertEquals(1, ledger.getJsonObject("totals").getLong("lost"), ledger.encode());
        assertEquals(1, ledger.getJsonObject("totals").getLong("duplicated"), ledger.encode());
        JsonArray discrepancies = ledger.getJsonArray("discrepancies");
        assertEquals(List.of(named("duplicated", copied), named("lost", deleted)),
          discrepancies.stream().map(found -> named((JsonObject) found)).sorted().toList(), discrepancies.encode());
      });
      JsonObject onePartition = LedgerCheck.ledger(web, "?from=" + since + "&topic=" + deleted.getString("topic")
        + "&partition=" + deleted.getInteger("partition"));
      assertTrue(onePartition.getJsonArray("partitions").size() == 1
        && "lost".equals(onePartition.getJsonArray("partitions").getJsonObject(0).getString("state")), onePartition.encode());
    }
  }

  private static String named(String kind, JsonObject row) {
    long offset = Long.parseLong(row.getString("offset"));
    return kind + " " + row.getString("topic") + "/" + row.getInteger("partition") + " [" + offset + ", " + (offset + 1) + ")";
  }

  private static String named(JsonObject discrepancy) {
    JsonObject run = discrepancy.getJsonArray("offsets").getJsonObject(0);
    return discrepancy.getString("kind") + " " + discrepancy.getString("topic") + "/" + discrepancy.getInteger("partition")
      + " [" + run.getLong("from") + ", " + run.getLong("to") + ")";
  }
}
