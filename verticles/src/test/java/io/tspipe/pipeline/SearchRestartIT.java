package io.tspipe.pipeline;

import io.tspipe.testing.Engines;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.LedgerCheck;
import io.tspipe.testing.PacedProducer;
import io.tspipe.testing.TestPipeline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Meilisearch restarted while records arrive, the worker and the indexer both consuming them. */
class SearchRestartIT {

  private static final int RECORDS = 30_000;
  private static final Duration PRODUCTION = Duration.ofSeconds(30);
  private static final Duration DOWN = Duration.ofSeconds(5);

  @Test
  @DisplayName("with Meilisearch restarted mid-stream, every valid event is indexed once and stored once, and the"
    + " ledger counts every record indexed")
  void indexesExactlyOnceThroughARestart() throws Exception {
    Engines engines = Engines.get();
    try (TestPipeline pipeline = TestPipeline.create("search-restart")) {
      LedgerCheck.Ledgered ledgered = LedgerCheck.deployLedgered(pipeline);
      GeneratedRecords generated = TestPipeline.generate(RECORDS, false, 19);

      try (PacedProducer producer = pipeline.producePaced(generated.records(), PRODUCTION)) {
        pipeline.awaitDocumentsAtLeast(2_000, Duration.ofMinutes(1));
        try {
          engines.stopMeilisearch();
          long acknowledgedAtStop = producer.acknowledged();
          assertTrue(acknowledgedAtStop < RECORDS,
            "Meilisearch stops mid-stream: " + acknowledgedAtStop + " records acknowledged");
          Thread.sleep(DOWN.toMillis()); // deliberate: the restart under test, Meilisearch down for 5 s
        } finally {
          engines.startMeilisearch();
        }
        producer.awaitAcknowledged(Duration.ofMinutes(2));
      }

      LedgerCheck.awaitEveryRecordOnce(pipeline, ledgered, generated);
    }
  }
}
