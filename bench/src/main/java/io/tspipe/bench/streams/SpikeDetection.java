package io.tspipe.bench.streams;

import io.vertx.core.json.JsonObject;

/**
 * A detection the spike's topology emits, the JSON value of its output topic (keyed by the address): the window
 * {@code [windowStartMs, windowEndMs)} of {@code ip} in which the rule's condition first held, the features then, the
 * event time of the login that completed the evidence, and the wall-clock time the topology emitted it.
 */
public record SpikeDetection(String ip, long windowStartMs, long windowEndMs, long attempts, long failures,
                             long triggerEventMs, long emittedAtMs) {

  public JsonObject toJson() {
    return new JsonObject().put("ip", ip).put("windowStartMs", windowStartMs).put("windowEndMs", windowEndMs)
      .put("attempts", attempts).put("failures", failures).put("triggerEventMs", triggerEventMs)
      .put("emittedAtMs", emittedAtMs);
  }

  public static SpikeDetection fromJson(JsonObject json) {
    return new SpikeDetection(json.getString("ip"), json.getLong("windowStartMs"), json.getLong("windowEndMs"),
      json.getLong("attempts"), json.getLong("failures"), json.getLong("triggerEventMs"), json.getLong("emittedAtMs"));
  }

  /** The identity compared between a run and its replay: the address and the window. */
  public String windowKey() {
    return ip + "@" + windowStartMs;
  }
}
