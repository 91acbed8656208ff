package io.tspipe.store;

import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code attack_windows} table, the generator's ground truth of when attacks ran: created by
 * {@code clickhouse/V001__core_tables.sql}, {@code scenario} and {@code parameters} added by {@code V005__scenarios.sql}.
 * One row per state of a window, its start and its end, each read at its latest.
 *
 * <p>The worker writes it: {@link #COLUMNS} in the order {@link #append} encodes them. Readers take each window's
 * latest state from {@link #latest}, as rows of {@link #rows}.
 */
public final class AttackWindowsTable {

  public static final String NAME = "attack_windows";

  /** Every column of the table, in the order {@link #append} writes them. */
  public static final List<String> COLUMNS = List.of("window_id", "started_at", "ended_at", "trigger", "recorded_at",
    "scenario", "parameters");

  /** The scenario of a window recorded before scenarios existed (the column's default too). */
  public static final String CLASSIC_SCENARIO = "classic";

  private AttackWindowsTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /**
   * Appends the row of a window record. The version column ({@code recorded_at}) is the window's latest instant, so an
   * end always supersedes a start. A window without {@code scenario} (written before scenarios existed) is stored as
   * {@value #CLASSIC_SCENARIO}, its {@code parameters} as {@code {}}.
   */
  public static RowBinary append(RowBinary out, JsonObject window) {
    long startedAt = Instant.parse(window.getString("startedAt")).toEpochMilli();
    String endedAtText = window.getString("endedAt");
    Long endedAt = endedAtText == null ? null : Instant.parse(endedAtText).toEpochMilli();
    return out.uuid(UUID.fromString(window.getString("windowId")))
      .dateTime64Millis(startedAt)
      .nullableDateTime64Millis(endedAt)
      .string(window.getString("trigger"))
      .dateTime64Millis(endedAt == null ? startedAt : endedAt)
      .string(window.getString("scenario", CLASSIC_SCENARIO))
      .string(window.getJsonObject("parameters", new JsonObject()).encode());
  }

  /** SQL of each window's latest state: {@code window_id, started, ended, trigger, scenario, parameters}. */
  public static String latest(String database) {
    return "SELECT window_id, argMax(started_at, recorded_at) AS started, argMax(ended_at, recorded_at) AS ended, "
      + "argMax(trigger, recorded_at) AS trigger, argMax(scenario, recorded_at) AS scenario, "
      + "argMax(parameters, recorded_at) AS parameters FROM " + in(database) + " GROUP BY window_id";
  }

  /**
   * SQL of the rows of {@code windows} (a query over {@link #latest}) as readers take them: {@code id, started_ms,
   * ended_ms} (null while running), {@code trigger, scenario, parameters}.
   */
  public static String rows(String windows) {
    return "SELECT toString(window_id) AS id, toUnixTimestamp64Milli(started) AS started_ms, "
      + "if(isNull(ended), NULL, toUnixTimestamp64Milli(assumeNotNull(ended))) AS ended_ms, toString(trigger) AS trigger, "
      + "toString(scenario) AS scenario, parameters FROM (" + windows + ")";
  }

  /** The stored parameters; {@code {}} for a value that is not a JSON object (the worker stores only objects). */
  public static JsonObject parameters(String stored) {
    try {
      return stored == null || stored.isEmpty() ? new JsonObject() : new JsonObject(stored);
    } catch (DecodeException | ClassCastException notAnObject) {
      return new JsonObject();
    }
  }
}
