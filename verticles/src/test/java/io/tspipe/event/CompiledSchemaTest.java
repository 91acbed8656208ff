package io.tspipe.event;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompiledSchemaTest {

  private static final String BASE = SchemaDocuments.BASE_URI;
  private static final Map<String, JsonObject> DOCUMENTS = documents();
  private static final Map<EventType, Validator> LIBRARY = library();

  @Test
  @DisplayName("what the compiled schemas accept the JSON Schema library accepts, over generated, corrupted and mutated events")
  void neverMoreLenientThanTheLibrary() {
    Map<EventType, CompiledSchema> compiled = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      compiled.put(type, CompiledSchema.compile(DOCUMENTS, BASE + type.wireName() + ".schema.json"));
    }
    SplittableRandom random = new SplittableRandom(7);
    int good = 0;
    int acceptedByBoth = 0;
    int refusedByBoth = 0;
    int slowPath = 0;
    for (boolean attack : List.of(false, true)) {
      for (OutgoingEvent record : TestPipeline.generate(20_000, attack, attack ? 11 : 12).records()) {
        JsonObject event = parse(record.value());
        if (event == null) {
          continue;
        }
        List<JsonObject> variants = List.of(event, mutate(event, random), mutate(mutate(event, random), random));
        for (JsonObject variant : variants) {
          boolean fast = compiled.get(record.type()).accepts(variant);
          boolean library = libraryAccepts(record.type(), variant);
          assertTrue(!fast || library, "accepted by the compiled schema, refused by the library: " + variant.encode());
          if (fast) {
            acceptedByBoth++;
          } else if (library) {
            slowPath++;
          } else {
            refusedByBoth++;
          }
        }
        if (record.kind() == OutgoingEvent.Kind.GOOD) {
          good++;
          assertTrue(compiled.get(record.type()).accepts(event), "a generated good event takes the fast path: " + event);
        }
      }
    }
    System.out.printf("compiled schemas: %d good events on the fast path; of all variants %d accepted by both, %d refused"
      + " by both, %d left to the library and valid there%n", good, acceptedByBoth, refusedByBoth, slowPath);
    assertTrue(good > 30_000 && refusedByBoth > 10_000, "the sample holds both valid and invalid events");
  }

  @Test
  @DisplayName("each keyword our schemas use is checked: const, enum, required, if/then, pattern, formats, lengths and bounds")
  void checksEveryKeyword() {
    CompiledSchema api = CompiledSchema.compile(DOCUMENTS, BASE + "api_request.schema.json");
    CompiledSchema email = CompiledSchema.compile(DOCUMENTS, BASE + "email_send.schema.json");
    JsonObject request = EventValidatorTest.apiRequest();
    assertTrue(api.accepts(request));
    assertFalse(api.accepts(request.copy().put("schemaVersion", 2)), "const");
    assertFalse(api.accepts(request.copy().put("method", "TRACE")), "enum");
    assertFalse(api.accepts(without(request, "path")), "required");
    assertFalse(api.accepts(request.copy().put("path", "no-slash")), "pattern");
    assertFalse(api.accepts(request.copy().put("statusCode", 600)), "maximum");
    assertFalse(api.accepts(request.copy().put("responseTimeMs", -1)), "minimum");
    assertFalse(api.accepts(request.copy().put("statusCode", "200")), "type");
    assertFalse(api.accepts(request.copy().put("statusCode", 200.5)), "integer");
    assertFalse(api.accepts(request.copy().put("userAgent", "")), "minLength");
    assertFalse(api.accepts(request.copy().put("userAgent", "x".repeat(513))), "maxLength");
    assertTrue(api.accepts(request.copy().put("userAgent", "\uD83D\uDE00".repeat(512))), "lengths count code points");
    assertFalse(api.accepts(request.copy().put("timestamp", "2026-02-30T10:00:00.000Z")), "date-time");
    assertFalse(api.accepts(request.copy().put("id", "not-a-uuid")), "$ref to $defs");
    for (String ip : List.of("10.0.0.1", "255.255.255.255", "::1", "2001:db8::8a2e:370:7334", "fe80::",
      "2001:0db8:85a3:0000:0000:8a2e:0370:7334")) {
      assertTrue(api.accepts(request.copy().put("sourceIp", ip)), ip);
    }
    for (String ip : List.of("256.0.0.1", "10.0.0", "01.2.3.4", "1::2::3", ":::", "12345::", "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7", "", "host")) {
      assertFalse(api.accepts(request.copy().put("sourceIp", ip)), ip);
    }
    JsonObject delivered = EventValidatorTest.emailSend().put("success", true).put("messageId", "m-1");
    delivered.remove("failureReason");
    assertTrue(email.accepts(delivered));
    assertFalse(email.accepts(without(delivered, "messageId")), "if success then messageId");
    JsonObject failed = EventValidatorTest.emailSend();
    assertTrue(email.accepts(failed));
    assertFalse(email.accepts(without(failed, "failureReason")), "if failed then failureReason");
    assertFalse(email.accepts(failed.copy().put("recipientEmail", "a@b")), "email pattern");
  }

  @Test
  @DisplayName("the hand-written checks of the schemas' patterns accept exactly what the regular expressions do")
  void knownPatternsMatchTheirRegularExpressions() {
    JsonObject common = DOCUMENTS.get(BASE + "common.schema.json");
    JsonObject email = DOCUMENTS.get(BASE + "email_send.schema.json").getJsonObject("properties")
      .getJsonObject("recipientEmail");
    Map<String, String> validByRegex = Map.of(
      common.getJsonObject("$defs").getJsonObject("uuid").getString("pattern"), "0b7e3c1a-2d4f-4e6a-8b9c-1d2E3F4A5B6C",
      common.getJsonObject("properties").getJsonObject("timestamp").getString("pattern"), "2026-11-24T10:00:00.123Z",
      DOCUMENTS.get(BASE + "account_activity.schema.json").getJsonObject("properties").getJsonObject("geo")
        .getJsonObject("properties").getJsonObject("country").getString("pattern"), "DE",
      DOCUMENTS.get(BASE + "api_request.schema.json").getJsonObject("properties").getJsonObject("path")
        .getString("pattern"), "/v1/users",
      email.getString("pattern"), "a.b@c.de");
    validByRegex.forEach((regex, valid) -> {
      assertTrue(CompiledSchema.hasHandWrittenCheck(regex), "the schema's pattern is one of the hand-checked: " + regex);
      CompiledSchema compiled = CompiledSchema.compile(documentsWith(new JsonObject().put("pattern", regex)),
        "urn:t:string");
      agreeOnMutations(regex, compiled, valid);
    });
  }

  @Test
  @DisplayName("the hand-written formats accept exactly the plain forms: dotted-quad ipv4, and email of ASCII labels")
  void formatsMatchTheirPlainForms() {
    agreeOnMutations("^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$",
      CompiledSchema.compile(documentsWith(new JsonObject().put("format", "ipv4")), "urn:t:string"), "203.0.113.250");
    String emailRegex = "^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+$";
    CompiledSchema email = CompiledSchema.compile(documentsWith(new JsonObject().put("format", "email")), "urn:t:string");
    agreeOnMutations(emailRegex, email, "a.+%_x@c-d.e");
    java.util.function.Predicate<String> expected = java.util.regex.Pattern.compile(emailRegex).asPredicate();
    for (String edge : List.of("x".repeat(64) + "@a.b", "x".repeat(65) + "@a.b", "a@" + "y".repeat(63) + ".b",
      "a@" + "y".repeat(64) + ".b", "a@b." + "z".repeat(63), "a@b." + "z".repeat(64))) {
      assertEquals(expected.test(edge), email.accepts(edge), "length limits: " + edge);
    }
  }

  /**
   * Random edits of {@code valid} drawn from an alphabet of the characters that matter here: the compiled check agrees
   * with {@code regex} on each, except that it may refuse what ends in a line terminator, which {@code $} lets through.
   */
  private static void agreeOnMutations(String regex, CompiledSchema compiled, String valid) {
    SplittableRandom random = new SplittableRandom(regex.hashCode());
    String alphabet = "0123456789abcdefABCDEFgGZz-:.T/@_%+ \t\n\u000b";
    java.util.function.Predicate<String> expected = java.util.regex.Pattern.compile(regex).asPredicate();
    int agreedValid = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder(valid);
      for (int edits = random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(text.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, c);
          case 1 -> { if (at < text.length()) text.deleteCharAt(at); }
          default -> { if (at < text.length()) text.setCharAt(at, c); }
        }
      }
      String candidate = text.toString();
      boolean fast = compiled.accepts(candidate);
      boolean regexSays = expected.test(candidate);
      if (candidate.endsWith("\n") || candidate.endsWith("\u000b")) {
        assertTrue(!fast || regexSays, "stricter at most: " + candidate);
      } else {
        assertEquals(regexSays, fast, regex + " on '" + candidate + "'");
      }
      agreedValid += fast ? 1 : 0;
    }
    assertTrue(agreedValid > 1_000, "the sample holds valid strings too: " + agreedValid);
  }

  private static Map<String, JsonObject> documentsWith(JsonObject keyword) {
    Map<String, JsonObject> documents = new HashMap<>(DOCUMENTS);
    documents.put("urn:t:string", keyword.put("type", "string"));
    return documents;
  }

  @Test
  @DisplayName("an integer written as 1.0 is left to the library, which accepts it")
  void leavesUnusualSpellingsToTheLibrary() {
    CompiledSchema api = CompiledSchema.compile(DOCUMENTS, BASE + "api_request.schema.json");
    JsonObject request = EventValidatorTest.apiRequest().put("statusCode", 200.0);
    assertFalse(api.accepts(request));
    assertEquals(Boolean.TRUE, LIBRARY.get(EventType.API_REQUEST).validate(request).getValid());
  }

  @Test
  @DisplayName("compiling refuses keywords it does not implement, inexact checks inside an if, and unresolved references")
  void refusesWhatItCannotCheck() {
    Map<String, JsonObject> documents = new HashMap<>(DOCUMENTS);
    documents.put("urn:t:unknown", new JsonObject().put("type", "object").put("additionalProperties", false));
    documents.put("urn:t:if-format", new JsonObject()
      .put("if", new JsonObject().put("properties", new JsonObject().put("a", new JsonObject().put("format", "email"))))
      .put("then", new JsonObject().put("required", new JsonArray().add("b"))));
    documents.put("urn:t:ref", new JsonObject().put("$ref", "urn:t:missing"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
      () -> CompiledSchema.compile(documents, "urn:t:unknown"));
    assertTrue(unknown.getMessage().contains("additionalProperties"), unknown.getMessage());
    IllegalArgumentException inexact = assertThrows(IllegalArgumentException.class,
      () -> CompiledSchema.compile(documents, "urn:t:if-format"));
    assertTrue(inexact.getMessage().contains("format") && inexact.getMessage().contains("if"), inexact.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
      () -> CompiledSchema.compile(documents, "urn:t:ref"));
    assertTrue(missing.getMessage().contains("urn:t:missing"), missing.getMessage());
  }

  /** One random change of the kinds bad input has: a field dropped, retyped, emptied, stretched or pushed out of range. */
  static JsonObject mutate(JsonObject event, SplittableRandom random) {
    JsonObject copy = event.copy();
    List<String> fields = List.copyOf(copy.fieldNames());
    String field = fields.get(random.nextInt(fields.size()));
    List<UnaryOperator<Object>> changes = List.of(
      value -> null,
      value -> "",
      value -> 0,
      value -> -1,
      value -> 1.5,
      value -> 200.0,
      value -> true,
      value -> new JsonObject(),
      value -> value + "x",
      value -> "1:2::3::4",
      value -> "300.1.1.1",
      value -> "user@@example.com",
      value -> "2026-13-01T00:00:00.000Z",
      value -> "x".repeat(3000),
      value -> value instanceof String text && !text.isEmpty() ? text.substring(1) : value);
    JsonObject target = copy;
    String key = field;
    if (copy.getValue(field) instanceof JsonObject nested && !nested.isEmpty() && random.nextBoolean()) {
      List<String> inner = List.copyOf(nested.fieldNames());
      target = nested;
      key = inner.get(random.nextInt(inner.size()));
    }
    if (random.nextInt(8) == 0) {
      target.remove(key);
    } else {
      target.put(key, changes.get(random.nextInt(changes.size())).apply(target.getValue(key)));
    }
    return copy;
  }

  /** The library's answer; it throws on some invalid values (an empty string under format email). */
  private static boolean libraryAccepts(EventType type, JsonObject event) {
    try {
      return Boolean.TRUE.equals(LIBRARY.get(type).validate(event).getValid());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static JsonObject without(JsonObject event, String field) {
    JsonObject copy = event.copy();
    copy.remove(field);
    return copy;
  }

  private static JsonObject parse(String text) {
    try {
      Object value = io.vertx.core.json.Json.decodeValue(text);
      return value instanceof JsonObject object ? object : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }

  private static Map<String, JsonObject> documents() {
    return SchemaDocuments.load();
  }

  private static Map<EventType, Validator> library() {
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri(BASE).setOutputFormat(OutputFormat.Basic));
    DOCUMENTS.values().forEach(schema -> repository.dereference(JsonSchema.of(schema.copy())));
    Map<EventType, Validator> validators = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      validators.put(type, repository.validator(BASE + type.wireName() + ".schema.json"));
    }
    return validators;
  }
}
