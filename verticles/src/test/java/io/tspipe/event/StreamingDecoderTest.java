package io.tspipe.event;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.ipintel.IpAddresses;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.search.SearchDocuments;
import io.tspipe.store.EventsTable;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingDecoderTest {

  private static final Duration MAX_AGE = Duration.ofDays(30);
  private static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  /** When {@link EventValidatorTest#apiRequest} is judged: a second after its timestamp. */
  private static final long NOW = Instant.parse("2026-11-24T12:00:00.000Z").toEpochMilli();
  private static final Map<String, JsonObject> DOCUMENTS = SchemaDocuments.load();
  /** The worker's validator: events read in one pass first. */
  private static final EventValidator ONE_PASS = new EventValidator(MAX_AGE, MAX_FUTURE_SKEW);
  /** The same engine with every record decoded as a JsonObject first, as before the one-pass path. */
  private static final EventValidator DECODED = new EventValidator(MAX_AGE, MAX_FUTURE_SKEW,
    CompiledSchema.withFallback(DOCUMENTS, new LibrarySchemas(DOCUMENTS)));
  private static final Map<EventType, EventFields.Layout> LAYOUTS = new EnumMap<>(EventType.class);
  private static final Map<EventType, CompiledSchema> COMPILED = new EnumMap<>(EventType.class);
  private static final IpInfo SOURCE = new IpInfo("NL", 64500, "Example AS", true, "203.0.113.0/24");
  /** Values a member may be given in the text: odd spellings, ranges, surrogates, nesting and comments. */
  private static final List<String> LITERALS = List.of("null", "true", "false", "0", "-0", "1", "1.0", "1e0", "2e2",
    "200", "599", "600", "-1", "1.5", "1e400", "9223372036854775807", "9223372036854775808", "18446744073709551615",
    "18446744073709551616", "\"\"", "\"x\"", "\"\\ud800\"", "\"a\\udc00b\"", "\"\\ud83d\\ude00\"", "\"\\u0041\"",
    "\"x\\n\"", "\"api_request\"", "\"email_send\"", "\"account_activity\"", "\"2026-02-30T10:00:00.000Z\"",
    "\"0b8e7c52-5d0a-4b8e-8f55-7d1c9e2a3b44\"", "\"203.0.113.9\"", "\"/v1\"", "\"a@b.de\"", "\"DE\"", "[]", "[1]",
    "{}", "{\"country\":\"DE\"}", "{\"a\":[{\"b\":\"\\ud800\"}]}", "/* c */ 1", "1 // c\n");

  static {
    for (EventType type : EventType.values()) {
      LAYOUTS.put(type, EventFields.Layout.of(DOCUMENTS, SchemaDocuments.id(type)));
      COMPILED.put(type, CompiledSchema.compile(DOCUMENTS, SchemaDocuments.id(type)));
    }
  }

  @Test
  @DisplayName("read in one pass or decoded first, every record is judged alike: verdict, reject, stored row, document")
  void decidesAsTheDecodedPath() {
    SplittableRandom random = new SplittableRandom(31);
    long now = System.currentTimeMillis();
    int records = 0;
    int onePass = 0;
    int accepted = 0;
    int rejected = 0;
    int good = 0;
    for (boolean attack : List.of(false, true)) {
      for (OutgoingEvent record : TestPipeline.generate(10_000, attack, attack ? 21 : 22).records()) {
        List<String> variants = new ArrayList<>(List.of(record.value()));
        JsonObject event = parse(record.value());
        if (event != null) {
          variants.add(CompiledSchemaTest.mutate(event, random).encode());
          variants.add(edit(record.value(), event, random));
          variants.add(edit(edit(record.value(), event, random), event, random));
        }
        for (String variant : variants) {
          Buffer payload = Buffer.buffer(variant);
          boolean proven = isProven(record.type(), payload);
          Verdict verdict = assertSameVerdict(record.type(), payload, now);
          records++;
          onePass += proven ? 1 : 0;
          accepted += verdict instanceof Verdict.Accepted ? 1 : 0;
          rejected += verdict instanceof Verdict.Rejected ? 1 : 0;
        }
        if (record.kind() == OutgoingEvent.Kind.GOOD) {
          good++;
          assertTrue(isProven(record.type(), Buffer.buffer(record.value())), "a good event is read in one pass: "
            + record.value());
        }
      }
    }
    System.out.printf("one-pass path: %d records, %d read in one pass, %d accepted, %d refused; %d good events%n",
      records, onePass, accepted, rejected, good);
    assertTrue(good > 15_000 && accepted > 30_000 && rejected > 10_000 && onePass < records,
      "the sample holds valid and invalid records, and records the one pass leaves to the decoded path");
  }

  @Test
  @DisplayName("a plain valid event is proven in one pass, comments and all; repeats, undefined members, arrays, lone"
    + " surrogates and unusual spellings are left to the decoded path")
  void readsOnlyPlainEvents() {
    String plain = EventValidatorTest.apiRequest().encode();
    assertProven(plain);
    assertProven("/* a producer's comment */ " + plain.replace(",\"method\"", ", // and another\n\"method\""));
    assertProven(plain.replace("\"schemaVersion\":1", "\"schemaVersion\":1.0"));
    assertProven(plain.replace("\"requestBytes\":312", "\"requestBytes\":18446744073709551615"));
    assertProven(plain.replace("\"userAgent\":\"Mozilla/5.0\"", "\"userAgent\":\"\\ud83d\\ude00 \\u0041\""));
    assertNotProven(plain.replace("{", "{\"userAgent\":\"first\","), "a repeated member");
    assertNotProven(plain.replace("{", "{\"note\":\"x\","), "a member the schema does not define");
    assertNotProven(plain.replace("{", "{\"geo\":{\"country\":\"DE\"},"), "another type's member");
    assertNotProven(plain.replace("\"userAgent\":\"Mozilla/5.0\"", "\"userAgent\":\"\\ud800\""), "a lone surrogate");
    assertNotProven(plain.replace("\"path\":\"/api/v1/orders\"", "\"path\":[\"/api/v1/orders\"]"), "an array");
    assertNotProven(plain.replace("\"statusCode\":200", "\"statusCode\":2e2"), "an integer with an exponent");
    assertNotProven(plain + " {}", "text after the event");
    assertNotProven("[" + plain + "]", "not an object");
    String login = TestPipeline.generate(200, false, 5).records().stream()
      .filter(record -> record.type() == EventType.ACCOUNT_ACTIVITY && record.kind() == OutgoingEvent.Kind.GOOD)
      .findFirst().orElseThrow().value();
    assertProven(EventType.ACCOUNT_ACTIVITY, login, System.currentTimeMillis());
    assertNotProven(EventType.ACCOUNT_ACTIVITY, login.replace("\"geo\":{", "\"geo\":{\"zip\":\"10115\","),
      "a member geo does not define");
    assertNotProven(EventType.ACCOUNT_ACTIVITY, login.replace("\"geo\":{", "\"geo\":{\"city\":\"Bonn\","),
      "a repeated member of geo");
  }

  @Test
  @DisplayName("what the one pass leaves to the decoded path is decided there: the last of repeated members, the undefined dropped")
  void leavesTheRestToTheDecodedPath() {
    String plain = EventValidatorTest.apiRequest().encode();
    Verdict.Accepted lastWins = assertInstanceOf(Verdict.Accepted.class, assertSameVerdict(EventType.API_REQUEST,
      Buffer.buffer(plain.replace("{", "{\"userAgent\":\"\\ud800\",")), NOW));
    assertEquals("Mozilla/5.0", lastWins.event().get("userAgent"));
    Verdict.Rejected lastIllFormed = assertInstanceOf(Verdict.Rejected.class, assertSameVerdict(EventType.API_REQUEST,
      Buffer.buffer(plain.replace("}", ",\"userAgent\":\"\\ud800\"}")), NOW));
    assertEquals(RejectReason.INVALID_ENCODING, lastIllFormed.reason());
    assertEquals("/userAgent", lastIllFormed.field());
    Verdict.Rejected nested = assertInstanceOf(Verdict.Rejected.class, assertSameVerdict(EventType.API_REQUEST,
      Buffer.buffer(plain.replace("{", "{\"x\":[{\"y\":\"\\udc00\"}],")), NOW));
    assertEquals("/x/0/y", nested.field());
    Verdict.Accepted undefined = assertInstanceOf(Verdict.Accepted.class, assertSameVerdict(EventType.API_REQUEST,
      Buffer.buffer(plain.replace("{", "{\"geo\":{\"country\":\"DE\"},\"note\":[1],")), NOW));
    assertEquals(EventValidatorTest.apiRequest().getMap().keySet(), undefined.event().keySet());
    Verdict.Accepted exponent = assertInstanceOf(Verdict.Accepted.class, assertSameVerdict(EventType.API_REQUEST,
      Buffer.buffer(plain.replace("\"statusCode\":200", "\"statusCode\":2e2")), NOW));
    assertEquals(200L, exponent.event().get("statusCode"));
    Verdict.Accepted whole = assertInstanceOf(Verdict.Accepted.class, assertSameVerdict(EventType.API_REQUEST,
      Buffer.buffer(plain.replace("\"schemaVersion\":1", "\"schemaVersion\":1.0")), NOW));
    assertEquals(1L, whole.event().get("schemaVersion"));
    Verdict.Rejected late = assertInstanceOf(Verdict.Rejected.class, assertSameVerdict(EventType.API_REQUEST,
      Buffer.buffer(plain), NOW + MAX_AGE.toMillis()));
    assertEquals(RejectReason.TIMESTAMP_OUT_OF_RANGE, late.reason());
    assertEquals("api_request", late.eventType());
    assertEquals("6f1c2a4e-0b7d-4c1e-9a55-2f0e8f3c1a01", late.eventId());
  }

  /**
   * Both validators' verdict on {@code payload}, which must be the same: accepted alike (type, id, timestamp, every
   * member and its Java type, the stored row, the search document) or refused alike (the whole reject, so the dead
   * letter and the stored reject too).
   */
  private static Verdict assertSameVerdict(EventType type, Buffer payload, long now) {
    Verdict expected = DECODED.validate(type, payload, now);
    Verdict actual = ONE_PASS.validate(type, payload, now);
    String text = payload.toString();
    if (expected instanceof Verdict.Rejected reject) {
      assertEquals(reject, actual, text);
      RecordPosition position = new RecordPosition("topic", 0, 1);
      assertEquals(DeadLetter.value(position, DeadLetter.Stage.WORKER, reject, payload, now, 4096),
        DeadLetter.value(position, DeadLetter.Stage.WORKER, (Verdict.Rejected) actual, payload, now, 4096), text);
      return actual;
    }
    Verdict.Accepted decoded = (Verdict.Accepted) expected;
    Verdict.Accepted read = assertInstanceOf(Verdict.Accepted.class, actual, text);
    assertEquals(decoded.type(), read.type(), text);
    assertEquals(decoded.id(), read.id(), text);
    assertEquals(decoded.timestampMillis(), read.timestampMillis(), text);
    assertEquals(typed(decoded.event()), typed(read.event()), text);
    assertArrayEquals(row(decoded), row(read), text);
    assertEquals(SearchDocuments.document(decoded, SOURCE).encode(), SearchDocuments.document(read, SOURCE).encode(),
      text);
    return actual;
  }

  private static byte[] row(Verdict.Accepted accepted) {
    return EventsTable.row(accepted, IpAddresses.parse((String) accepted.event().get("sourceIp")), SOURCE,
      new RecordPosition("topic", 3, 7));
  }

  /** Every member with the Java type of its value, nested members included, in the event's order. */
  private static String typed(Map<String, Object> members) {
    StringBuilder out = new StringBuilder("{");
    members.forEach((name, value) -> out.append(name).append('=').append(value instanceof EventFields nested
      ? typed(nested) : value + (value == null ? "" : ":" + value.getClass().getSimpleName())).append(';'));
    return out.append('}').toString();
  }

  private static boolean isProven(EventType type, Buffer payload) {
    EventFields event = StreamingDecoder.decode(payload, LAYOUTS.get(type));
    return event != null && type.wireName().equals(event.get("type"))
      && COMPILED.get(type).accepts(event);
  }

  /** Asserts that {@code text}, an api_request of {@link EventValidatorTest#apiRequest}'s time, is proven. */
  private static void assertProven(String text) {
    assertProven(EventType.API_REQUEST, text, NOW);
  }

  /** Asserts that {@code text} is read in one pass, proven valid and accepted at {@code now} alike by both paths. */
  private static void assertProven(EventType type, String text, long now) {
    assertNotNull(StreamingDecoder.decode(Buffer.buffer(text), LAYOUTS.get(type)), text);
    assertTrue(isProven(type, Buffer.buffer(text)), text);
    assertInstanceOf(Verdict.Accepted.class, assertSameVerdict(type, Buffer.buffer(text), now), text);
  }

  private static void assertNotProven(String text, String why) {
    assertNotProven(EventType.API_REQUEST, text, why);
  }

  private static void assertNotProven(EventType type, String text, String why) {
    assertFalse(isProven(type, Buffer.buffer(text)), why + ": " + text);
    assertSameVerdict(type, Buffer.buffer(text), NOW);
  }

  /**
   * One random edit of the text of {@code event} ({@code text}, possibly edited already) of the kinds the one pass must
   * notice: a member's value respelt, a member repeated before or after the first, an undefined member, a comment, or
   * text around the event.
   */
  private static String edit(String text, JsonObject event, SplittableRandom random) {
    List<String> names = new ArrayList<>(event.fieldNames());
    if (event.getValue("geo") instanceof JsonObject geo) {
      names.addAll(geo.fieldNames());
    }
    String key = "\"" + names.get(random.nextInt(names.size())) + "\":";
    String literal = LITERALS.get(random.nextInt(LITERALS.size()));
    int at = text.indexOf(key);
    return switch (random.nextInt(7)) {
      case 0, 1 -> at < 0 ? text : text.substring(0, at + key.length()) + literal
        + text.substring(valueEnd(text, at + key.length()));
      case 2 -> at < 0 ? text : text.substring(0, at) + key + literal + "," + text.substring(at);
      case 3 -> text.lastIndexOf('}') < 0 ? text : text.substring(0, text.lastIndexOf('}')) + "," + key + literal + "}";
      case 4 -> "{\"x-" + random.nextInt(3) + "\":" + literal + "," + text.substring(1);
      case 5 -> at < 0 ? text : text.substring(0, at) + "/* c */" + text.substring(at);
      default -> List.of(" ", "\n", "/* c */", " {}", " x", "\ufeff", "// c\n").get(random.nextInt(7))
        + (random.nextBoolean() ? text : "") + (random.nextBoolean() ? "" : " ");
    };
  }

  /** Where the JSON value that begins at {@code from} ends: after its closing quote or bracket, or at a separator. */
  private static int valueEnd(String text, int from) {
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            return i + 1;
          }
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return i;
        }
        if (--depth == 0) {
          return i + 1;
        }
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return text.length();
  }

  private static JsonObject parse(String text) {
    try {
      return Json.decodeValue(text) instanceof JsonObject object ? object : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }
}
