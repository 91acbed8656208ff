package io.tspipe.sink.clickhouse;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * Applies the versioned DDL of {@code clickhouse/} (listed in order in {@code migrations.list}) to the configured
 * database. Applied versions are recorded in {@code schema_migrations}; every statement is idempotent as well, so a
 * migration interrupted half-way is simply applied again. The retention TTL is brought in line with the
 * configuration on every start.
 *
 * <p>One applier at a time does it, across processes and servers: the one holding the {@link SchemaLock}. The others
 * wait until the lock is gone and nothing is left to do, then go on without applying anything. The instances of one
 * process that apply the schema of a database at the same time share a single apply. On a cluster
 * ({@code clickhouse.cluster}) every statement is run in its cluster form, {@link ClusterDdl}.
 */
public final class ClickHouseSchema {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSchema.class);
  private static final String RESOURCE_DIR = "clickhouse/";
  private static final String LEDGER = "schema_migrations";
  private static final long POLL_MS = 500;
  private static final long WAIT_LOG_INTERVAL_MS = 10_000;
  /** Tables whose TTL follows {@code clickhouse.retentionDays}, with the expression their TTL is computed from. */
  private static final Map<String, String> RETENTION = Map.of(
    "events", "toDateTime(timestamp)",
    "rejected_events", "toDateTime(rejected_at)",
    "duplicate_events", "toDateTime(detected_at)",
    "ledger_offsets", "toDateTime(sampled_at)",
    "events_minute", "minute",
    "quality_minute", "minute",
    "ip_minute", "minute",
    "user_minute", "minute");
  /** The apply under way in this process for each server and database, which instances starting meanwhile join. */
  private static final ConcurrentMap<String, Future<List<String>>> UNDER_WAY = new ConcurrentHashMap<>();

  private final ClickHouseClient client;
  private final int retentionDays;
  private final SchemaTopology topology;
  private final Duration staleAfter;

  /** The schema of {@code client}'s database, on the topology of its settings, with a TTL of {@code retentionDays}. */
  public ClickHouseSchema(ClickHouseClient client, int retentionDays) {
    this.client = client;
    this.retentionDays = retentionDays;
    this.topology = SchemaTopology.of(client.settings());
    this.staleAfter = Duration.ofSeconds(client.settings().schemaLockStaleSeconds());
  }

  /**
   * Brings the database to every migration of {@code migrations.list} and its TTL to {@code retentionDays}, or waits
   * while another applier does; joins the apply of another instance of this process when one is under way.
   */
  public Future<Void> apply() {
    String key = client.settings().url() + " " + client.database();
    Promise<List<String>> mine = Promise.promise();
    Future<List<String>> underWay = UNDER_WAY.putIfAbsent(key, mine.future());
    if (underWay != null) {
      return onCallerContext(underWay).mapEmpty();
    }
    migrate().onComplete(result -> {
      UNDER_WAY.remove(key, mine.future());
      mine.handle(result);
    });
    return mine.future().mapEmpty();
  }

  /**
   * One applier's whole run, without joining another of this process: answers the migrations it applied itself, none
   * when it found them applied or waited for another applier to apply them.
   */
  Future<List<String>> migrate() {
    return new Applier(applierName()).run();
  }

  /** The statements of one migration file, placeholders filled, comments dropped, as written for one server. */
  List<String> statements(String migration) {
    return statements(migration, client.database(), retentionDays);
  }

  /** The statements of the migration file {@code migration} for {@code database}, as written for one server. */
  static List<String> statements(String migration, String database, int retentionDays) {
    String text = resource(migration)
      .replace("${database}", database)
      .replace("${retention_days}", Integer.toString(retentionDays));
    String withoutComments = Arrays.stream(text.split("\n"))
      .filter(line -> !line.trim().startsWith("--"))
      .collect(Collectors.joining("\n"));
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.split(";\\s*(\n|$)")) {
      if (!statement.isBlank()) {
        statements.add(statement.trim());
      }
    }
    return statements;
  }

  /** The migrations of {@code listed} not among {@code applied}, in order. */
  static List<String> missing(List<String> listed, Set<String> applied) {
    return listed.stream().filter(migration -> !applied.contains(migration)).toList();
  }

  /**
   * The tables whose TTL is not {@code retentionDays} days, from the {@code engine_full} of each table of the database
   * by name; a table not created yet is left to its migration.
   */
  static List<String> misalignedRetention(Map<String, String> engines, int retentionDays, SchemaTopology topology) {
    return RETENTION.keySet().stream().sorted()
      .filter(table -> {
        String engine = engines.get(topology.storedIn(table));
        return engine != null && !engine.contains("toIntervalDay(" + retentionDays + ")");
      })
      .toList();
  }

  static List<String> listMigrations() {
    return Arrays.stream(resource("migrations.list").split("\n"))
      .map(String::trim)
      .filter(line -> !line.isEmpty() && !line.startsWith("#"))
      .toList();
  }

  /** What an applier sees of the database at one moment, by the server's clock. */
  private record Seen(Instant serverNow, Optional<SchemaLock.Holder> lock, boolean ledgerExists, Set<String> applied,
                      Map<String, String> engines) {
  }

  /**
   * One applier: looks at the database, takes the step {@link SchemaLock#next} says, and looks again until it is done.
   * Every look starts from a timer or a response, so the loop grows no stack and no chain of futures.
   */
  private final class Applier {

    private final String name;
    private final Promise<List<String>> done = Promise.promise();
    private SchemaLock.Holder lastHolderLogged;
    private long lastWaitLoggedAt;

    Applier(String name) {
      this.name = name;
    }

    Future<List<String>> run() {
      lookAgain();
      return done.future();
    }

    private void lookAgain() {
      look().onSuccess(this::step).onFailure(done::fail);
    }

    private void step(Seen seen) {
      boolean workLeft = !seen.ledgerExists() || !missing(listMigrations(), seen.applied()).isEmpty()
        || !misalignedRetention(seen.engines(), retentionDays, topology).isEmpty();
      switch (SchemaLock.next(seen.lock(), workLeft, seen.serverNow(), staleAfter)) {
        case DONE -> done.complete(List.of());
        case WAIT -> waitFor(seen.lock().orElseThrow());
        case BREAK -> breakLock(seen.lock().orElseThrow());
        case TAKE -> take(new SchemaLock.Holder(name, seen.serverNow()));
      }
    }

    private void waitFor(SchemaLock.Holder holder) {
      long now = System.currentTimeMillis();
      if (!holder.equals(lastHolderLogged) || now - lastWaitLoggedAt >= WAIT_LOG_INTERVAL_MS) {
        LOG.info("Waiting for the ClickHouse schema of database {}: {} has been migrating it since {}",
          client.database(), holder.name(), holder.takenAt());
        lastHolderLogged = holder;
        lastWaitLoggedAt = now;
      }
      client.vertx().setTimer(POLL_MS, id -> lookAgain());
    }

    private void breakLock(SchemaLock.Holder holder) {
      LOG.warn("Breaking the ClickHouse schema lock of database {}: {} took it at {}, longer ago than {} s, and is "
        + "presumed dead", client.database(), holder.name(), holder.takenAt(), staleAfter.toSeconds());
      execute(SchemaLock.release(client.database())).onSuccess(v -> lookAgain()).onFailure(done::fail);
    }

    private void take(SchemaLock.Holder holder) {
      execute("CREATE DATABASE IF NOT EXISTS " + client.database())
        .compose(v -> execute(SchemaLock.take(client.database(), holder)))
        .transform(taken -> taken.succeeded() ? Future.succeededFuture(true) : heldByMe(taken.cause()))
        .onSuccess(this::migrateIfHeld)
        .onFailure(done::fail);
    }

    private void migrateIfHeld(boolean held) {
      if (held) {
        migrateHolding().onComplete(done);
      } else {
        lookAgain();
      }
    }

    /**
     * Whether the lock is this applier's after its statement taking it failed: another's when it lost the race, its
     * own when only the answer was lost; a lock nobody holds leaves the statement's failure as it is.
     */
    private Future<Boolean> heldByMe(Throwable takeFailure) {
      return look().compose(seen -> seen.lock().isPresent()
        ? Future.succeededFuture(seen.lock().get().name().equals(name))
        : Future.failedFuture(takeFailure));
    }

    private Future<List<String>> migrateHolding() {
      LOG.info("Took the ClickHouse schema lock of database {} as {}", client.database(), name);
      return execute("CREATE TABLE IF NOT EXISTS " + client.database() + "." + LEDGER
          + " (version String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))"
          + " ENGINE = ReplacingMergeTree ORDER BY version")
        .compose(v -> appliedVersions())
        .compose(applied -> applyMissing(missing(listMigrations(), applied)))
        .compose(applied -> alignRetention().map(applied))
        .eventually(() -> execute(SchemaLock.release(client.database())).onFailure(e -> LOG.warn(
          "Could not drop the ClickHouse schema lock of database {}; other appliers wait until it is stale: {}",
          client.database(), e.getMessage())));
    }
  }

  private Future<Seen> look() {
    Future<List<JsonObject>> tables = client.select("SELECT name, comment, engine_full FROM system.tables"
      + " WHERE database = {db:String}", Map.of("db", client.database()));
    Future<List<JsonObject>> now = client.select("SELECT toUnixTimestamp64Milli(now64(3)) AS now_ms", Map.of());
    return Future.all(tables, now).compose(all -> {
      Map<String, JsonObject> byName = new HashMap<>();
      tables.result().forEach(table -> byName.put(table.getString("name"), table));
      Instant serverNow = Instant.ofEpochMilli(Long.parseLong(String.valueOf(now.result().get(0).getValue("now_ms"))));
      Optional<SchemaLock.Holder> lock = Optional.ofNullable(byName.get(SchemaLock.TABLE))
        .map(table -> SchemaLock.Holder.fromComment(table.getString("comment")));
      Map<String, String> engines = byName.values().stream()
        .collect(Collectors.toMap(table -> table.getString("name"), table -> table.getString("engine_full")));
      boolean ledgerExists = byName.containsKey(LEDGER);
      return (ledgerExists ? appliedVersions() : Future.succeededFuture(Set.<String>of()))
        .map(applied -> new Seen(serverNow, lock, ledgerExists, applied, engines));
    });
  }

  private Future<Set<String>> appliedVersions() {
    return client.select("SELECT version FROM " + client.database() + "." + LEDGER, Map.of())
      .map(rows -> rows.stream().map(row -> row.getString("version")).collect(Collectors.toSet()));
  }

  private Future<List<String>> applyMissing(List<String> migrations) {
    Future<Void> chain = Future.succeededFuture();
    for (String migration : migrations) {
      chain = chain.compose(v -> applyMigration(migration));
    }
    return chain.map(migrations);
  }

  private Future<Void> applyMigration(String migration) {
    LOG.info("Applying ClickHouse migration {} to database {}", migration, client.database());
    Future<Void> chain = Future.succeededFuture();
    for (String statement : statements(migration)) {
      chain = chain.compose(v -> execute(statement));
    }
    return chain.compose(v -> client.execute("INSERT INTO " + client.database()
      + "." + LEDGER + " (version) VALUES ('" + migration.replace("'", "") + "')"));
  }

  private Future<Void> alignRetention() {
    return client.select("SELECT name, engine_full FROM system.tables WHERE database = {db:String}",
        Map.of("db", client.database()))
      .compose(tables -> {
        Map<String, String> engines = tables.stream()
          .collect(Collectors.toMap(table -> table.getString("name"), table -> table.getString("engine_full")));
        Future<Void> chain = Future.succeededFuture();
        for (String table : misalignedRetention(engines, retentionDays, topology)) {
          chain = chain.compose(v -> modifyTtl(table, RETENTION.get(table)));
        }
        return chain;
      });
  }

  private Future<Void> modifyTtl(String table, String expression) {
    LOG.info("Setting retention of {}.{} to {} days", client.database(), table, retentionDays);
    return execute("ALTER TABLE " + client.database() + "." + table + " MODIFY TTL " + expression
      + " + INTERVAL " + retentionDays + " DAY");
  }

  /** Runs {@code statement}, written for one server, as the topology runs it. */
  private Future<Void> execute(String statement) {
    Future<Void> chain = Future.succeededFuture();
    for (String topological : topology.statements(statement)) {
      chain = chain.compose(v -> client.execute(topological));
    }
    return chain;
  }

  /** {@code shared}, its outcome handed to the caller's context, so the caller goes on on its own thread. */
  private static <T> Future<T> onCallerContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<T> delivered = Promise.promise();
    shared.onComplete(result -> caller.runOnContext(v -> delivered.handle(result)));
    return delivered.future();
  }

  /** The host, process and run of this applier, as the lock's comment and the waiting appliers' log name it. */
  private static String applierName() {
    String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(name -> !name.isBlank())
      .map(name -> name + " ").orElse("");
    return host + "pid " + ProcessHandle.current().pid() + " run " + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String resource(String name) {
    try (InputStream in = ClickHouseSchema.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE_DIR + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
