package io.tspipe.generator;

import io.tspipe.event.EventType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Turns a good event into a deliberately bad record that a validating consumer must reject: text that is not
 * JSON (truncated, or not JSON at all), or JSON that breaks the event type's schema (a required field missing,
 * a field of the wrong type, a value out of its domain). Each {@link Defect} is equally likely.
 */
public final class BadEventFactory {

  public enum Defect {
    TRUNCATED, NOT_JSON, MISSING_FIELD, MISTYPED_FIELD, INVALID_VALUE;

    /** Whether the record fails to parse as JSON at all (the others parse but break the schema). */
    public boolean malformed() {
      return this == TRUNCATED || this == NOT_JSON;
    }
  }

  public record BadEvent(Defect defect, String text) {
  }

  private static final List<String> COMMON_REQUIRED =
    List.of("id", "timestamp", "type", "schemaVersion", "sourceIp", "userId");

  private static final Map<EventType, List<String>> TYPE_REQUIRED = Map.of(
    EventType.ACCOUNT_ACTIVITY, List.of("action", "success", "userAgent", "geo"),
    EventType.API_REQUEST,
    List.of("method", "path", "statusCode", "responseTimeMs", "requestBytes", "responseBytes", "userAgent"),
    EventType.EMAIL_SEND, List.of("recipientEmail", "templateId", "success", "bounceType"));

  private static final List<Consumer<JsonObject>> COMMON_MISTYPES = List.of(
    event -> event.put("schemaVersion", "1"),
    event -> event.put("userId", 48_213),
    event -> event.put("timestamp", 1_767_225_600_000L),
    event -> event.put("sourceIp", new JsonArray().add(event.getString("sourceIp"))));

  private static final Map<EventType, List<Consumer<JsonObject>>> TYPE_MISTYPES = Map.of(
    EventType.ACCOUNT_ACTIVITY, List.of(
      event -> event.put("success", "yes"),
      event -> event.put("geo", event.getJsonObject("geo").getString("country") + "/"
        + event.getJsonObject("geo").getString("city")),
      event -> event.getJsonObject("geo").put("lat", String.valueOf(event.getJsonObject("geo").getDouble("lat")))),
    EventType.API_REQUEST, List.of(
      event -> event.put("statusCode", String.valueOf(event.getInteger("statusCode"))),
      event -> event.put("responseTimeMs", event.getInteger("responseTimeMs") + "ms"),
      event -> event.put("requestBytes", event.getInteger("requestBytes") + 0.5)),
    EventType.EMAIL_SEND, List.of(
      event -> event.put("success", "yes"),
      event -> event.put("templateId", 5),
      event -> event.put("bounceType", false)));

  private static final List<Consumer<JsonObject>> COMMON_INVALID_VALUES = List.of(
    event -> event.put("id", "not-a-uuid"),
    event -> event.put("userId", "user_" + event.getString("userId").substring(0, 8)),
    event -> event.put("sourceIp", "999.14.2.301"),
    event -> event.put("sourceIp", "localhost"),
    event -> event.put("timestamp", "yesterday at noon"),
    event -> event.put("timestamp", event.getString("timestamp").replace("Z", "+02:00")),
    event -> event.put("schemaVersion", 2),
    event -> event.put("type", event.getString("type").toUpperCase(Locale.ROOT)));

  private static final Map<EventType, List<Consumer<JsonObject>>> TYPE_INVALID_VALUES = Map.of(
    EventType.ACCOUNT_ACTIVITY, List.of(
      event -> event.put("action", "hack_the_planet"),
      event -> event.getJsonObject("geo").put("country", "USA"),
      event -> event.getJsonObject("geo").put("lat", 123.4)),
    EventType.API_REQUEST, List.of(
      event -> event.put("method", "FETCH"),
      event -> event.put("statusCode", 999),
      event -> event.put("responseTimeMs", -42),
      event -> event.put("path", "api/v1/no-leading-slash")),
    EventType.EMAIL_SEND, List.of(
      event -> event.put("bounceType", "medium"),
      event -> event.put("recipientEmail", "not-an-email"),
      event -> event.put("templateId", "")));

  private static final List<String> NOT_JSON = List.of(
    "user=%s type=%s result=ok",
    "<html><head><title>502 Bad Gateway</title></head><body>%s %s</body></html>",
    "%2$s,%1$s,true,,",
    "{id: '%s', type: '%s'}",
    "ERROR %s: could not serialize %s event");

  private final RandomGenerator random;

  public BadEventFactory(RandomGenerator random) {
    this.random = random;
  }

  public BadEvent corrupt(JsonObject good) {
    Defect defect = Defect.values()[random.nextInt(Defect.values().length)];
    EventType type = EventType.fromWireName(good.getString("type")).orElseThrow();
    return new BadEvent(defect, switch (defect) {
      case TRUNCATED -> truncated(good.encode());
      case NOT_JSON -> notJson(good);
      case MISSING_FIELD -> mutated(good, event -> event.remove(pickRequired(type)));
      case MISTYPED_FIELD -> mutated(good, pickMutation(COMMON_MISTYPES, TYPE_MISTYPES.get(type)));
      case INVALID_VALUE -> mutated(good, pickMutation(COMMON_INVALID_VALUES, TYPE_INVALID_VALUES.get(type)));
    });
  }

  /** A strict prefix of a JSON object never parses: the braces cannot balance. */
  private String truncated(String text) {
    return text.substring(0, RandomDraws.between(random, text.length() / 4, text.length() * 3 / 4));
  }

  private String notJson(JsonObject good) {
    return String.format(RandomDraws.pick(random, NOT_JSON), good.getString("userId"), good.getString("type"));
  }

  private static String mutated(JsonObject good, Consumer<JsonObject> mutation) {
    JsonObject copy = good.copy();
    mutation.accept(copy);
    return copy.encode();
  }

  private String pickRequired(EventType type) {
    List<String> specific = TYPE_REQUIRED.get(type);
    int index = random.nextInt(COMMON_REQUIRED.size() + specific.size());
    return index < COMMON_REQUIRED.size() ? COMMON_REQUIRED.get(index) : specific.get(index - COMMON_REQUIRED.size());
  }

  private Consumer<JsonObject> pickMutation(List<Consumer<JsonObject>> common, List<Consumer<JsonObject>> specific) {
    int index = random.nextInt(common.size() + specific.size());
    return index < common.size() ? common.get(index) : specific.get(index - common.size());
  }
}
