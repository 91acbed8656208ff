package io.tspipe.store;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The attack windows as stored in {@code attack_windows} (V001, V005): one row per state of a window, its start and
 * its end, each read at its latest.
 */
public final class StoredWindows {

  private StoredWindows() {
  }

  /** SQL of each window's latest state: {@code window_id, started, ended, trigger, scenario, parameters}. */
  public static String latest(String database) {
    return "SELECT window_id, argMax(started_at, recorded_at) AS started, argMax(ended_at, recorded_at) AS ended, "
      + "argMax(trigger, recorded_at) AS trigger, argMax(scenario, recorded_at) AS scenario, "
      + "argMax(parameters, recorded_at) AS parameters FROM " + database + ".attack_windows GROUP BY window_id";
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
