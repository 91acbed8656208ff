package io.tspipe.web;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseException;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web role's ClickHouse client against the real engine: it reads, and ClickHouse refuses it every write. */
class ReadOnlyStorageIT {

  @Test
  @DisplayName("the read-only client reads; INSERT, ALTER, DROP and TRUNCATE sent through it are refused by ClickHouse")
  void refusesWrites() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-read-only")) {
      pipeline.deployWorker();
      pipeline.produce(TestPipeline.generate(200, false, 5).records());
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 150, Duration.ofMinutes(1));
      long stored = pipeline.number("SELECT count() FROM ${db}.events");
      ClickHouseClient reader = ClickHouseClient.readOnly(pipeline.vertx(), pipeline.clickHouseSettings());
      String db = pipeline.db();

      assertEquals(String.valueOf(stored), String.valueOf(pipeline.awaitResult(
        reader.select("SELECT count() AS n FROM " + db + ".events", Map.of())).get(0).getValue("n")));
      for (String write : List.of(
        "INSERT INTO " + db + ".events SELECT * FROM " + db + ".events LIMIT 1",
        "ALTER TABLE " + db + ".events DELETE WHERE 1",
        "TRUNCATE TABLE " + db + ".rejected_events",
        "DROP TABLE " + db + ".events")) {
        Throwable refused = failure(pipeline, reader.select(write, Map.of()));
        assertTrue(refused instanceof ClickHouseException, write + " → " + refused);
        assertEquals(164, ((ClickHouseException) refused).code(), "READONLY for " + write + ": " + refused.getMessage());
      }
      assertTrue(failure(pipeline, reader.execute("DROP TABLE " + db + ".events")) instanceof IllegalStateException);
      assertEquals(stored, pipeline.number("SELECT count() FROM ${db}.events"), "nothing changed");
      reader.close();
    }
  }

  private static Throwable failure(TestPipeline pipeline, Future<?> future) {
    return unwrap(assertThrows(Throwable.class, () -> pipeline.awaitResult(future)));
  }

  private static Throwable unwrap(Throwable thrown) {
    Throwable cause = thrown;
    while (cause.getCause() != null && !(cause instanceof ClickHouseException) && !(cause instanceof IllegalStateException)) {
      cause = cause.getCause();
    }
    return cause;
  }
}
