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

/** The Kafka broker taken away for 20 s while records keep coming: everything that reads it waits and resumes. */
class BrokerOutageIT {

  private static final int RECORDS = 40_000;
  private static final Duration PRODUCTION = Duration.ofSeconds(40);
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  @DisplayName("with the Kafka broker stopped for 20 s mid-stream, the worker, the indexer and the ledger resume and"
    + " every record is stored, indexed and accounted for once")
  void ridesOutABrokerOutage() throws Exception {
    Engines engines = Engines.get();
    try (TestPipeline pipeline = TestPipeline.create("broker-outage")) {
      LedgerCheck.Ledgered ledgered = LedgerCheck.deployLedgered(pipeline);
      GeneratedRecords generated = TestPipeline.generate(RECORDS, false, 17);
      long goodEvents = generated.goodIds().size();

      try (PacedProducer producer = pipeline.producePaced(generated.records(), PRODUCTION)) {
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 2_000, Duration.ofMinutes(1));
        pipeline.awaitDocumentsAtLeast(2_000, Duration.ofMinutes(1));
        try {
          engines.stopKafka();
          long acknowledgedAtStop = producer.acknowledged();
          long storedAtStop = pipeline.number("SELECT count() FROM ${db}.events");
          assertTrue(acknowledgedAtStop < RECORDS && storedAtStop < goodEvents, "the broker stops mid-stream: "
            + acknowledgedAtStop + " records acknowledged, " + storedAtStop + " events stored");
          Thread.sleep(OUTAGE.toMillis()); // deliberate: the outage under test, the broker kept down for 20 s
        } finally {
          engines.startKafka();
        }
        producer.awaitAcknowledged(Duration.ofMinutes(2));
      }

      LedgerCheck.awaitEveryRecordOnce(pipeline, ledgered, generated);
    }
  }
}
