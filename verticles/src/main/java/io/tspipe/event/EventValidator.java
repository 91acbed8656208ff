package io.tspipe.event;

import io.tspipe.model.WellFormedText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonFormatValidator;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputErrorType;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a raw record is an event, using the JSON Schemas of {@code schemas/} (draft 2020-12) and nothing
 * hand-written beyond what a schema cannot say: that the record has a value, that its text is well-formed Unicode
 * ({@link WellFormedText}), that the {@code type} matches the topic, that the timestamp names a real instant inside
 * the stored range, and that every number fits the column it is stored in ({@link IntegerFields#fit}).
 * Pure and thread-confined: no I/O after construction.
 *
 * <p>The same schemas are compiled twice: to {@link CompiledSchema}, which proves the common valid record valid about
 * a hundred times faster, and by the JSON Schema library, which decides every record the compiled form does not
 * accept and words the reject. The library is given the schemas with their patterns made exact for Java
 * ({@link EcmaPatterns}) and {@link #STRICT_FORMATS formats} that refuse line terminators, which its own checks let
 * through at the end of a value.
 */
public final class EventValidator {

  static final String SCHEMA_BASE_URI = "https://tspipe.io/schemas/";
  static final String ATTACK_WINDOW_SCHEMA = "attack_window";
  static final String ATTACK_ENTITY_SCHEMA = "attack_entity";
  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"?([^\"]+)\"?");
  private static final Set<String> COMBINING_KEYWORDS =
    Set.of("allOf", "anyOf", "oneOf", "not", "$ref", "properties", "items", "if", "then", "else");
  /** Formats whose values never hold a control character or line terminator. */
  private static final Set<String> STRICT_FORMATS =
    Set.of("date-time", "date", "time", "ipv4", "ipv6", "uuid", "email", "hostname");

  private final Map<EventType, Validator> validators = new EnumMap<>(EventType.class);
  private final Map<EventType, CompiledSchema> compiled = new EnumMap<>(EventType.class);
  /** Per type, the members its schema defines: "" for the top level, and each object member's own ("geo"). */
  private final Map<EventType, Map<String, Set<String>>> definedFields = new EnumMap<>(EventType.class);
  private final Validator attackWindowValidator;
  private final CompiledSchema attackWindowCompiled;
  private final Validator attackEntityValidator;
  private final CompiledSchema attackEntityCompiled;
  private final Duration maxAge;
  private final Duration maxFutureSkew;

  /**
   * @param maxAge        events older than this are refused (they would fall outside retention at once)
   * @param maxFutureSkew events stamped further than this in the future are refused
   */
  public EventValidator(Duration maxAge, Duration maxFutureSkew) {
    this.maxAge = maxAge;
    this.maxFutureSkew = maxFutureSkew;
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012)
      .setBaseUri(SCHEMA_BASE_URI)
      .setOutputFormat(OutputFormat.Basic), EventValidator::checkFormat);
    Map<String, JsonObject> documents = new HashMap<>();
    JsonObject common = loadSchema("common");
    documents.put(common.getString("$id"), common.copy()); // the library annotates what it dereferences
    repository.dereference(JsonSchema.of(EcmaPatterns.translated(common)));
    for (EventType type : EventType.values()) {
      JsonObject schema = loadSchema(type.wireName());
      documents.put(schema.getString("$id"), schema.copy());
      repository.dereference(JsonSchema.of(EcmaPatterns.translated(schema)));
      validators.put(type, repository.validator(schema.getString("$id")));
    }
    JsonObject attackWindow = loadSchema(ATTACK_WINDOW_SCHEMA);
    documents.put(attackWindow.getString("$id"), attackWindow.copy());
    repository.dereference(JsonSchema.of(EcmaPatterns.translated(attackWindow)));
    attackWindowValidator = repository.validator(attackWindow.getString("$id"));
    JsonObject attackEntity = loadSchema(ATTACK_ENTITY_SCHEMA);
    documents.put(attackEntity.getString("$id"), attackEntity.copy());
    repository.dereference(JsonSchema.of(EcmaPatterns.translated(attackEntity)));
    attackEntityValidator = repository.validator(attackEntity.getString("$id"));
    for (EventType type : EventType.values()) {
      compiled.put(type, CompiledSchema.compile(documents, SCHEMA_BASE_URI + type.wireName() + ".schema.json"));
      definedFields.put(type, definedFields(documents, documents.get(SCHEMA_BASE_URI + type.wireName() + ".schema.json")));
    }
    attackWindowCompiled = CompiledSchema.compile(documents, attackWindow.getString("$id"));
    attackEntityCompiled = CompiledSchema.compile(documents, attackEntity.getString("$id"));
  }

  /**
   * Validates {@code payload} read from a topic that carries {@code topicType} events; the timestamp's range is judged
   * from {@code nowMillis}, milliseconds since the epoch.
   */
  public Verdict validate(EventType topicType, Buffer payload, long nowMillis) {
    Object parsed = parse(payload);
    if (parsed instanceof Verdict.Rejected rejected) {
      return rejected;
    }
    JsonObject event = (JsonObject) parsed;
    Object typeValue = event.getValue("type");
    if (typeValue == null) {
      return reject(RejectReason.MISSING_FIELD, "/type", "missing required field 'type'", event);
    }
    EventType type = EventType.fromWireName(String.valueOf(typeValue)).orElse(null);
    if (type == null) {
      return reject(RejectReason.UNKNOWN_TYPE, "/type", "unknown event type '" + typeValue + "'", event);
    }
    if (type != topicType) {
      return reject(RejectReason.WRONG_TOPIC, "/type",
        "a " + type.wireName() + " event does not belong on the " + topicType.wireName() + " topic", event);
    }
    if (!compiled.get(type).accepts(event)) {
      Optional<Verdict.Rejected> rejected = checkWithLibrary(validators.get(type), event);
      if (rejected.isPresent()) {
        return rejected.get();
      }
    }
    removeUndefined(definedFields.get(type), event);
    Verdict.Rejected unfit = IntegerFields.fit(event.getMap());
    if (unfit != null) {
      return reject(unfit.reason(), unfit.field(), unfit.message(), event);
    }
    return checkTimestamp(type, event, nowMillis);
  }

  /** Validates an attack-window record against {@code attack_window.schema.json}. */
  public Verdict validateAttackWindow(Buffer payload) {
    Object checked = checkTruthRecord(payload, attackWindowCompiled, attackWindowValidator, "startedAt", "endedAt");
    return checked instanceof JsonObject window ? new Verdict.AcceptedWindow(window) : (Verdict) checked;
  }

  /** Validates an attack-entity record against {@code attack_entity.schema.json}. */
  public Verdict validateAttackEntity(Buffer payload) {
    Object checked = checkTruthRecord(payload, attackEntityCompiled, attackEntityValidator, "firstSeenAt");
    return checked instanceof JsonObject entity ? new Verdict.AcceptedEntity(entity) : (Verdict) checked;
  }

  /** A ground-truth record as a JSON object its schema accepts, with real instants in {@code instants}; or the reject. */
  private static Object checkTruthRecord(Buffer payload, CompiledSchema compiledSchema, Validator validator,
                                         String... instants) {
    Object parsed = parse(payload);
    if (parsed instanceof Verdict.Rejected rejected) {
      return rejected;
    }
    JsonObject record = (JsonObject) parsed;
    if (!compiledSchema.accepts(record)) {
      Optional<Verdict.Rejected> rejected = checkWithLibrary(validator, record);
      if (rejected.isPresent()) {
        return rejected.get();
      }
    }
    for (String field : instants) {
      Object value = record.getValue(field);
      if (value != null && CanonicalTimestamp.epochMillis((String) value) == CanonicalTimestamp.NOT_CANONICAL) {
        return reject(RejectReason.INVALID_VALUE, "/" + field, notAnInstant(field, (String) value), null);
      }
    }
    return record;
  }

  /**
   * The payload as a JSON object of well-formed text, or the reject saying why it is not one. A tombstone (no value)
   * is refused too: events are never deleted through their topic.
   */
  private static Object parse(Buffer payload) {
    if (payload == null) {
      return reject(RejectReason.NO_PAYLOAD, "", "the record has no value (a tombstone); an event is a JSON object",
        null);
    }
    int malformed = WellFormedText.firstMalformedUtf8(payload);
    if (malformed != WellFormedText.WELL_FORMED) {
      return reject(RejectReason.INVALID_ENCODING, "", "payload is not well-formed UTF-8: byte " + malformed + " (0x"
        + Integer.toHexString(payload.getUnsignedByte(malformed)).toUpperCase(Locale.ROOT)
        + ") does not begin a valid sequence (an overlong form, an encoded surrogate or a broken sequence)", null);
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(payload);
    } catch (DecodeException e) {
      return reject(RejectReason.MALFORMED_JSON, "", "payload is not valid JSON: " + firstLine(e.getMessage()), null);
    }
    if (!(parsed instanceof JsonObject object)) {
      return reject(RejectReason.NOT_AN_OBJECT, "", "payload is valid JSON but not an object", null);
    }
    WellFormedText.IllFormed found = WellFormedText.firstIllFormed(object.getMap());
    if (found != null) {
      String illFormed = found.pointer();
      return reject(RejectReason.INVALID_ENCODING, illFormed, "field '" + illFormed
        + "' is not well-formed Unicode: it holds an unpaired surrogate (a \\uD800-\\uDFFF escape without its pair)",
        illFormed.equals("/type") || illFormed.equals("/id") ? null : object);
    }
    return object;
  }

  /**
   * The event accepted once its timestamp names a real instant in the one shape the schema allows (read strictly:
   * no {@code 24:00}, no leap second, no other shape) inside the stored range.
   */
  private Verdict checkTimestamp(EventType type, JsonObject event, long nowMillis) {
    String text = event.getString("timestamp");
    long millis = CanonicalTimestamp.epochMillis(text);
    if (millis == CanonicalTimestamp.NOT_CANONICAL) {
      return reject(RejectReason.INVALID_VALUE, "/timestamp", notAnInstant("timestamp", text), event);
    }
    if (millis < nowMillis - maxAge.toMillis() || millis > nowMillis + maxFutureSkew.toMillis()) {
      return reject(RejectReason.TIMESTAMP_OUT_OF_RANGE, "/timestamp", "timestamp " + Instant.ofEpochMilli(millis)
        + " is outside the accepted range (" + maxAge.toDays() + " days back, " + maxFutureSkew.toSeconds()
        + " s ahead of " + Instant.ofEpochMilli(nowMillis) + ")", event);
    }
    return new Verdict.Accepted(type, UUID.fromString(event.getString("id")), millis, event);
  }

  /**
   * Removes the members of an accepted event that its type's schema does not define, at the top level and inside
   * the objects it defines: a schema allows them, so producers may add fields, but nothing downstream reads or
   * stores what no check has vouched for (an api_request's {@code geo}, a field shadowing another type's).
   */
  private static void removeUndefined(Map<String, Set<String>> defined, JsonObject event) {
    Map<String, Object> members = event.getMap();
    members.keySet().removeIf(name -> !defined.get("").contains(name));
    for (Map.Entry<String, Object> member : members.entrySet()) {
      Set<String> nested = defined.get(member.getKey());
      Map<String, Object> object = nested == null ? null : CompiledSchema.fields(member.getValue());
      if (object != null) {
        object.keySet().removeIf(name -> !nested.contains(name));
      }
    }
  }

  /**
   * The members {@code schema} defines, with those of the schemas its {@code allOf} refers to: its
   * {@code properties} under "", and the {@code properties} of each of them that has its own.
   */
  private static Map<String, Set<String>> definedFields(Map<String, JsonObject> documents, JsonObject schema) {
    Map<String, Set<String>> defined = new HashMap<>();
    defined.put("", new HashSet<>());
    List<JsonObject> parts = new ArrayList<>(List.of(schema));
    for (Object part : schema.getJsonArray("allOf", new JsonArray())) {
      String ref = ((JsonObject) part).getString("$ref");
      if (ref != null && !ref.contains("#")) {
        parts.add(documents.get(SCHEMA_BASE_URI + ref));
      }
    }
    for (JsonObject part : parts) {
      JsonObject properties = part.getJsonObject("properties", new JsonObject());
      for (String name : properties.fieldNames()) {
        defined.get("").add(name);
        JsonObject nested = properties.getJsonObject(name).getJsonObject("properties");
        if (nested != null) {
          defined.computeIfAbsent(name, key -> new HashSet<>()).addAll(nested.fieldNames());
        }
      }
    }
    return defined;
  }

  private static String notAnInstant(String field, String text) {
    return field + " '" + text + "' is not a real instant written as yyyy-MM-ddTHH:mm:ss.SSSZ (month 01-12, a day the"
      + " month has, hour 00-23, minute and second 00-59)";
  }

  /**
   * The library's format checks, with line terminators and control characters refused in every format that never
   * holds one: its own checks end in {@code $}, which lets a final newline through.
   */
  private static String checkFormat(String instanceType, String format, Object instance) {
    if (instance instanceof String text && format != null && STRICT_FORMATS.contains(format)) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029) {
          return "format " + format + " allows no control character or line terminator (U+"
            + String.format("%04X", (int) c) + " at character " + i + ")";
        }
      }
    }
    return JsonFormatValidator.DEFAULT_VALIDATOR.validateFormat(instanceType, format, instance);
  }


  /**
   * The library's verdict: empty when valid. The library can throw on some values (an empty string under
   * {@code format: email}); such a record is refused as well, never let through and never allowed to stop the worker.
   */
  private static Optional<Verdict.Rejected> checkWithLibrary(Validator validator, JsonObject instance) {
    OutputUnit result;
    try {
      result = validator.validate(instance);
    } catch (RuntimeException e) {
      return Optional.of(reject(RejectReason.INVALID_VALUE, "", "a value could not be checked against the schema ("
        + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")", instance));
    }
    return Boolean.TRUE.equals(result.getValid()) ? Optional.empty() : Optional.of(schemaReject(result, instance));
  }

  private static Verdict.Rejected schemaReject(OutputUnit result, JsonObject event) {
    List<OutputUnit> leaves = leafErrors(result);
    OutputUnit primary = leaves.stream()
      .filter(error -> error.getErrorType() == OutputErrorType.MISSING_VALUE)
      .findFirst()
      .orElse(leaves.isEmpty() ? result : leaves.get(0));
    String location = pointer(primary.getInstanceLocation());
    String message = primary.getError() == null ? "does not match its schema" : primary.getError();
    String others = leaves.size() > 1 ? " (and " + (leaves.size() - 1) + " more problem(s))" : "";
    Matcher property = REQUIRED_PROPERTY.matcher(message);
    if (primary.getErrorType() == OutputErrorType.MISSING_VALUE && property.find()) {
      String field = location + "/" + property.group(1);
      return reject(RejectReason.MISSING_FIELD, field, "missing required field '" + field + "'" + others, event);
    }
    String keyword = primary.getKeywordLocation() == null ? "" : primary.getKeywordLocation();
    RejectReason reason = keyword.endsWith("/type") ? RejectReason.INVALID_TYPE : RejectReason.INVALID_VALUE;
    return reject(reason, location, "field '" + location + "': " + message + others, event);
  }

  /** Errors raised by a keyword that checks a value itself, not by one that only combines subschemas. */
  private static List<OutputUnit> leafErrors(OutputUnit result) {
    if (result.getErrors() == null) {
      return List.of();
    }
    return result.getErrors().stream()
      .filter(error -> !COMBINING_KEYWORDS.contains(lastSegment(error.getKeywordLocation())))
      .sorted(Comparator.comparingInt((OutputUnit error) -> -pointer(error.getInstanceLocation()).length()))
      .toList();
  }

  private static String lastSegment(String keywordLocation) {
    return keywordLocation == null ? "" : keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
  }

  /** The library writes instance locations as URI fragments ({@code #/geo/lat}); rejects name plain JSON pointers. */
  private static String pointer(String instanceLocation) {
    if (instanceLocation == null) {
      return "";
    }
    return instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
  }

  private static Verdict.Rejected reject(RejectReason reason, String field, String message, JsonObject event) {
    String type = event == null ? "" : stringOrEmpty(event.getValue("type"));
    String id = event == null ? "" : stringOrEmpty(event.getValue("id"));
    return new Verdict.Rejected(reason, field, message, type, id);
  }

  private static String stringOrEmpty(Object value) {
    return value instanceof String text ? text : "";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static JsonObject loadSchema(String name) {
    String resource = "schemas/" + name + ".schema.json";
    try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
