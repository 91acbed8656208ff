package io.tspipe.web.live;

import io.tspipe.event.EventType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the sequence of live metrics ticks into alerts: each rule is a condition on one tick, and an alert fires once
 * its condition has held for {@code fireAfterTicks} ticks in a row ({@code attack_detected} at the first) and
 * resolves once it has been false for {@code resolveAfterTicks}, so one noisy tick neither raises nor clears one.
 * Pure: no I/O and no clock of its own; one instance holds the state of one stream of ticks.
 *
 * <p>Rules (keys in brackets name one alert of a rule):
 * <ul>
 *   <li>{@code attack_detected} (critical): the attack indicator says {@code attack}, a live detection of its rule is
 *   open; its evidence is the indicator's, with that detection's id, first seen and features;</li>
 *   <li>{@code engine_unavailable} (critical): the tick could not be computed;</li>
 *   <li>{@code no_events} (critical): no event at all in the tick's window;</li>
 *   <li>{@code type_stopped} [event type] (warning): one event type has no event while others flow;</li>
 *   <li>{@code data_quality} (warning): more than {@code maxRejectShare} of the records were rejected;</li>
 *   <li>{@code api_latency} (warning): API p99 latency above {@code maxApiP99Ms}.</li>
 * </ul>
 */
public final class AlertRules {

  public static final AlertRules.Limits DEFAULT_LIMITS = new Limits(2, 3, 0.10, 5_000);

  /**
   * @param fireAfterTicks    ticks a condition must hold before its alert fires (attacks fire at once)
   * @param resolveAfterTicks ticks it must be false before the alert resolves
   * @param maxRejectShare    rejected records / all records above which data quality alerts
   * @param maxApiP99Ms       API p99 latency above which latency alerts
   */
  public record Limits(int fireAfterTicks, int resolveAfterTicks, double maxRejectShare, double maxApiP99Ms) {
  }

  private record Condition(String rule, String key, String severity, String message, JsonObject evidence) {
  }

  private static final class Tracked {
    int holding;
    int clear;
    JsonObject firing;
  }

  private final Limits limits;
  private final Map<String, Tracked> tracked = new LinkedHashMap<>();

  public AlertRules(Limits limits) {
    this.limits = limits;
  }

  /** Feeds one tick; answers the alerts that fired or resolved on it, in a stable order. */
  public List<JsonObject> evaluate(JsonObject tick) {
    Map<String, Condition> holding = new LinkedHashMap<>();
    conditions(tick).forEach(condition -> holding.put(condition.key(), condition));
    List<JsonObject> changes = new ArrayList<>();
    String at = tick.getString("at");
    holding.forEach((key, condition) -> {
      Tracked state = tracked.computeIfAbsent(key, k -> new Tracked());
      state.holding++;
      state.clear = 0;
      int needed = "attack_detected".equals(condition.rule()) ? 1 : limits.fireAfterTicks();
      if (state.firing == null && state.holding >= needed) {
        state.firing = new JsonObject()
          .put("id", UUID.randomUUID().toString())
          .put("rule", condition.rule())
          .put("key", key)
          .put("state", "firing")
          .put("severity", condition.severity())
          .put("at", at)
          .put("since", at)
          .put("message", condition.message())
          .put("evidence", condition.evidence());
        changes.add(state.firing.copy());
      } else if (state.firing != null) {
        state.firing.put("message", condition.message()).put("evidence", condition.evidence());
      }
    });
    for (var entry : List.copyOf(tracked.entrySet())) {
      if (holding.containsKey(entry.getKey())) {
        continue;
      }
      Tracked state = entry.getValue();
      state.holding = 0;
      state.clear++;
      if (state.firing != null && state.clear >= limits.resolveAfterTicks()) {
        changes.add(state.firing.copy().put("state", "resolved").put("at", at)
          .put("message", "no longer holds for " + limits.resolveAfterTicks() + " ticks; last firing: "
            + state.firing.getString("message")));
        tracked.remove(entry.getKey());
      } else if (state.firing == null) {
        tracked.remove(entry.getKey());
      }
    }
    return changes;
  }

  /** The alerts firing now, each as last reported with its latest evidence. */
  public JsonArray firing() {
    JsonArray firing = new JsonArray();
    tracked.values().stream().filter(state -> state.firing != null).forEach(state -> firing.add(state.firing.copy()));
    return firing;
  }

  private List<Condition> conditions(JsonObject tick) {
    List<Condition> conditions = new ArrayList<>();
    if (!tick.getBoolean("available", false)) {
      conditions.add(new Condition("engine_unavailable", "engine_unavailable", "critical",
        "live metrics cannot be computed: " + tick.getString("error", "storage did not answer"),
        new JsonObject().put("error", tick.getString("error"))));
      return conditions;
    }
    JsonObject attack = tick.getJsonObject("attack", new JsonObject());
    if ("attack".equals(attack.getString("status"))) {
      conditions.add(new Condition("attack_detected", "attack_detected", "critical", "live " + attack.getString("rule")
        + " detection " + attack.getString("detectionId") + " open since " + attack.getString("firstSeen") + ": "
        + attack.getJsonObject("features", new JsonObject()).encode(), attack));
    }
    JsonObject perSecond = tick.getJsonObject("eventsPerSecond", new JsonObject());
    double total = perSecond.getDouble("total", 0.0);
    if (total == 0) {
      conditions.add(new Condition("no_events", "no_events", "critical",
        "no event stored in the last " + tick.getInteger("windowSeconds") + " s", new JsonObject()));
    } else {
      for (EventType type : EventType.values()) {
        if (perSecond.getDouble(type.wireName(), 0.0) == 0) {
          conditions.add(new Condition("type_stopped", "type_stopped:" + type.wireName(), "warning",
            type.wireName() + " events stopped while others flow at " + Math.round(total) + "/s",
            new JsonObject().put("type", type.wireName()).put("eventsPerSecond", perSecond)));
        }
      }
    }
    JsonObject quality = tick.getJsonObject("quality", new JsonObject());
    double rejects = quality.getDouble("rejectsPerSecond", 0.0);
    if (rejects + total > 0 && rejects / (rejects + total) > limits.maxRejectShare()) {
      double share = rejects / (rejects + total);
      conditions.add(new Condition("data_quality", "data_quality", "warning", String.format(Locale.ROOT,
        "%.1f%% of records rejected (limit %.0f%%)", 100 * share, 100 * limits.maxRejectShare()),
        new JsonObject().put("rejectShare", share).put("rejectsPerSecond", rejects).put("eventsPerSecond", total)));
    }
    JsonObject latency = tick.getJsonObject("apiLatencyMs");
    if (latency != null && latency.getDouble("p99", 0.0) > limits.maxApiP99Ms()) {
      conditions.add(new Condition("api_latency", "api_latency", "warning", String.format(Locale.ROOT,
        "API p99 latency %.0f ms (limit %.0f ms)", latency.getDouble("p99"), limits.maxApiP99Ms()), latency));
    }
    return conditions;
  }
}
