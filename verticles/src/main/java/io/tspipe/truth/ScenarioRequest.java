package io.tspipe.truth;

import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * A scenario to run, with every knob filled in: {@code parameters} holds each of the scenario's
 * {@link ScenarioParameter}s, as asked or by default. Built only by {@link #parse}, so a request the web role accepted
 * is one the generator can run.
 */
public record ScenarioRequest(Scenario scenario, JsonObject parameters) {

  /**
   * Reads {@code {"scenario": name, <knob>: value, ...}}, the body of a start request.
   *
   * @throws ScenarioRequestException naming the field: an unknown scenario, an unknown knob, or a value out of bounds
   */
  public static ScenarioRequest parse(JsonObject body) {
    Object name = body.getValue("scenario");
    if (!(name instanceof String text)) {
      throw new ScenarioRequestException("scenario", "required: one of " + Scenario.allowedValues());
    }
    Scenario scenario = Scenario.fromWireName(text).orElseThrow(() -> new ScenarioRequestException("scenario",
      "expected one of " + Scenario.allowedValues() + ", got '" + (text.length() > 40 ? text.substring(0, 40) : text) + "'"));
    Set<String> known = new HashSet<>();
    JsonObject parameters = new JsonObject();
    for (ScenarioParameter parameter : scenario.parameters()) {
      known.add(parameter.name());
      parameters.put(parameter.name(), parameter.read(body));
    }
    for (String field : body.fieldNames()) {
      if (!field.equals("scenario") && !known.contains(field)) {
        throw new ScenarioRequestException(field, "not a parameter of " + scenario.wireName() + "; see GET /api/v1/scenarios");
      }
    }
    return new ScenarioRequest(scenario, parameters);
  }

  /** The request with defaults only. */
  public static ScenarioRequest defaults(Scenario scenario) {
    return parse(new JsonObject().put("scenario", scenario.wireName()));
  }

  public double intensity() {
    return parameters.getDouble("intensity");
  }

  public long durationSeconds() {
    return parameters.getLong("durationSeconds");
  }

  public double number(String name) {
    return parameters.getDouble(name);
  }

  public int integer(String name) {
    return Math.toIntExact(parameters.getLong(name));
  }

  public boolean flag(String name) {
    return parameters.getBoolean(name);
  }

  public String choice(String name) {
    return parameters.getString(name);
  }

  /** The start request again: {@code {"scenario": name, ...parameters}}. */
  public JsonObject toJson() {
    return parameters.copy().put("scenario", scenario.wireName());
  }
}
