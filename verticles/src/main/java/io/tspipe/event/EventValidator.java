package io.tspipe.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Decides whether a raw record is an event, using the JSON Schemas of {@code schemas/} (draft 2020-12) and nothing
 * hand-written beyond what a schema cannot say: that the record has a value, that its text is well-formed Unicode
 * ({@link WellFormedText}), that the {@code type} matches the topic, that the timestamp names a real instant inside
 * the stored range, and that every number fits the column it is stored in ({@link IntegerFields#fit}).
 * Pure and thread-confined: no I/O after construction.
 *
 * <p>The schemas themselves are decided by a {@link SchemaEngine}: by default {@link CompiledSchema#withFallback}, which
 * proves the common valid record valid with compiled predicates and leaves every other record to the JSON Schema
 * library ({@link LibrarySchemas}), which decides it and words the reject. Why the worker keeps that fast path rather
 * than a maintained library alone, with the figures: {@code docs/performance.md}, "Which JSON Schema engine the worker
 * uses".
 *
 * <p>With the default engine, an event is first read in one pass from its bytes ({@link StreamingDecoder}) into the
 * {@link EventFields} it is accepted as, and the compiled schema asked about those: a plain event it proves valid
 * goes on to the integer columns and the timestamp without ever being a {@link JsonObject}. Every other record (an
 * undefined or repeated member, an array, an escape that leaves a lone surrogate, a value the compiled schema does not
 * accept) is decoded again as a {@code JsonObject} and judged as above, and from the integer columns on both ways
 * share their checks, so a record is refused, and its reject worded, as it would be were it always decoded. Both ways
 * give an accepted event the same fields.
 */
public final class EventValidator {

  private final Map<EventType, SchemaEngine.Check> checks = new EnumMap<>(EventType.class);
  /** Per type, the members its schema defines, as its accepted events hold them. */
  private final Map<EventType, EventFields.Layout> layouts = new EnumMap<>(EventType.class);
  /** Per type, the compiled schema that proves an event read in one pass valid; empty when the engine decides all. */
  private final Map<EventType, CompiledSchema> proofs = new EnumMap<>(EventType.class);
  private final SchemaEngine.Check attackWindowCheck;
  private final SchemaEngine.Check attackEntityCheck;
  private final Duration maxAge;
  private final Duration maxFutureSkew;

  /**
   * With the default engine, {@link CompiledSchema#withFallback}, and events first read in one pass.
   *
   * @param maxAge        events older than this are refused (they would fall outside retention at once)
   * @param maxFutureSkew events stamped further than this in the future are refused
   */
  public EventValidator(Duration maxAge, Duration maxFutureSkew) {
    this(maxAge, maxFutureSkew, SchemaDocuments.load());
  }

  /**
   * With {@code engine} deciding the schemas of every record, each decoded as a {@link JsonObject}, every other check
   * as the default validator's.
   */
  public EventValidator(Duration maxAge, Duration maxFutureSkew, SchemaEngine engine) {
    this(maxAge, maxFutureSkew, SchemaDocuments.load(), engine);
  }

  /** With the default engine over {@code documents}, events first read in one pass and proven by compiled schemas. */
  private EventValidator(Duration maxAge, Duration maxFutureSkew, Map<String, JsonObject> documents) {
    this(maxAge, maxFutureSkew, documents, new HashMap<>());
  }

  /**
   * As above, each schema compiled once into {@code compiled}, by its id: the engine's checks, made for every event
   * type as this is constructed, and the proofs of events read in one pass are the same predicates.
   */
  private EventValidator(Duration maxAge, Duration maxFutureSkew, Map<String, JsonObject> documents,
                         Map<String, CompiledSchema> compiled) {
    this(maxAge, maxFutureSkew, documents, CompiledSchema.withFallback(
      id -> compiled.computeIfAbsent(id, schema -> CompiledSchema.compile(documents, schema)),
      new LibrarySchemas(documents)));
    for (EventType type : EventType.values()) {
      proofs.put(type, compiled.get(SchemaDocuments.id(type)));
    }
  }

  private EventValidator(Duration maxAge, Duration maxFutureSkew, Map<String, JsonObject> documents,
                         SchemaEngine engine) {
    this.maxAge = maxAge;
    this.maxFutureSkew = maxFutureSkew;
    for (EventType type : EventType.values()) {
      checks.put(type, engine.check(SchemaDocuments.id(type)));
      layouts.put(type, EventFields.Layout.of(documents, SchemaDocuments.id(type)));
    }
    attackWindowCheck = engine.check(SchemaDocuments.id(SchemaDocuments.ATTACK_WINDOW));
    attackEntityCheck = engine.check(SchemaDocuments.id(SchemaDocuments.ATTACK_ENTITY));
  }

  /**
   * Validates {@code payload} read from a topic that carries {@code topicType} events; the timestamp's range is judged
   * from {@code nowMillis}, milliseconds since the epoch.
   */
  public Verdict validate(EventType topicType, Buffer payload, long nowMillis) {
    Verdict.Rejected unreadable = unreadable(payload);
    if (unreadable != null) {
      return unreadable;
    }
    EventFields proven = proven(topicType, payload);
    if (proven != null) {
      return accept(topicType, proven, nowMillis);
    }
    Object parsed = decode(payload);
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
    Verdict.Rejected rejected = checks.get(type).reject(event);
    if (rejected != null) {
      return attributed(rejected, event);
    }
    return accept(type, layouts.get(type).copyOf(event.getMap()), nowMillis);
  }

  /**
   * The event read in one pass ({@link StreamingDecoder}) when it is a plain event of {@code type} that the compiled
   * schema proves valid: then it passes every check before the integer columns' as the record decoded as a
   * {@link JsonObject} would, holding the same members. Null when it is not, or when no schema is compiled for it.
   */
  private EventFields proven(EventType type, Buffer payload) {
    CompiledSchema proof = proofs.get(type);
    if (proof == null) {
      return null;
    }
    EventFields event = StreamingDecoder.decode(payload, layouts.get(type));
    return event != null && type.wireName().equals(event.get("type")) && proof.accepts(event) ? event : null;
  }

  /**
   * The schema-valid {@code event}, its members those its schema defines, accepted once every number fits the column it
   * is stored in ({@link IntegerFields#fit}) and its timestamp is a real instant in range; or the reject.
   */
  private Verdict accept(EventType type, EventFields event, long nowMillis) {
    Verdict.Rejected unfit = IntegerFields.fit(event);
    if (unfit != null) {
      return rejectAttributed(unfit.reason(), unfit.field(), unfit.message(), event);
    }
    return checkTimestamp(type, event, nowMillis);
  }

  /** Validates an attack-window record against {@code attack_window.schema.json}. */
  public Verdict validateAttackWindow(Buffer payload) {
    Object checked = checkTruthRecord(payload, attackWindowCheck, "startedAt", "endedAt");
    return checked instanceof JsonObject window ? new Verdict.AcceptedWindow(window) : (Verdict) checked;
  }

  /** Validates an attack-entity record against {@code attack_entity.schema.json}. */
  public Verdict validateAttackEntity(Buffer payload) {
    Object checked = checkTruthRecord(payload, attackEntityCheck, "firstSeenAt");
    return checked instanceof JsonObject entity ? new Verdict.AcceptedEntity(entity) : (Verdict) checked;
  }

  /** A ground-truth record as a JSON object its schema accepts, with real instants in {@code instants}; or the reject. */
  private static Object checkTruthRecord(Buffer payload, SchemaEngine.Check check, String... instants) {
    Object parsed = parse(payload);
    if (parsed instanceof Verdict.Rejected rejected) {
      return rejected;
    }
    JsonObject record = (JsonObject) parsed;
    Verdict.Rejected rejected = check.reject(record);
    if (rejected != null) {
      return attributed(rejected, record);
    }
    for (String field : instants) {
      Object value = record.getValue(field);
      if (value != null && CanonicalTimestamp.epochMillis((String) value) == CanonicalTimestamp.NOT_CANONICAL) {
        return reject(RejectReason.INVALID_VALUE, "/" + field, notAnInstant(field, (String) value), null);
      }
    }
    return record;
  }

  /** The payload as a JSON object of well-formed text, or the reject saying why it is not one. */
  private static Object parse(Buffer payload) {
    Verdict.Rejected unreadable = unreadable(payload);
    return unreadable != null ? unreadable : decode(payload);
  }

  /**
   * The reject of a payload that is no text at all, or null: a tombstone (no value) is refused, since events are never
   * deleted through their topic, and so are bytes that are not strict UTF-8.
   */
  private static Verdict.Rejected unreadable(Buffer payload) {
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
    return null;
  }

  /** Well-formed UTF-8 {@code payload} as a JSON object of well-formed text, or the reject saying why it is not one. */
  private static Object decode(Buffer payload) {
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
  private Verdict checkTimestamp(EventType type, EventFields event, long nowMillis) {
    String text = (String) event.get("timestamp");
    long millis = CanonicalTimestamp.epochMillis(text);
    if (millis == CanonicalTimestamp.NOT_CANONICAL) {
      return rejectAttributed(RejectReason.INVALID_VALUE, "/timestamp", notAnInstant("timestamp", text), event);
    }
    if (millis < nowMillis - maxAge.toMillis() || millis > nowMillis + maxFutureSkew.toMillis()) {
      return rejectAttributed(RejectReason.TIMESTAMP_OUT_OF_RANGE, "/timestamp", "timestamp "
        + Instant.ofEpochMilli(millis) + " is outside the accepted range (" + maxAge.toDays() + " days back, "
        + maxFutureSkew.toSeconds() + " s ahead of " + Instant.ofEpochMilli(nowMillis) + ")", event);
    }
    return new Verdict.Accepted(type, UUID.fromString((String) event.get("id")), millis, event);
  }

  private static String notAnInstant(String field, String text) {
    return field + " '" + text + "' is not a real instant written as yyyy-MM-ddTHH:mm:ss.SSSZ (month 01-12, a day the"
      + " month has, hour 00-23, minute and second 00-59)";
  }

  /** {@code rejected}, attributed to the type and id {@code record} holds where the engine left them empty. */
  private static Verdict.Rejected attributed(Verdict.Rejected rejected, JsonObject record) {
    if (!rejected.eventType().isEmpty() || !rejected.eventId().isEmpty()) {
      return rejected;
    }
    return reject(rejected.reason(), rejected.field(), rejected.message(), record);
  }

  static Verdict.Rejected reject(RejectReason reason, String field, String message, JsonObject record) {
    return rejectAttributed(reason, field, message, record == null ? null : record.getMap());
  }

  /** The reject, attributed to the type and id {@code record} (a decoded JSON object, or null) holds as text. */
  private static Verdict.Rejected rejectAttributed(RejectReason reason, String field, String message,
                                                   Map<String, Object> record) {
    String type = record == null ? "" : stringOrEmpty(record.get("type"));
    String id = record == null ? "" : stringOrEmpty(record.get("id"));
    return new Verdict.Rejected(reason, field, message, type, id);
  }

  private static String stringOrEmpty(Object value) {
    return value instanceof String text ? text : "";
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
