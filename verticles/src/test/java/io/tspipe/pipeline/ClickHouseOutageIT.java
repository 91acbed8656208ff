package io.tspipe.pipeline;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.testing.Engines;
import io.tspipe.testing.ExactlyOnce;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.TestPipeline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** ClickHouse taken away for 20 s while events keep arriving. */
class ClickHouseOutageIT {

  @Test
  @DisplayName("with ClickHouse unreachable for 20 s mid-stream, the worker waits, resumes and loses nothing")
  void waitsOutAnOutage() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("outage")) {
      GeneratedRecords generated = TestPipeline.generate(40_000, false, 13);
      List<OutgoingEvent> records = generated.records();
      pipeline.deployWorker();

      pipeline.produce(records.subList(0, 10_000));
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 5_000, Duration.ofMinutes(1));
      Engines.get().stopClickHouse();
      long outageStarted = System.nanoTime();
      pipeline.produce(records.subList(10_000, 30_000));
      long outageLeftMs = Math.max(0, 20_000 - (System.nanoTime() - outageStarted) / 1_000_000);
      Thread.sleep(outageLeftMs); // deliberate: the outage under test, ClickHouse kept down for 20 s
      Engines.get().startClickHouse();
      pipeline.produce(records.subList(30_000, records.size()));

      ExactlyOnce.awaitAndAssert(pipeline, generated, Duration.ofMinutes(2));
      assertTrue(pipeline.number("SELECT count() FROM ${db}.events WHERE ingested_at > now64(3) - INTERVAL 10 MINUTE") > 0);
    }
  }
}
