package io.tspipe.sink.clickhouse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterDdlTest {

  private final ClusterDdl cluster = new ClusterDdl("tspipe", "pipeline");

  @Test
  @DisplayName("a MergeTree table becomes a replicated local table on every shard and a Distributed table of its name")
  void mergeTreeTable() {
    List<String> statements = cluster.statements("""
      CREATE TABLE IF NOT EXISTS pipeline.events
      (
          id                UUID,
          timestamp         DateTime64(3, 'UTC'),
          INDEX idx_id id TYPE bloom_filter GRANULARITY 4
      )
      ENGINE = MergeTree
      PARTITION BY toDate(timestamp)
      ORDER BY (type, timestamp)
      TTL toDateTime(timestamp) + INTERVAL 30 DAY
      SETTINGS non_replicated_deduplication_window = 1000""");
    assertEquals(List.of("""
      CREATE TABLE IF NOT EXISTS pipeline.events_local ON CLUSTER 'tspipe'
      (
          id                UUID,
          timestamp         DateTime64(3, 'UTC'),
          INDEX idx_id id TYPE bloom_filter GRANULARITY 4
      )
      ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/pipeline/events_local', '{replica}')
      PARTITION BY toDate(timestamp)
      ORDER BY (type, timestamp)
      TTL toDateTime(timestamp) + INTERVAL 30 DAY
      SETTINGS replicated_deduplication_window = 1000""", """
      CREATE TABLE IF NOT EXISTS pipeline.events ON CLUSTER 'tspipe' AS pipeline.events_local
      ENGINE = Distributed('tspipe', 'pipeline', 'events_local', cityHash64(id))"""), statements);
  }

  @Test
  @DisplayName("an engine's own arguments follow the Keeper path and the replica name")
  void engineArguments() {
    assertEquals("CREATE TABLE pipeline.attack_windows_local ON CLUSTER 'tspipe'\n(window_id UUID, recorded_at DateTime64(3, 'UTC'))\n"
        + "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/pipeline/attack_windows_local', '{replica}', "
        + "recorded_at)\nORDER BY window_id",
      cluster.statements("CREATE TABLE pipeline.attack_windows (window_id UUID, recorded_at DateTime64(3, 'UTC')) "
        + "ENGINE = ReplacingMergeTree(recorded_at) ORDER BY window_id").get(0));
    assertEquals("ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/pipeline/ip_minute_local', '{replica}')",
      engineLine(cluster.statements("CREATE TABLE IF NOT EXISTS pipeline.ip_minute (minute DateTime('UTC')) "
        + "ENGINE = AggregatingMergeTree() ORDER BY minute").get(0)));
    assertEquals("ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/pipeline/quality_minute_local', '{replica}', "
        + "(count))",
      engineLine(cluster.statements("CREATE TABLE IF NOT EXISTS pipeline.quality_minute (minute DateTime('UTC'), count UInt64) "
        + "ENGINE = SummingMergeTree((count)) ORDER BY minute").get(0)));
  }

  @Test
  @DisplayName("each written table is sharded by a key of its own columns, the rollups at random")
  void shardingKeys() {
    assertEquals("ENGINE = Distributed('tspipe', 'pipeline', 'rejected_events_local', "
      + "cityHash64(kafka_topic, kafka_partition, kafka_offset))", engineLine(distributedOf("rejected_events")));
    assertEquals("ENGINE = Distributed('tspipe', 'pipeline', 'detections_local', cityHash64(entity_kind, entity))",
      engineLine(distributedOf("detections")));
    assertEquals("ENGINE = Distributed('tspipe', 'pipeline', 'events_minute_local', rand())",
      engineLine(distributedOf("events_minute")));
  }

  @Test
  @DisplayName("a table without a sharding key has no cluster form, and the refusal names it")
  void refusesATableWithoutShardingKey() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
      () -> cluster.statements("CREATE TABLE pipeline.novel (id UUID) ENGINE = MergeTree ORDER BY id"));
    assertTrue(refused.getMessage().contains("table novel has no sharding key"), refused.getMessage());
  }

  @Test
  @DisplayName("a table of another engine stays one table of each server, created on every one")
  void otherEnginesStayOnEachServer() {
    assertEquals(List.of("CREATE TABLE pipeline.schema_migration_lock ON CLUSTER 'tspipe' (taken UInt8) ENGINE = Memory "
        + "COMMENT '{\"holder\":\"a\"}'"),
      cluster.statements("CREATE TABLE pipeline.schema_migration_lock (taken UInt8) ENGINE = Memory "
        + "COMMENT '{\"holder\":\"a\"}'"));
  }

  @Test
  @DisplayName("a materialized view reads and writes the local tables of its server")
  void materializedViewOnLocalTables() {
    assertEquals(List.of("CREATE MATERIALIZED VIEW IF NOT EXISTS pipeline.ip_minute_mv ON CLUSTER 'tspipe' TO "
        + "pipeline.ip_minute_local AS\nSELECT toStartOfMinute(timestamp) AS minute, count() AS events\n"
        + "FROM pipeline.events_local\nWHERE path != 'pipeline.events'\nGROUP BY minute"),
      cluster.statements("CREATE MATERIALIZED VIEW IF NOT EXISTS pipeline.ip_minute_mv TO pipeline.ip_minute AS\n"
        + "SELECT toStartOfMinute(timestamp) AS minute, count() AS events\nFROM pipeline.events\n"
        + "WHERE path != 'pipeline.events'\nGROUP BY minute"));
  }

  @Test
  @DisplayName("a materialized view with a table of its own has no cluster form")
  void refusesAViewWithoutTarget() {
    assertThrows(IllegalArgumentException.class, () -> cluster.statements(
      "CREATE MATERIALIZED VIEW pipeline.v ENGINE = MergeTree ORDER BY x AS SELECT x FROM pipeline.events"));
  }

  @Test
  @DisplayName("a change of columns changes the local tables and then the Distributed table")
  void columnChange() {
    assertEquals(List.of(
        "ALTER TABLE pipeline.detections_local ON CLUSTER 'tspipe' ADD COLUMN IF NOT EXISTS detected_at "
          + "DateTime64(3, 'UTC') DEFAULT opened_at",
        "ALTER TABLE pipeline.detections ON CLUSTER 'tspipe' ADD COLUMN IF NOT EXISTS detected_at "
          + "DateTime64(3, 'UTC') DEFAULT opened_at"),
      cluster.statements("ALTER TABLE pipeline.detections ADD COLUMN IF NOT EXISTS detected_at DateTime64(3, 'UTC') "
        + "DEFAULT opened_at"));
    assertEquals(List.of(
        "ALTER TABLE pipeline.attack_windows_local ON CLUSTER 'tspipe' ADD COLUMN IF NOT EXISTS a String DEFAULT 'x, (y',"
          + " MODIFY COLUMN b String",
        "ALTER TABLE pipeline.attack_windows ON CLUSTER 'tspipe' ADD COLUMN IF NOT EXISTS a String DEFAULT 'x, (y',"
          + " MODIFY COLUMN b String"),
      cluster.statements("ALTER TABLE pipeline.attack_windows\n    ADD COLUMN IF NOT EXISTS a String DEFAULT 'x, (y',"
        + " MODIFY COLUMN b String"));
  }

  @Test
  @DisplayName("a column is dropped from the Distributed table before the local tables")
  void columnDrop() {
    assertEquals(List.of("ALTER TABLE pipeline.labels ON CLUSTER 'tspipe' DROP COLUMN IF EXISTS reason",
        "ALTER TABLE pipeline.labels_local ON CLUSTER 'tspipe' DROP COLUMN IF EXISTS reason"),
      cluster.statements("ALTER TABLE pipeline.labels DROP COLUMN IF EXISTS reason"));
  }

  @Test
  @DisplayName("an index or a TTL changes the local tables alone, which hold the rows")
  void storageChange() {
    assertEquals(List.of("ALTER TABLE pipeline.events_local ON CLUSTER 'tspipe' ADD INDEX IF NOT EXISTS idx_asn asn "
        + "TYPE bloom_filter GRANULARITY 4"),
      cluster.statements("ALTER TABLE pipeline.events ADD INDEX IF NOT EXISTS idx_asn asn TYPE bloom_filter GRANULARITY 4"));
    assertEquals(List.of("ALTER TABLE pipeline.events_minute_local ON CLUSTER 'tspipe' MODIFY TTL minute + INTERVAL 7 DAY"),
      cluster.statements("ALTER TABLE pipeline.events_minute MODIFY TTL minute + INTERVAL 7 DAY"));
  }

  @Test
  @DisplayName("a change of columns and another change in one ALTER has no cluster form")
  void refusesMixedAlter() {
    assertThrows(IllegalArgumentException.class, () -> cluster.statements(
      "ALTER TABLE pipeline.events ADD COLUMN x UInt8, ADD INDEX idx_x x TYPE minmax GRANULARITY 4"));
  }

  @Test
  @DisplayName("databases are created and tables dropped on every server; inserts and selects go as they are")
  void otherStatements() {
    assertEquals(List.of("CREATE DATABASE IF NOT EXISTS pipeline ON CLUSTER 'tspipe'"),
      cluster.statements("CREATE DATABASE IF NOT EXISTS pipeline"));
    assertEquals(List.of("DROP TABLE IF EXISTS pipeline.schema_migration_lock ON CLUSTER 'tspipe'"),
      cluster.statements("DROP TABLE IF EXISTS pipeline.schema_migration_lock"));
    assertEquals(List.of("INSERT INTO pipeline.schema_migrations (version) VALUES ('V001__core_tables.sql')"),
      cluster.statements("INSERT INTO pipeline.schema_migrations (version) VALUES ('V001__core_tables.sql')"));
    assertEquals(List.of("SELECT 1"), cluster.statements("SELECT 1"));
  }

  @Test
  @DisplayName("a statement of another form, or already replicated, has no cluster form")
  void refusesOtherForms() {
    assertThrows(IllegalArgumentException.class, () -> cluster.statements("RENAME TABLE pipeline.a TO pipeline.b"));
    assertThrows(IllegalArgumentException.class, () -> cluster.statements("CREATE VIEW pipeline.v AS SELECT 1"));
    assertThrows(IllegalArgumentException.class, () -> cluster.statements(
      "CREATE TABLE pipeline.events (id UUID) ENGINE = ReplicatedMergeTree('/p', 'r') ORDER BY id"));
    assertThrows(IllegalArgumentException.class, () -> cluster.statements(
      "CREATE TABLE pipeline.events AS pipeline.other ENGINE = MergeTree ORDER BY id"));
  }

  @Test
  @DisplayName("every migration has a cluster form: each table replicated and Distributed, each view on local tables")
  void everyMigrationHasAClusterForm() {
    Set<String> created = new TreeSet<>();
    Set<String> distributed = new TreeSet<>();
    Pattern localTable = Pattern.compile("CREATE TABLE IF NOT EXISTS pipeline\\.(\\w+)_local ON CLUSTER 'tspipe'\n\\(");
    Pattern distributedTable = Pattern.compile("CREATE TABLE IF NOT EXISTS pipeline\\.(\\w+) ON CLUSTER 'tspipe' AS "
      + "pipeline\\.(\\w+)_local\nENGINE = Distributed\\('tspipe', 'pipeline', '(\\w+)_local', .+\\)");
    for (String migration : ClickHouseSchema.listMigrations()) {
      for (String statement : ClickHouseSchema.statements(migration, "pipeline", 30)) {
        List<String> clustered = cluster.statements(statement);
        for (String sql : clustered) {
          assertTrue(sql.contains(" ON CLUSTER 'tspipe'"), migration + ": " + sql);
          assertFalse(sql.contains("non_replicated"), migration + ": " + sql);
          Matcher local = localTable.matcher(sql);
          if (local.lookingAt()) {
            created.add(local.group(1));
            assertTrue(sql.contains("ENGINE = Replicated"), sql);
          }
          Matcher over = distributedTable.matcher(sql);
          if (over.matches()) {
            assertEquals(over.group(1), over.group(2));
            assertEquals(over.group(1), over.group(3));
            distributed.add(over.group(1));
          }
          if (sql.startsWith("CREATE MATERIALIZED VIEW")) {
            assertEquals(List.of(), tablesNotLocal(sql), sql);
          }
        }
      }
    }
    assertEquals(created, distributed);
    assertTrue(created.containsAll(Set.of("events", "rejected_events", "duplicate_events", "attack_windows",
      "attack_entities", "detections", "labels", "detector_progress", "events_minute", "quality_minute", "ip_minute",
      "user_minute", "entity_profile")), created.toString());
  }

  @Test
  @DisplayName("a table is stored in its local table")
  void storedInLocalTable() {
    assertEquals("events_local", cluster.storedIn("events"));
  }

  @Test
  @DisplayName("commas and parentheses inside quotes or nested parentheses do not split a list")
  void splitsAtTopLevel() {
    assertEquals(List.of("a Tuple(x, y)", "b String DEFAULT 'p, (q'", "c"),
      ClusterDdl.splitAtTopLevel("a Tuple(x, y), b String DEFAULT 'p, (q' ,c"));
    assertEquals(12, ClusterDdl.closingParenthesis("(a (b) ')' c)", 0));
  }

  private String distributedOf(String table) {
    return cluster.statements("CREATE TABLE pipeline." + table + " (x UInt8) ENGINE = MergeTree ORDER BY x").get(1);
  }

  private static String engineLine(String statement) {
    return statement.lines().filter(line -> line.startsWith("ENGINE")).findFirst().orElseThrow();
  }

  private static List<String> tablesNotLocal(String view) {
    List<String> names = new ArrayList<>();
    Matcher matcher = Pattern.compile("pipeline\\.(\\w+)").matcher(view);
    while (matcher.find()) {
      if (!matcher.group(1).endsWith("_local") && !matcher.group(1).endsWith("_mv")) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }
}
