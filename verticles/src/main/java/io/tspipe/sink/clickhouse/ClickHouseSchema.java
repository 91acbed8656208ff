package io.tspipe.sink.clickhouse;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies the versioned DDL of {@code clickhouse/} (listed in order in {@code migrations.list}) to the configured
 * database. Applied versions are recorded in {@code schema_migrations}; every statement is idempotent as well, so a
 * migration interrupted half-way is simply applied again. The retention TTL is brought in line with the
 * configuration on every start.
 */
public final class ClickHouseSchema {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSchema.class);
  private static final String RESOURCE_DIR = "clickhouse/";
  /** Tables whose TTL follows {@code clickhouse.retentionDays}, with the expression their TTL is computed from. */
  private static final Map<String, String> RETENTION = Map.of(
    "events", "toDateTime(timestamp)",
    "rejected_events", "toDateTime(rejected_at)",
    "duplicate_events", "toDateTime(detected_at)",
    "events_minute", "minute",
    "quality_minute", "minute",
    "ip_minute", "minute",
    "user_minute", "minute");

  private final ClickHouseClient client;
  private final int retentionDays;

  public ClickHouseSchema(ClickHouseClient client, int retentionDays) {
    this.client = client;
    this.retentionDays = retentionDays;
  }

  public Future<Void> apply() {
    String db = client.database();
    return client.execute("CREATE DATABASE IF NOT EXISTS " + db)
      .compose(v -> client.execute("CREATE TABLE IF NOT EXISTS " + db + ".schema_migrations"
        + " (version String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))"
        + " ENGINE = ReplacingMergeTree ORDER BY version"))
      .compose(v -> client.select("SELECT version FROM " + db + ".schema_migrations", Map.of()))
      .map(rows -> rows.stream().map(row -> row.getString("version")).collect(Collectors.toSet()))
      .compose(this::applyMissing)
      .compose(v -> alignRetention());
  }

  private Future<Void> applyMissing(Set<String> applied) {
    Future<Void> chain = Future.succeededFuture();
    for (String migration : listMigrations()) {
      if (!applied.contains(migration)) {
        chain = chain.compose(v -> applyMigration(migration));
      }
    }
    return chain;
  }

  private Future<Void> applyMigration(String migration) {
    LOG.info("Applying ClickHouse migration {} to database {}", migration, client.database());
    Future<Void> chain = Future.succeededFuture();
    for (String statement : statements(migration)) {
      chain = chain.compose(v -> client.execute(statement));
    }
    return chain.compose(v -> client.execute("INSERT INTO " + client.database()
      + ".schema_migrations (version) VALUES ('" + migration.replace("'", "") + "')"));
  }

  private Future<Void> alignRetention() {
    return client.select("SELECT name, engine_full FROM system.tables WHERE database = {db:String}",
        Map.of("db", client.database()))
      .compose(tables -> {
        Future<Void> chain = Future.succeededFuture();
        for (JsonObject table : tables) {
          String expression = RETENTION.get(table.getString("name"));
          if (expression != null && !table.getString("engine_full").contains("toIntervalDay(" + retentionDays + ")")) {
            chain = chain.compose(v -> modifyTtl(table.getString("name"), expression));
          }
        }
        return chain;
      });
  }

  private Future<Void> modifyTtl(String table, String expression) {
    LOG.info("Setting retention of {}.{} to {} days", client.database(), table, retentionDays);
    return client.execute("ALTER TABLE " + client.database() + "." + table + " MODIFY TTL " + expression
      + " + INTERVAL " + retentionDays + " DAY");
  }

  /** The statements of one migration file, placeholders filled, comments dropped. */
  List<String> statements(String migration) {
    String text = resource(migration)
      .replace("${database}", client.database())
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

  static List<String> listMigrations() {
    return Arrays.stream(resource("migrations.list").split("\n"))
      .map(String::trim)
      .filter(line -> !line.isEmpty() && !line.startsWith("#"))
      .toList();
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
