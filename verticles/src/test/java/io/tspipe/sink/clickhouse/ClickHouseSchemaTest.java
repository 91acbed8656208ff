package io.tspipe.sink.clickhouse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseSchemaTest {

  private static final SchemaTopology SINGLE = new SchemaTopology.SingleServer();

  @Test
  @DisplayName("on a single server every statement of every migration runs exactly as written")
  void singleServerRunsStatementsAsWritten() {
    for (String migration : ClickHouseSchema.listMigrations()) {
      for (String statement : ClickHouseSchema.statements(migration, "pipeline", 30)) {
        assertEquals(List.of(statement), SINGLE.statements(statement));
      }
    }
    assertEquals("events", SINGLE.storedIn("events"));
  }

  @Test
  @DisplayName("a migration's statements are its file's, placeholders filled and comments dropped")
  void statementsOfAMigration() {
    List<String> statements = ClickHouseSchema.statements("V007__detected_at.sql", "it_db", 30);
    assertEquals(List.of("ALTER TABLE it_db.detections ADD COLUMN IF NOT EXISTS detected_at DateTime64(3, 'UTC') "
      + "DEFAULT opened_at"), statements);
    assertTrue(ClickHouseSchema.statements("V001__core_tables.sql", "it_db", 9).get(0)
      .contains("TTL toDateTime(timestamp) + INTERVAL 9 DAY"));
  }

  @Test
  @DisplayName("the migrations missing are those listed and not applied, in the listed order")
  void missingMigrations() {
    List<String> listed = ClickHouseSchema.listMigrations();
    assertEquals(listed, ClickHouseSchema.missing(listed, Set.of()));
    assertEquals(listed.subList(1, listed.size()), ClickHouseSchema.missing(listed, Set.of(listed.get(0))));
    assertEquals(List.of(), ClickHouseSchema.missing(listed, Set.copyOf(listed)));
  }

  @Test
  @DisplayName("a table's retention is changed when its TTL is another number of days, in the table holding its rows")
  void misalignedRetention() {
    Map<String, String> engines = Map.of(
      "events", "MergeTree PARTITION BY toDate(timestamp) TTL toDateTime(timestamp) + toIntervalDay(30) SETTINGS x = 1",
      "events_minute", "AggregatingMergeTree TTL minute + toIntervalDay(7)",
      "labels", "MergeTree ORDER BY entity");
    assertEquals(List.of("events_minute"), ClickHouseSchema.misalignedRetention(engines, 30, SINGLE));
    assertEquals(List.of("events"), ClickHouseSchema.misalignedRetention(engines, 7, SINGLE));
    Map<String, String> onCluster = Map.of(
      "events", "Distributed('tspipe', 'pipeline', 'events_local', cityHash64(id))",
      "events_local", "ReplicatedMergeTree('/p', '{replica}') TTL toDateTime(timestamp) + toIntervalDay(30)");
    ClusterDdl cluster = new ClusterDdl("tspipe", "pipeline");
    assertEquals(List.of(), ClickHouseSchema.misalignedRetention(onCluster, 30, cluster));
    assertEquals(List.of("events"), ClickHouseSchema.misalignedRetention(onCluster, 8, cluster));
    assertFalse(ClickHouseSchema.misalignedRetention(Map.of(), 8, cluster).contains("events"));
  }
}
