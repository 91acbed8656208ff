package io.tspipe.worker;

import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.DeadLetter;
import io.tspipe.event.EventType;
import io.tspipe.event.EventValidator;
import io.tspipe.event.EventValidatorTest;
import io.tspipe.event.IntegerFields;
import io.tspipe.event.RecentIds;
import io.tspipe.event.RejectReason;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.event.WellFormedText;
import io.tspipe.search.SearchDocuments;
import io.tspipe.sink.clickhouse.RowBinary;
import io.tspipe.store.EventsTable;
import io.tspipe.testing.IpDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each class of hostile record, generated: for every member of a class, the record is refused with a reason that names
 * it, or stored exactly as sent, and nothing on the record path throws. Examples of each class live beside the
 * validator's own tests; these cover the cousins.
 */
class HostileRecordsTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00.000Z");
  private static final KafkaSettings KAFKA = KafkaSettings.from(Config.defaults().getJsonObject("kafka"));
  private static final EventValidator VALIDATOR = new EventValidator(Duration.ofDays(30), Duration.ofMinutes(5));
  private static final List<String> LINE_TERMINATORS = List.of("\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029");
  /** The string fields a schema constrains with a pattern or a format, by JSON pointer, with a valid event of each. */
  private static final Map<String, EventType> CONSTRAINED_TEXT = Map.of(
    "/id", EventType.API_REQUEST, "/userId", EventType.API_REQUEST, "/sourceIp", EventType.API_REQUEST,
    "/timestamp", EventType.API_REQUEST, "/geo/country", EventType.ACCOUNT_ACTIVITY,
    "/recipientEmail", EventType.EMAIL_SEND);
  private static final DateTimeFormatter STRICT_TIMESTAMP =
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withResolverStyle(ResolverStyle.STRICT);

  static JsonObject valid(EventType type) {
    return switch (type) {
      case API_REQUEST -> EventValidatorTest.apiRequest();
      case EMAIL_SEND -> EventValidatorTest.emailSend();
      case ACCOUNT_ACTIVITY -> new JsonObject()
        .put("id", "1d0c5e2a-7b3f-4c8d-9e1a-2b3c4d5e6f70")
        .put("timestamp", "2026-11-24T11:59:57.500Z")
        .put("type", "account_activity")
        .put("schemaVersion", 1)
        .put("sourceIp", "198.51.100.23")
        .put("userId", "0b8e7c52-5d0a-4b8e-8f55-7d1c9e2a3b44")
        .put("action", "login")
        .put("success", true)
        .put("userAgent", "Mozilla/5.0")
        .put("geo", new JsonObject().put("country", "DE").put("city", "Berlin").put("lat", 52.52).put("lon", 13.405));
    };
  }

  private static Verdict validate(EventType type, Buffer payload) {
    return VALIDATOR.validate(type, payload, NOW.toEpochMilli());
  }

  // --- text: strict UTF-8 and no unpaired surrogate, in every field ---

  @Property(tries = 2000)
  @Label("the UTF-8 check accepts exactly what Java's strict decoder decodes")
  void utf8CheckAgreesWithTheStrictDecoder(@ForAll("utf8ish") byte[] bytes) {
    boolean decodes;
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      decodes = true;
    } catch (CharacterCodingException e) {
      decodes = false;
    }
    assertEquals(decodes, WellFormedText.firstMalformedUtf8(Buffer.buffer(bytes)) == WellFormedText.WELL_FORMED);
  }

  /** Byte strings mixing ASCII with the edges of multi-byte forms: overlong leads, surrogates, the top of Unicode. */
  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<Integer> interesting = Arbitraries.of(0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED,
      0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90);
    Arbitrary<Integer> any = Arbitraries.integers().between(0, 255);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, interesting), net.jqwik.api.Tuple.of(1, any))
      .list().ofMaxSize(24).map(list -> {
        byte[] bytes = new byte[list.size()];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = list.get(i).byteValue();
        }
        return bytes;
      });
  }

  @Property(tries = 300)
  @Label("an unpaired surrogate in any string, known field or not, is refused as invalid_encoding naming the field")
  void anUnpairedSurrogateIsRefusedNamingItsField(@ForAll EventType type, @ForAll("surrogates") char surrogate,
                                                  @ForAll @IntRange(max = 40) int at, @ForAll boolean unknownField) {
    JsonObject event = valid(type);
    if (unknownField) {
      event.put("note", new JsonObject().put("text", "free text"));
    }
    List<String> pointers = stringPointers(event, "");
    String pointer = pointers.get(Math.abs(at * 7919) % pointers.size());
    String original = (String) JsonPointerUtil.get(event, pointer);
    int position = Math.min(at, original.length());
    JsonPointerUtil.set(event, pointer, original.substring(0, position) + surrogate + original.substring(position));
    Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, validate(type, event.toBuffer()));
    assertEquals(RejectReason.INVALID_ENCODING, rejected.reason());
    assertEquals(pointer, rejected.field());
  }

  @Provide
  Arbitrary<Character> surrogates() {
    return Arbitraries.chars().range('\uD800', '\uDFFF');
  }

  @Property(tries = 300)
  @Label("a surrogate encoded in the bytes (CESU) or an overlong form in any text is refused as invalid_encoding")
  void illFormedBytesInAnyTextAreRefused(@ForAll EventType type, @ForAll("illFormedSequences") byte[] sequence,
                                         @ForAll @IntRange(max = 1000) int which) {
    JsonObject event = valid(type);
    List<String> pointers = stringPointers(event, "");
    String pointer = pointers.get(which % pointers.size());
    JsonPointerUtil.set(event, pointer, "\u0001MARK\u0001");
    byte[] json = event.toBuffer().getBytes();
    byte[] marker = "\\u0001MARK\\u0001".getBytes(StandardCharsets.US_ASCII);
    int start = indexOf(json, marker);
    byte[] hostile = new byte[json.length - marker.length + sequence.length];
    System.arraycopy(json, 0, hostile, 0, start);
    System.arraycopy(sequence, 0, hostile, start, sequence.length);
    System.arraycopy(json, start + marker.length, hostile, start + sequence.length, json.length - start - marker.length);
    Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, validate(type, Buffer.buffer(hostile)));
    assertEquals(RejectReason.INVALID_ENCODING, rejected.reason());
    assertTrue(rejected.message().contains("byte " + start), rejected.message());
  }

  @Provide
  Arbitrary<byte[]> illFormedSequences() {
    Arbitrary<byte[]> overlongTwo = Arbitraries.integers().between(0, 0x7F)
      .map(c -> new byte[]{(byte) (0xC0 | c >> 6), (byte) (0x80 | c & 0x3F)});
    Arbitrary<byte[]> overlongThree = Arbitraries.integers().between(0, 0x7FF)
      .map(c -> new byte[]{(byte) 0xE0, (byte) (0x80 | c >> 6), (byte) (0x80 | c & 0x3F)});
    Arbitrary<byte[]> encodedSurrogate = Arbitraries.integers().between(0xD800, 0xDFFF)
      .map(c -> new byte[]{(byte) (0xE0 | c >> 12), (byte) (0x80 | c >> 6 & 0x3F), (byte) (0x80 | c & 0x3F)});
    Arbitrary<byte[]> beyondUnicode = Arbitraries.integers().between(0x110000, 0x1FFFFF)
      .map(c -> new byte[]{(byte) (0xF0 | c >> 18), (byte) (0x80 | c >> 12 & 0x3F), (byte) (0x80 | c >> 6 & 0x3F),
        (byte) (0x80 | c & 0x3F)});
    return Arbitraries.oneOf(overlongTwo, overlongThree, encodedSurrogate, beyondUnicode);
  }

  // --- patterns and formats: no line terminator slips past an end anchor ---

  @Property(tries = 300)
  @Label("a line terminator before, inside or after a patterned or formatted value is refused, naming the field")
  void aLineTerminatorNeverSlipsThroughAPatternOrFormat(@ForAll("constrainedFields") String pointer,
                                                        @ForAll("lineTerminators") String terminator,
                                                        @ForAll @IntRange(max = 2) int where) {
    EventType type = CONSTRAINED_TEXT.get(pointer);
    JsonObject event = valid(type);
    String value = (String) JsonPointerUtil.get(event, pointer);
    String hostile = switch (where) {
      case 0 -> value + terminator;
      case 1 -> terminator + value;
      default -> value.substring(0, value.length() / 2) + terminator + value.substring(value.length() / 2);
    };
    JsonPointerUtil.set(event, pointer, hostile);
    Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, validate(type, event.toBuffer()));
    assertEquals(pointer, rejected.field(), rejected.message());
  }

  @Provide
  Arbitrary<String> constrainedFields() {
    return Arbitraries.of(CONSTRAINED_TEXT.keySet());
  }

  @Provide
  Arbitrary<String> lineTerminators() {
    return Arbitraries.of(LINE_TERMINATORS);
  }

  // --- times: read strictly, never leniently moved ---

  @Property(tries = 2000)
  @Label("a timestamp is accepted exactly when it names a real instant, and then as that instant")
  void timestampsAreReadStrictly(@ForAll @IntRange(min = 1970, max = 9999) int year, @ForAll @IntRange(max = 13) int month,
                                 @ForAll @IntRange(max = 32) int day, @ForAll @IntRange(max = 25) int hour,
                                 @ForAll @IntRange(max = 61) int minute, @ForAll @IntRange(max = 61) int second,
                                 @ForAll @IntRange(max = 999) int millis) {
    String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day, hour, minute, second, millis);
    Long expected;
    try {
      expected = LocalDateTime.parse(text, STRICT_TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      expected = null;
    }
    // judged from the instant itself when it is one, so only the reading is under test, not the range
    long now = expected == null ? NOW.toEpochMilli() : expected;
    Verdict verdict = VALIDATOR.validate(EventType.API_REQUEST, EventValidatorTest.apiRequest().put("timestamp", text)
      .toBuffer(), now);
    if (expected == null) {
      Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, verdict, text);
      assertEquals("/timestamp", rejected.field());
    } else {
      assertEquals(expected, assertInstanceOf(Verdict.Accepted.class, verdict, text).timestampMillis());
    }
  }

  // --- numbers: stored exactly as written, or refused ---

  @Property(tries = 1500)
  @Label("an integer field is stored exactly as written, or refused naming the field: never wrapped, clamped or rounded")
  void integersAreStoredExactlyOrRefused(@ForAll("integerFields") String field, @ForAll("wholeNumbers") BigInteger value,
                                         @ForAll @IntRange(max = 2) int form) {
    String written = switch (form) {
      case 0 -> value.toString();
      case 1 -> value + ".0";
      default -> exponentForm(value);
    };
    String json = EventValidatorTest.apiRequest().put(field, 0).encode().replace("\"" + field + "\":0",
      "\"" + field + "\":" + written);
    Verdict verdict = validate(EventType.API_REQUEST, Buffer.buffer(json));
    boolean exactAsRead = form == 0 || value.abs().compareTo(BigInteger.ONE.shiftLeft(53)) <= 0;
    boolean inRange = value.compareTo(schemaMinimum(field)) >= 0 && value.compareTo(schemaMaximum(field)) <= 0;
    if (exactAsRead && inRange) {
      Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, verdict, written);
      assertEquals(value, storedInteger(accepted, field), written);
      assertEquals(value.toString(), String.valueOf(SearchDocuments.document(accepted, IpInfo.UNKNOWN).getValue(field)),
        "indexed as the integer it is: " + written);
    } else {
      Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, verdict, written);
      assertEquals("/" + field, rejected.field(), rejected.message());
    }
  }

  @Provide
  Arbitrary<String> integerFields() {
    return Arbitraries.of("statusCode", "responseTimeMs", "requestBytes", "responseBytes");
  }

  @Provide
  Arbitrary<BigInteger> wholeNumbers() {
    Arbitrary<BigInteger> edges = Arbitraries.of(-1, 0, 1, 64).flatMap(offset -> Arbitraries.of(
      BigInteger.ONE.shiftLeft(16), BigInteger.ONE.shiftLeft(32), BigInteger.ONE.shiftLeft(53), BigInteger.ONE.shiftLeft(63),
      BigInteger.ONE.shiftLeft(64), BigInteger.valueOf(100), BigInteger.valueOf(599), BigInteger.valueOf(3_600_000))
      .map(base -> base.add(BigInteger.valueOf(offset - 1))));
    Arbitrary<BigInteger> wide = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30));
    Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.valueOf(-10), BigInteger.valueOf(5_000_000));
    return Arbitraries.oneOf(edges, wide, small);
  }

  private static String exponentForm(BigInteger value) {
    String digits = value.abs().toString();
    return (value.signum() < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "")
      + "e" + (digits.length() - 1);
  }

  private static BigInteger schemaMinimum(String field) {
    return BigInteger.valueOf(field.equals("statusCode") ? 100 : 0);
  }

  private static BigInteger schemaMaximum(String field) {
    return switch (field) {
      case "statusCode" -> BigInteger.valueOf(599);
      case "responseTimeMs" -> BigInteger.valueOf(3_600_000);
      default -> BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    };
  }

  /** The integer column {@code field} is stored in, read back from the row the worker writes. */
  private static BigInteger storedInteger(Verdict.Accepted accepted, String field) {
    RowBinary.Reader row = new RowBinary.Reader(EventsTable.rows(List.of(EventsTable.row(accepted, null,
      IpInfo.UNKNOWN, new RecordPosition("api-requests", 0, 0))), 0));
    row.uint64();
    row.uuid();
    row.string();
    row.uint16();
    row.uint64();
    row.string();
    row.ipv6();
    row.string();
    row.string();
    row.uint32();
    row.string();
    row.bool();
    row.uuid();
    row.string();
    row.string();
    row.nullableBool();
    row.string();
    row.string();
    row.string();
    row.nullableFloat64();
    row.nullableFloat64();
    row.string();
    row.string();
    Map<String, BigInteger> columns = Map.of(
      "statusCode", BigInteger.valueOf(row.uint16()),
      "responseTimeMs", BigInteger.valueOf(row.uint32()),
      "requestBytes", new BigInteger(Long.toUnsignedString(row.uint64())),
      "responseBytes", new BigInteger(Long.toUnsignedString(row.uint64())));
    return columns.get(field);
  }

  @Property(tries = 50)
  @Label("every integer bound a schema declares is within the column the field is stored in")
  void schemaBoundsFitTheirColumns(@ForAll("integerFields") String field) {
    IntegerFields.IntegerColumn column = IntegerFields.COLUMNS.stream()
      .filter(candidate -> candidate.field().equals(field)).findFirst().orElseThrow();
    assertTrue(column.holds(schemaMinimum(field)) && column.holds(schemaMaximum(field)), field);
    assertEquals(null, IntegerFields.fit(Map.of(field, schemaMaximum(field))), field);
    assertNotNull(IntegerFields.fit(Map.of(field, column.max().add(BigInteger.ONE))), field);
  }

  // --- the record path: nothing a record holds makes it throw ---

  @Property(tries = 1500)
  @Label("any corruption of a valid record is classified, new event or reject, and never throws")
  void noRecordMakesTheClassifierThrow(@ForAll EventType type, @ForAll @Size(max = 6) List<@IntRange(max = 100_000) Integer> edits,
                                       @ForAll byte noise, @ForAll boolean tombstone) {
    RecordClassifier classifier = new RecordClassifier(VALIDATOR, new RecentIds(600_000, 1000), KAFKA, IpDatabase.load());
    byte[] bytes = valid(type).toBuffer().getBytes();
    List<Byte> mutable = new ArrayList<>();
    for (byte b : bytes) {
      mutable.add(b);
    }
    for (int edit : edits) {
      int at = edit % (mutable.size() + 1);
      switch (edit % 3) {
        case 0 -> mutable.add(at, noise);
        case 1 -> {
          if (at < mutable.size()) {
            mutable.remove(at);
          }
        }
        default -> {
          if (at < mutable.size()) {
            mutable.set(at, (byte) (mutable.get(at) ^ noise));
          }
        }
      }
    }
    byte[] hostile = new byte[mutable.size()];
    for (int i = 0; i < hostile.length; i++) {
      hostile[i] = mutable.get(i);
    }
    RecordPosition position = new RecordPosition(KAFKA.eventTopics().get(type), 0, 7);
    Classified classified = classifier.classify(position, "key", tombstone ? null : Buffer.buffer(hostile),
      NOW.toEpochMilli());
    assertTrue(classified instanceof Classified.NewEvent || classified instanceof Classified.Reject, classified.toString());
    if (classified instanceof Classified.Reject reject) {
      assertTrue(!reject.verdict().message().isEmpty());
      if (tombstone) {
        assertEquals(RejectReason.NO_PAYLOAD, reject.verdict().reason());
      }
    }
  }

  // --- search documents: built from the schemas' fields only ---

  @Property(tries = 500)
  @Label("a document holds only the schemas' fields, with the event's own id and user, whatever else the event carries")
  void documentsHoldOnlyTheirOwnFields(@ForAll EventType type, @ForAll("hostileNames") List<String> names,
                                       @ForAll boolean inGeo) {
    JsonObject event = valid(type);
    JsonObject target = inGeo ? event.getJsonObject("geo", new JsonObject()) : event;
    for (String name : names) {
      if (!target.containsKey(name)) {
        target.put(name, name.equals("_geo") ? new JsonObject().put("lat", "x") : "00000000-0000-4000-8000-000000000000");
      }
    }
    if (inGeo) {
      event.put("geo", target);
    }
    Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, validate(type, event.toBuffer()),
      event.encode());
    JsonObject document = SearchDocuments.document(accepted, IpInfo.UNKNOWN);
    Set<String> allowed = new HashSet<>(SearchDocuments.EVENT_FIELDS);
    allowed.addAll(SearchDocuments.GEO_FIELDS);
    allowed.addAll(SearchDocuments.INTELLIGENCE_FIELDS);
    allowed.addAll(List.of("timestamp", "occurredAt"));
    assertTrue(allowed.containsAll(document.fieldNames()), document.fieldNames().toString());
    assertEquals(valid(type).getString("id"), document.getString("id"));
    assertEquals(valid(type).getString("userId"), document.getString("userId"));
    for (String field : SearchDocuments.EVENT_FIELDS) {
      assertEquals(valid(type).getValue(field), document.getValue(field), field);
    }
    JsonObject geo = valid(type).getJsonObject("geo", new JsonObject());
    for (String field : SearchDocuments.GEO_FIELDS) {
      assertEquals(geo.getValue(field), document.getValue(field), field);
    }
  }

  @Provide
  Arbitrary<List<String>> hostileNames() {
    return Arbitraries.oneOf(Arbitraries.of("id", "userId", "sourceIp", "type", "timestamp", "_geo", "_vectors",
        "recipientEmail", "country"), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
      .list().ofMinSize(1).ofMaxSize(8);
  }

  // --- dead letters: bounded whatever the record ---

  @Property(tries = 60)
  @Label("a dead letter fits the broker's 1 MiB whatever the payload, and says how much of it it keeps")
  void deadLettersAreBounded(@ForAll @IntRange(max = 1_200_000) int size, @ForAll byte fill, @ForAll boolean controlBytes) {
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = controlBytes ? (byte) (i % 32) : (byte) (fill + i);
    }
    Verdict.Rejected verdict = new Verdict.Rejected(RejectReason.INVALID_VALUE, "/" + "f".repeat(5000),
      "m".repeat(200_000), "t".repeat(1000), "i".repeat(1000));
    Buffer letter = DeadLetter.value(new RecordPosition("api-requests", 1, 2), DeadLetter.Stage.WORKER, verdict,
      Buffer.buffer(payload), NOW.toEpochMilli(), DeadLetter.PAYLOAD_MAX_BYTES_LIMIT);
    assertTrue(letter.length() < 1_000_000, "dead letter of " + letter.length() + " bytes");
    JsonObject decoded = letter.toJsonObject();
    assertEquals(size, decoded.getInteger("payloadBytes"));
    byte[] kept = decoded.containsKey("payload") ? decoded.getString("payload").getBytes(StandardCharsets.UTF_8)
      : java.util.Base64.getDecoder().decode(decoded.getString("payloadBase64"));
    assertEquals(kept.length < size, decoded.getBoolean("payloadTruncated"));
    for (int i = 0; i < kept.length; i++) {
      if (kept[i] != payload[i]) {
        throw new AssertionError("kept payload differs from the record's at byte " + i);
      }
    }
  }

  // --- helpers ---

  /** Pointers of every string member of {@code value}, however deep. */
  private static List<String> stringPointers(Object value, String at) {
    List<String> pointers = new ArrayList<>();
    if (value instanceof String) {
      pointers.add(at);
    } else if (value instanceof JsonObject object) {
      for (String name : object.fieldNames()) {
        pointers.addAll(stringPointers(object.getValue(name), at + "/" + name));
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        pointers.addAll(stringPointers(array.getValue(i), at + "/" + i));
      }
    }
    return pointers;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("marker not found");
  }

  /** Reads and writes a member of nested objects by a JSON pointer of plain names. */
  private static final class JsonPointerUtil {

    static Object get(JsonObject root, String pointer) {
      String[] names = pointer.substring(1).split("/");
      JsonObject object = root;
      for (int i = 0; i < names.length - 1; i++) {
        object = object.getJsonObject(names[i]);
      }
      return object.getValue(names[names.length - 1]);
    }

    static void set(JsonObject root, String pointer, Object value) {
      String[] names = pointer.substring(1).split("/");
      JsonObject object = root;
      for (int i = 0; i < names.length - 1; i++) {
        object = object.getJsonObject(names[i]);
      }
      object.put(names[names.length - 1], value);
    }
  }
}
