package io.tspipe.truth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One knob of a {@link Scenario}: its name in a start request, its type, default and bounds. A request is checked
 * against these alone, so the catalogue ({@code GET /api/v1/scenarios}) and the check never disagree.
 *
 * @param name        the request field
 * @param type        {@code number}, {@code integer}, {@code boolean} or {@code enum}
 * @param defaultValue the value used when a request leaves the field out
 * @param min         smallest allowed number (inclusive); null for booleans and enums
 * @param max         largest allowed number (inclusive); null for booleans and enums
 * @param values      the allowed values of an {@code enum}; empty otherwise
 * @param description what the knob changes, for the catalogue
 */
public record ScenarioParameter(String name, Type type, Object defaultValue, Double min, Double max,
                                List<String> values, String description) {

  public enum Type {
    NUMBER, INTEGER, BOOLEAN, ENUM;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static ScenarioParameter number(String name, double defaultValue, double min, double max, String description) {
    return new ScenarioParameter(name, Type.NUMBER, defaultValue, min, max, List.of(), description);
  }

  public static ScenarioParameter integer(String name, long defaultValue, long min, long max, String description) {
    return new ScenarioParameter(name, Type.INTEGER, defaultValue, (double) min, (double) max, List.of(), description);
  }

  public static ScenarioParameter flag(String name, boolean defaultValue, String description) {
    return new ScenarioParameter(name, Type.BOOLEAN, defaultValue, null, null, List.of(), description);
  }

  public static ScenarioParameter choice(String name, String defaultValue, List<String> values, String description) {
    return new ScenarioParameter(name, Type.ENUM, defaultValue, null, null, List.copyOf(values), description);
  }

  /**
   * The value of this knob in a request: the default when absent, else the given value checked against the type and
   * bounds. Integers come back as {@code Long}, numbers as {@code Double}.
   *
   * @throws ScenarioRequestException naming {@code name} when the value does not fit
   */
  Object read(JsonObject request) {
    if (!request.containsKey(name)) {
      return defaultValue;
    }
    Object value = request.getValue(name);
    return switch (type) {
      case BOOLEAN -> {
        if (!(value instanceof Boolean flag)) {
          throw new ScenarioRequestException(name, "expected true or false, got " + describe(value));
        }
        yield flag;
      }
      case ENUM -> {
        if (!(value instanceof String text) || !values.contains(text)) {
          throw new ScenarioRequestException(name, "expected one of " + String.join(", ", values) + ", got "
            + describe(value));
        }
        yield text;
      }
      case INTEGER -> {
        if (!(value instanceof Number number) || !isWhole(number)) {
          throw new ScenarioRequestException(name, "expected a whole number, got " + describe(value));
        }
        long whole = number.longValue();
        requireWithin(whole);
        yield whole;
      }
      case NUMBER -> {
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
          throw new ScenarioRequestException(name, "expected a number, got " + describe(value));
        }
        double real = number.doubleValue();
        requireWithin(real);
        yield real;
      }
    };
  }

  private void requireWithin(double value) {
    if (value < min || value > max) {
      throw new ScenarioRequestException(name, "expected a value from " + format(min) + " to " + format(max)
        + ", got " + format(value));
    }
  }

  private static boolean isWhole(Number number) {
    if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
      return true;
    }
    double real = number.doubleValue();
    return Double.isFinite(real) && real == Math.rint(real) && Math.abs(real) < 0x1p53;
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return String.valueOf(value);
  }

  /** The catalogue entry: {@code {name, type, default, min?, max?, values?, description}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("type", type.wireName()).put("default", defaultValue);
    if (min != null) {
      json.put("min", type == Type.INTEGER ? (Object) min.longValue() : min);
      json.put("max", type == Type.INTEGER ? (Object) max.longValue() : max);
    }
    if (!values.isEmpty()) {
      json.put("values", new JsonArray(values));
    }
    return json.put("description", description);
  }
}
