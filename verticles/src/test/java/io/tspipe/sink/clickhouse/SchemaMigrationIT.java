package io.tspipe.sink.clickhouse;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema lock on the real engine, each test on a database of its own that does not exist yet: appliers starting
 * together apply each migration once between them, whether they share a process or not; a live lock is waited for and
 * a stale one broken; an applier that finds everything applied applies nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaMigrationIT {

  private static final int APPLIERS = 6;

  private TestPipeline pipeline;
  private final List<ClickHouseClient> clients = new ArrayList<>();

  @BeforeAll
  void engines() {
    pipeline = TestPipeline.create("schema-migration");
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ClickHouseClient::close);
    clients.clear();
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  @Test
  @DisplayName("appliers of separate processes starting together on a fresh database apply each migration once between them")
  void concurrentAppliersApplyEachMigrationOnce() {
    String database = freshDatabase();
    List<Future<List<String>>> runs = new ArrayList<>();
    for (int i = 0; i < APPLIERS; i++) {
      runs.add(new ClickHouseSchema(client(database), 30).migrate());
    }
    pipeline.awaitResult(Future.all(runs));
    List<String> applied = runs.stream().flatMap(run -> run.result().stream()).sorted().toList();
    assertEquals(ClickHouseSchema.listMigrations().stream().sorted().toList(), applied,
      "every migration applied by exactly one applier");
    assertEquals(APPLIERS - 1, runs.stream().filter(run -> run.result().isEmpty()).count(),
      "one applier applied them all, the others applied nothing");
    assertMigrated(database);
  }

  @Test
  @DisplayName("instances of one process applying together share one apply, and a later applier finds nothing to do")
  void instancesOfOneProcessShareOneApply() {
    String database = freshDatabase();
    ClickHouseClient client = client(database);
    List<Future<Void>> instances = new ArrayList<>();
    for (int i = 0; i < APPLIERS; i++) {
      instances.add(new ClickHouseSchema(client, 30).apply());
    }
    pipeline.awaitResult(Future.all(instances));
    assertMigrated(database);
    assertEquals(List.of(), pipeline.awaitResult(new ClickHouseSchema(client(database), 30).migrate()));
    assertEquals(List.of(), pipeline.awaitResult(new ClickHouseSchema(client(database), 30).migrate()));
  }

  @Test
  @DisplayName("a lock older than the stale timeout is broken and the migrations applied")
  void staleLockIsBroken() {
    String database = freshDatabase();
    ClickHouseClient client = client(database);
    pipeline.awaitResult(client.execute("CREATE DATABASE IF NOT EXISTS " + database));
    pipeline.awaitResult(client.execute(SchemaLock.take(database,
      new SchemaLock.Holder("a worker that died", Instant.now().minus(Duration.ofHours(1))))));
    List<String> applied = pipeline.awaitResult(new ClickHouseSchema(client, 30).migrate());
    assertEquals(ClickHouseSchema.listMigrations(), applied);
    assertMigrated(database);
  }

  @Test
  @DisplayName("a live lock is waited for; when its holder drops it with work left, the waiter takes it and applies")
  void liveLockIsWaitedFor() throws InterruptedException {
    String database = freshDatabase();
    ClickHouseClient client = client(database);
    pipeline.awaitResult(client.execute("CREATE DATABASE IF NOT EXISTS " + database));
    pipeline.awaitResult(client.execute(SchemaLock.take(database, new SchemaLock.Holder("a live worker", Instant.now()))));
    Future<List<String>> waiting = new ClickHouseSchema(client(database), 30).migrate();
    Thread.sleep(2_000);
    assertFalse(waiting.isComplete(), "the applier went on while the lock was held");
    assertFalse(tables(database).contains("schema_migrations"), "the applier created tables while the lock was held");
    pipeline.awaitResult(client.execute(SchemaLock.release(database)));
    assertEquals(ClickHouseSchema.listMigrations(), pipeline.awaitResult(waiting));
    assertMigrated(database);
  }

  @Test
  @DisplayName("a retention changed in the configuration is applied by one applier under the lock, no migration again")
  void retentionChangeIsApplied() {
    String database = freshDatabase();
    pipeline.awaitResult(new ClickHouseSchema(client(database), 30).migrate());
    assertEquals(List.of(), pipeline.awaitResult(new ClickHouseSchema(client(database), 9).migrate()));
    String engine = pipeline.row("SELECT engine_full FROM system.tables WHERE database = '" + database
      + "' AND name = 'events'").getString("engine_full");
    assertTrue(engine.contains("toIntervalDay(9)"), engine);
    assertMigrated(database);
  }

  private void assertMigrated(String database) {
    TreeSet<String> versions = pipeline.rows("SELECT DISTINCT version FROM " + database + ".schema_migrations").stream()
      .map(row -> row.getString("version")).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(ClickHouseSchema.listMigrations()), versions);
    TreeSet<String> tables = tables(database);
    assertFalse(tables.contains(SchemaLock.TABLE), "the lock was left behind: " + tables);
    assertTrue(tables.containsAll(List.of("events", "detections", "entity_profile")), tables.toString());
  }

  private TreeSet<String> tables(String database) {
    return pipeline.rows("SELECT name FROM system.tables WHERE database = '" + database + "'").stream()
      .map(row -> row.getString("name")).collect(Collectors.toCollection(TreeSet::new));
  }

  /** A client of its own, as another process would have, on {@code database}. */
  private ClickHouseClient client(String database) {
    JsonObject clickhouse = pipeline.config().getJsonObject("clickhouse").copy().put("database", database);
    ClickHouseClient client = new ClickHouseClient(pipeline.vertx(), ClickHouseSettings.from(clickhouse));
    clients.add(client);
    return client;
  }

  private static String freshDatabase() {
    return "it_schema_" + UUID.randomUUID().toString().substring(0, 8);
  }
}
