package io.tspipe.store;

import io.tspipe.detection.Detection;
import io.tspipe.detection.EntityKind;
import io.tspipe.event.EventType;
import io.tspipe.event.EventValidator;
import io.tspipe.event.EventValidatorTest;
import io.tspipe.event.RejectReason;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpAddresses;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseSchema;
import io.tspipe.sink.clickhouse.RowBinary;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The descriptions of {@code io.tspipe.store} against the tables the migrations create, on the real engine: every
 * table is described, each written table's description names exactly its columns, and the row each one encodes is
 * stored, an event reading back through the select list as it was sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TablesIT {

  /** The tables a role writes, with the columns its inserts name. */
  private static final Map<String, List<String>> WRITTEN = Map.of(
    EventsTable.NAME, EventsTable.COLUMNS,
    RejectedEventsTable.NAME, RejectedEventsTable.COLUMNS,
    DuplicateEventsTable.NAME, DuplicateEventsTable.COLUMNS,
    AttackWindowsTable.NAME, AttackWindowsTable.COLUMNS,
    AttackEntitiesTable.NAME, AttackEntitiesTable.COLUMNS,
    DetectionsTable.NAME, DetectionsTable.COLUMNS,
    LabelsTable.NAME, LabelsTable.COLUMNS,
    DetectorProgressTable.NAME, DetectorProgressTable.COLUMNS,
    LedgerOffsetsTable.NAME, LedgerOffsetsTable.COLUMNS);

  private TestPipeline pipeline;
  private ClickHouseClient clickHouse;

  @BeforeAll
  void migratedStore() {
    pipeline = TestPipeline.create("store-tables");
    clickHouse = new ClickHouseClient(pipeline.vertx(), pipeline.clickHouseSettings());
    pipeline.awaitResult(new ClickHouseSchema(clickHouse, pipeline.clickHouseSettings().retentionDays()).apply());
  }

  @AfterAll
  void close() {
    clickHouse.close();
    pipeline.close();
  }

  @Test
  @DisplayName("every table the migrations create is described, as a written table or as a rollup")
  void everyTableIsDescribed() {
    TreeSet<String> described = new TreeSet<>(WRITTEN.keySet());
    Arrays.stream(RollupTable.values()).map(RollupTable::tableName).forEach(described::add);
    TreeSet<String> created = new TreeSet<>();
    pipeline.rows("SELECT name FROM system.tables WHERE database = '${db}' AND engine != 'MaterializedView' "
      + "AND name != 'schema_migrations'").forEach(row -> created.add(row.getString("name")));
    assertEquals(created, described);
  }

  @Test
  @DisplayName("a written table's description names exactly the columns its migrations give it")
  void columnsAreTheMigrations() {
    WRITTEN.forEach((table, columns) -> {
      TreeSet<String> created = new TreeSet<>();
      pipeline.rows("SELECT name FROM system.columns WHERE database = '${db}' AND table = '" + table + "'")
        .forEach(row -> created.add(row.getString("name")));
      assertEquals(created, new TreeSet<>(columns), table);
      assertEquals(columns.size(), new TreeSet<>(columns).size(), table + " names a column twice");
    });
  }

  @Test
  @DisplayName("the row each description encodes is stored, and an event reads back through the select list as sent")
  void encodedRowsAreStored() {
    Instant now = Instant.now();
    long nowMillis = now.toEpochMilli();
    JsonObject sent = EventValidatorTest.apiRequest().put("timestamp", StoredValues.formatMillis(nowMillis));
    Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, new EventValidator(Duration.ofDays(1),
      Duration.ofMinutes(5)).validate(EventType.API_REQUEST, sent.toBuffer(), nowMillis));
    RecordPosition position = new RecordPosition("api-requests", 2, 41);
    UUID window = UUID.randomUUID();
    insert(EventsTable.NAME, EventsTable.COLUMNS, EventsTable.rows(List.of(EventsTable.row(accepted,
      IpAddresses.parse(sent.getString("sourceIp")), new IpInfo("NL", 64500, "Example AS", true, "203.0.113.0/24"),
      position)), nowMillis));
    insert(RejectedEventsTable.NAME, RejectedEventsTable.COLUMNS, RejectedEventsTable.append(new RowBinary(128),
      nowMillis, position, new Verdict.Rejected(RejectReason.MALFORMED_JSON, "", "not JSON", "api_request", ""),
      Buffer.buffer("{"), 1024));
    insert(DuplicateEventsTable.NAME, DuplicateEventsTable.COLUMNS, DuplicateEventsTable.append(new RowBinary(96),
      nowMillis, accepted, position, new RecordPosition("api-requests", 2, 40)));
    insert(AttackWindowsTable.NAME, AttackWindowsTable.COLUMNS, AttackWindowsTable.append(new RowBinary(128),
      new JsonObject().put("windowId", window.toString()).put("startedAt", StoredValues.formatMillis(nowMillis))
        .putNull("endedAt").put("trigger", "auto")));
    insert(AttackEntitiesTable.NAME, AttackEntitiesTable.COLUMNS, AttackEntitiesTable.append(new RowBinary(96),
      new JsonObject().put("windowId", window.toString()).put("kind", "ip").put("value", "203.0.113.7")
        .put("role", "attacker").put("firstSeenAt", StoredValues.formatMillis(nowMillis)), nowMillis));
    insert(DetectionsTable.NAME, DetectionsTable.COLUMNS, DetectionsTable.append(new RowBinary(256),
      new Detection(UUID.randomUUID(), "brute_force", "1", Detection.Mode.LIVE, "high", EntityKind.IP, "203.0.113.7",
        Detection.State.OPEN, 300, now, now, now, now, null, now, new JsonObject()), nowMillis));
    insert(LabelsTable.NAME, LabelsTable.COLUMNS, LabelsTable.append(new RowBinary(128), "ip", "203.0.113.7",
      "attacker", "bad", "seen attacking", "test", null, false, now, "test"));
    insert(DetectorProgressTable.NAME, DetectorProgressTable.COLUMNS, DetectorProgressTable.append(new RowBinary(64),
      "brute_force", "1", now, "live", "ip", ""));
    insert(LedgerOffsetsTable.NAME, LedgerOffsetsTable.COLUMNS, LedgerOffsetsTable.append(new RowBinary(64),
      nowMillis, "api-requests", 3, 1200, 0, 1100, 1000));

    WRITTEN.keySet().forEach(table -> assertEquals(1, pipeline.number("SELECT count() FROM ${db}." + table), table));
    JsonObject row = pipeline.row("SELECT " + EventsTable.SELECT + " FROM " + EventsTable.in(pipeline.db()));
    assertEquals(sent, EventsTable.event(row));
    assertEquals(new IpInfo("NL", 64500, "Example AS", true, "203.0.113.0/24"), EventsTable.ipInfo(row));
    assertEquals(position.offset(), EventsTable.storage(row).getLong("offset"));
    assertEquals(1, pipeline.rows(AttackWindowsTable.rows(AttackWindowsTable.latest(pipeline.db()))).size());
    assertEquals(1, pipeline.rows(AttackEntitiesTable.ofWindows(pipeline.db(),
      AttackWindowsTable.latest(pipeline.db()))).size());
  }

  private void insert(String table, List<String> columns, RowBinary row) {
    insert(table, columns, row.buffer());
  }

  private void insert(String table, List<String> columns, Buffer rows) {
    pipeline.awaitResult(clickHouse.insertRowBinary(table, columns, rows, UUID.randomUUID().toString()));
  }
}
