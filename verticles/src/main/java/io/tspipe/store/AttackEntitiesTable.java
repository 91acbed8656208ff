package io.tspipe.store;

import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code attack_entities} table, the generator's ground truth of which entities took part in which attack window:
 * created by {@code clickhouse/V005__scenarios.sql}. One row per record; the table keeps the earliest
 * {@code first_seen_at} of a repeated entity.
 *
 * <p>The worker writes it: {@link #COLUMNS} in the order {@link #append} encodes them. Readers take the entities of some
 * windows from {@link #ofWindows}.
 */
public final class AttackEntitiesTable {

  public static final String NAME = "attack_entities";

  /** Every column of the table, in the order {@link #append} writes them. */
  public static final List<String> COLUMNS = List.of("window_id", "kind", "value", "role", "first_seen_at",
    "recorded_at");

  private AttackEntitiesTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /** Appends the row of an entity record, recorded at {@code recordedAtMillis}. */
  public static RowBinary append(RowBinary out, JsonObject entity, long recordedAtMillis) {
    return out.uuid(UUID.fromString(entity.getString("windowId")))
      .string(entity.getString("kind"))
      .string(entity.getString("value"))
      .string(entity.getString("role"))
      .dateTime64Millis(Instant.parse(entity.getString("firstSeenAt")).toEpochMilli())
      .dateTime64Millis(recordedAtMillis);
  }

  /**
   * SQL of the entities of the windows {@code windows} selects (a query with a {@code window_id} column), one row per
   * entity and role in a window: {@code id} (the window's), {@code kind, value, role} and {@code first_ms}, when it
   * was first seen in it.
   */
  public static String ofWindows(String database, String windows) {
    return "SELECT toString(window_id) AS id, toString(kind) AS kind, value, toString(role) AS role, "
      + "toUnixTimestamp64Milli(min(first_seen_at)) AS first_ms FROM " + in(database)
      + " WHERE window_id IN (SELECT window_id FROM (" + windows + ")) GROUP BY window_id, kind, value, role";
  }
}
