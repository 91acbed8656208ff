package io.tspipe.web;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseException;
import io.tspipe.sink.clickhouse.ClickHouseReader;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

  @Test
  @DisplayName("the JDBC reader reads typed rows with {name:Type} parameters; ClickHouse refuses it every write")
  void readerRefusesWrites() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-read-only-jdbc")) {
      pipeline.deployWorker();
      pipeline.produce(TestPipeline.generate(200, false, 5).records());
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 150, Duration.ofMinutes(1));
      long stored = pipeline.number("SELECT count() FROM ${db}.events");
      ClickHouseReader reader = ClickHouseReader.create(pipeline.vertx(), pipeline.clickHouseSettings());
      String db = pipeline.db();

      JsonObject row = pipeline.awaitResult(reader.select("SELECT count() AS n, {label:String} AS label, "
        + "toDateTime64({at:DateTime64(3, 'UTC')}, 3, 'UTC') AS at, [1.5, nan] AS floats, "
        + "quantilesTDigest(0.5, 0.99)(toFloat64(kafka_offset)) AS q FROM " + db + ".events "
        + "WHERE timestamp < {at:DateTime64(3, 'UTC')} + INTERVAL {days:UInt32} DAY",
        Map.of("label", "it's", "at", "2099-01-01 00:00:00.000", "days", "1"))).get(0);
      assertEquals(stored, ((Number) row.getValue("n")).longValue());
      assertEquals("it's", row.getString("label"));
      assertEquals("2099-01-01 00:00:00.000", row.getString("at"));
      assertEquals(new JsonArray().add(1.5).addNull(), row.getJsonArray("floats"));
      assertEquals(2, row.getJsonArray("q").size());
      for (String write : List.of(
        "INSERT INTO " + db + ".events SELECT * FROM " + db + ".events LIMIT 1",
        "ALTER TABLE " + db + ".events DELETE WHERE 1",
        "DROP TABLE " + db + ".events")) {
        Throwable refused = failure(pipeline, reader.select(write, Map.of()));
        assertTrue(refused instanceof ClickHouseException, write + " → " + refused);
        assertEquals(164, ((ClickHouseException) refused).code(), "READONLY for " + write + ": " + refused.getMessage());
      }
      Throwable missing = failure(pipeline, reader.select("SELECT * FROM " + db + ".missing", Map.of()));
      assertTrue(missing instanceof ClickHouseException && ((ClickHouseException) missing).code() == 60
        && missing.getMessage().contains("Code: 60. DB::Exception:"), missing.toString());
      assertEquals(stored, pipeline.number("SELECT count() FROM ${db}.events"), "nothing changed");
      pipeline.awaitResult(reader.close());
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
