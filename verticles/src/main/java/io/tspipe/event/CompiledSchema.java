package io.tspipe.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 2020-12) compiled to plain predicates: the fast path of {@link EventValidator}. How much faster
 * the worker classifies records with it than with a maintained JSON Schema library deciding every record, measured,
 * and why it is kept: {@code docs/performance.md}, "Which JSON Schema engine the worker uses".
 *
 * <p>The contract is one-sided: {@link #accepts} answering {@code true} means the instance is valid under the schema;
 * {@code false} means "not proven valid here", and the caller asks the library, which also says why. So a check may be
 * stricter than the specification (formats are checked in their plain, common shape, and an integer must be written
 * as one) but never more lenient. To keep that promise, compiling fails on any keyword this class does not implement:
 * a schema edited to use a new keyword fails the worker's start instead of being half-checked. The condition of an
 * {@code if} must be exact, not merely strict, since its answer picks the branch: it may not use {@code format},
 * {@code integer} or {@code $ref}.
 */
final class CompiledSchema {

  /** Keywords that never change whether an instance is valid. */
  private static final Set<String> ANNOTATIONS =
    Set.of("$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default");
  private static final Pattern IPV6_GROUPS = Pattern.compile("^[0-9a-fA-F:]{2,39}$");
  /**
   * Patterns the schemas use on every event, each with an equivalent hand-written check: the same strings are accepted,
   * without a regular expression engine per field (except a final line terminator, which {@code $} lets through and
   * these refuse, so the library decides such a value).
   */
  private static final Map<String, Predicate<String>> KNOWN_PATTERNS = Map.of(
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", CompiledSchema::isUuid,
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$", CanonicalTimestamp::hasShape,
    "^[A-Z]{2}$", text -> text.length() == 2 && isUpperAscii(text.charAt(0)) && isUpperAscii(text.charAt(1)),
    "^/", text -> text.startsWith("/"),
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", CompiledSchema::hasDottedDomain);
  private static final Pattern DATE_TIME =
    Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$");

  private final Map<String, JsonObject> documents;
  private final Map<String, Predicate<Object>> compiled = new HashMap<>();
  private final Predicate<Object> root;

  private CompiledSchema(Map<String, JsonObject> documents, String id) {
    this.documents = documents;
    this.root = reference(id);
  }

  /**
   * Compiles the schema {@code id}; {@code documents} holds it and every schema it refers to, by {@code $id}.
   *
   * @throws IllegalArgumentException naming the keyword and where it is, for a keyword this compiler does not know,
   *                                  or naming a reference that does not resolve
   */
  static CompiledSchema compile(Map<String, JsonObject> documents, String id) {
    return new CompiledSchema(Map.copyOf(documents), id);
  }

  /**
   * The engine that proves a record valid with the compiled form of its schema and asks {@code fallback} about every
   * record the compiled form does not accept: {@code fallback} decides it and words the reject. Compiling fails as
   * {@link #compile} does, when the validator is built.
   */
  static SchemaEngine withFallback(Map<String, JsonObject> documents, SchemaEngine fallback) {
    return withFallback(id -> compile(documents, id), fallback);
  }

  /** As above, each schema's predicates those {@code compiled} answers for its id. */
  static SchemaEngine withFallback(Function<String, CompiledSchema> compiled, SchemaEngine fallback) {
    return id -> {
      CompiledSchema schema = compiled.apply(id);
      SchemaEngine.Check slow = fallback.check(id);
      return record -> schema.accepts(record) ? null : slow.reject(record);
    };
  }

  /**
   * {@code true} only if {@code instance} is valid. It is a value as Vert.x decodes it: JsonObject, JsonArray, String,
   * Number, Boolean or null, whose nested objects and arrays may be JsonObject and JsonArray or their plain maps and
   * lists; they are read as they are, never wrapped.
   */
  boolean accepts(Object instance) {
    return root.test(instance);
  }

  /** A reference, {@code <document $id>[#<JSON pointer>]}, compiled once and shared. */
  private Predicate<Object> reference(String uri) {
    Predicate<Object> known = compiled.get(uri);
    if (known != null) {
      return known;
    }
    // a placeholder first, so a schema that refers to itself compiles to a finite graph
    Predicate<Object>[] target = newTarget();
    compiled.put(uri, value -> target[0].test(value));
    int hash = uri.indexOf('#');
    String documentId = hash < 0 ? uri : uri.substring(0, hash);
    JsonObject document = documents.get(documentId);
    if (document == null) {
      throw new IllegalArgumentException("unresolved schema reference " + uri);
    }
    String pointer = hash < 0 ? "" : uri.substring(hash + 1);
    target[0] = schema(resolve(document, pointer, uri), documentId, uri, false);
    return compiled.get(uri);
  }

  @SuppressWarnings("unchecked")
  private static Predicate<Object>[] newTarget() {
    return new Predicate[1];
  }

  private static JsonObject resolve(JsonObject document, String pointer, String uri) {
    Object node = document;
    for (String token : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")) {
      if (!(node instanceof JsonObject object) || !object.containsKey(token)) {
        throw new IllegalArgumentException("unresolved schema reference " + uri);
      }
      node = object.getValue(token);
    }
    if (!(node instanceof JsonObject schema)) {
      throw new IllegalArgumentException("schema reference " + uri + " is not a schema object");
    }
    return schema;
  }

  /**
   * All keywords of one schema object, ANDed. {@code base} resolves its relative references; {@code at} names it;
   * {@code exact} refuses the keywords whose check is only strict.
   */
  private Predicate<Object> schema(JsonObject schema, String base, String at, boolean exact) {
    List<Predicate<Object>> checks = new ArrayList<>();
    Predicate<Object> condition = null;
    Predicate<Object> then = value -> true;
    Predicate<Object> otherwise = value -> true;
    for (String keyword : schema.fieldNames()) {
      Object argument = schema.getValue(keyword);
      String where = at + "/" + keyword;
      if (exact && (keyword.equals("format") || keyword.equals("$ref") || "integer".equals(argument))) {
        throw new IllegalArgumentException("keyword " + where + " is not supported inside an if by the compiled validator");
      }
      switch (keyword) {
        case "type" -> checks.add(type(argument, where));
        case "const" -> checks.add(value -> equal(argument, value));
        case "enum" -> checks.add(oneOf(((JsonArray) argument).stream().toList()));
        case "required" -> checks.add(required((JsonArray) argument));
        case "properties" -> checks.add(properties((JsonObject) argument, base, where, exact));
        case "$ref" -> checks.add(reference(absolute(base, (String) argument)));
        case "allOf" -> checks.add(all(subschemas((JsonArray) argument, base, where, exact)));
        case "anyOf" -> checks.add(any(subschemas((JsonArray) argument, base, where, exact)));
        case "if" -> condition = schema((JsonObject) argument, base, where, true);
        case "then" -> then = schema((JsonObject) argument, base, where, exact);
        case "else" -> otherwise = schema((JsonObject) argument, base, where, exact);
        case "pattern" -> checks.add(string(pattern((String) argument)));
        case "format" -> checks.add(string(format((String) argument, where)));
        case "minLength" -> checks.add(string(text -> codePoints(text) >= ((Number) argument).longValue()));
        case "maxLength" -> checks.add(string(text -> codePoints(text) <= ((Number) argument).longValue()));
        case "minimum" -> checks.add(number(number -> compare(number, (Number) argument) >= 0));
        case "maximum" -> checks.add(number(number -> compare(number, (Number) argument) <= 0));
        default -> {
          if (!ANNOTATIONS.contains(keyword)) {
            throw new IllegalArgumentException("keyword " + where + " is not supported by the compiled validator");
          }
        }
      }
    }
    if (condition != null) {
      Predicate<Object> test = condition;
      Predicate<Object> whenTrue = then;
      Predicate<Object> whenFalse = otherwise;
      checks.add(value -> test.test(value) ? whenTrue.test(value) : whenFalse.test(value));
    }
    return all(checks);
  }

  private static String absolute(String base, String ref) {
    if (ref.startsWith("#")) {
      return base + ref;
    }
    if (ref.contains("://")) {
      return ref;
    }
    return base.substring(0, base.lastIndexOf('/') + 1) + ref;
  }

  private List<Predicate<Object>> subschemas(JsonArray schemas, String base, String at, boolean exact) {
    List<Predicate<Object>> checks = new ArrayList<>();
    for (int i = 0; i < schemas.size(); i++) {
      checks.add(schema(schemas.getJsonObject(i), base, at + "/" + i, exact));
    }
    return checks;
  }

  private Predicate<Object> properties(JsonObject properties, String base, String at, boolean exact) {
    String[] names = properties.fieldNames().toArray(String[]::new);
    List<Predicate<Object>> checkList = new ArrayList<>();
    for (String name : names) {
      checkList.add(schema(properties.getJsonObject(name), base, at + "/" + name, exact));
    }
    Predicate<Object>[] checks = checkList.toArray(newTarget());
    return value -> {
      Map<String, Object> object = fields(value);
      if (object == null) {
        return true;
      }
      for (int i = 0; i < names.length; i++) {
        Object property = object.get(names[i]);
        if ((property != null || object.containsKey(names[i])) && !checks[i].test(property)) {
          return false;
        }
      }
      return true;
    };
  }

  /**
   * The members of a JSON object, as the root ({@link JsonObject}) or a nested value (its plain map) holds them; null
   * when {@code value} is not an object.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> fields(Object value) {
    if (value instanceof JsonObject object) {
      return object.getMap();
    }
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }

  private static Predicate<Object> required(JsonArray names) {
    String[] required = names.stream().map(String.class::cast).toArray(String[]::new);
    return value -> {
      Map<String, Object> object = fields(value);
      if (object != null) {
        for (String name : required) {
          if (!object.containsKey(name)) {
            return false;
          }
        }
      }
      return true;
    };
  }

  private static Predicate<Object> all(List<Predicate<Object>> checks) {
    Predicate<Object>[] array = checks.toArray(newTarget());
    return value -> {
      for (Predicate<Object> check : array) {
        if (!check.test(value)) {
          return false;
        }
      }
      return true;
    };
  }

  private static Predicate<Object> any(List<Predicate<Object>> checks) {
    Predicate<Object>[] array = checks.toArray(newTarget());
    return value -> {
      for (Predicate<Object> check : array) {
        if (check.test(value)) {
          return true;
        }
      }
      return false;
    };
  }

  /** Equal to one of {@code options}, as JSON compares them. */
  private static Predicate<Object> oneOf(List<?> options) {
    Object[] array = options.toArray();
    return value -> {
      for (Object option : array) {
        if (equal(option, value)) {
          return true;
        }
      }
      return false;
    };
  }

  private static Predicate<Object> type(Object argument, String where) {
    if (argument instanceof JsonArray types) {
      return any(types.stream().map(type -> type((String) type, where)).toList());
    }
    return type((String) argument, where);
  }

  private static Predicate<Object> type(String name, String where) {
    return switch (name) {
      case "object" -> value -> value instanceof JsonObject || value instanceof Map;
      case "array" -> value -> value instanceof JsonArray || value instanceof List;
      case "string" -> String.class::isInstance;
      case "boolean" -> Boolean.class::isInstance;
      case "null" -> value -> value == null;
      case "number" -> Number.class::isInstance;
      case "integer" -> CompiledSchema::isInteger;
      default -> throw new IllegalArgumentException("unknown type '" + name + "' at " + where);
    };
  }

  private static boolean isInteger(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof BigInteger
      || value instanceof Short || value instanceof Byte;
  }

  private static Predicate<Object> string(Predicate<String> check) {
    return value -> !(value instanceof String text) || check.test(text);
  }

  private static Predicate<Object> number(Predicate<Number> check) {
    return value -> !(value instanceof Number number) || check.test(number);
  }

  /** Whether {@code regex} is checked by hand rather than by a regular expression. */
  static boolean hasHandWrittenCheck(String regex) {
    return KNOWN_PATTERNS.containsKey(regex);
  }

  private static Predicate<String> pattern(String regex) {
    Predicate<String> known = KNOWN_PATTERNS.get(regex);
    return known != null ? known : Pattern.compile(EcmaPatterns.toJava(regex)).asPredicate();
  }

  /** 8-4-4-4-12 hexadecimal digits, either case. */
  private static boolean isUuid(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
        : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUpperAscii(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /**
   * One {@code @}, with something before it and, after it, something holding a dot that is neither its first nor its
   * last character; no whitespace anywhere: the strings {@code ^[^@\s]+@[^@\s]+\.[^@\s]+$} finds.
   */
  private static boolean hasDottedDomain(String text) {
    int at = text.indexOf('@');
    if (at < 1 || text.indexOf('@', at + 1) >= 0) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c >= '\t' && c <= '\r') {
        return false;
      }
    }
    int dot = text.indexOf('.', at + 2);
    return dot >= 0 && dot <= text.length() - 2;
  }

  /** Four decimal numbers from 0 to 255 without leading zeros, dot-separated: the dotted-quad form of format ipv4. */
  private static boolean isIpv4(String text) {
    int length = text.length();
    int start = 0;
    for (int part = 0; part < 4; part++) {
      int end = start;
      int value = 0;
      while (end < length && end - start < 3 && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
        value = value * 10 + text.charAt(end) - '0';
        end++;
      }
      int digits = end - start;
      if (digits == 0 || digits > 1 && text.charAt(start) == '0' || value > 255) {
        return false;
      }
      if (part < 3) {
        if (end >= length || text.charAt(end) != '.') {
          return false;
        }
        start = end + 1;
      } else if (end != length) {
        return false;
      }
    }
    return true;
  }

  /**
   * The plain addresses of format email: 1–64 of {@code A-Za-z0-9._%+-}, an {@code @}, then two or more dot-separated
   * labels of 1–63 of {@code A-Za-z0-9-}. Rarer valid forms (quoted local parts, IP literals) go to the library.
   */
  private static boolean isPlainEmail(String text) {
    int at = text.indexOf('@');
    if (at < 1 || at > 64) {
      return false;
    }
    for (int i = 0; i < at; i++) {
      char c = text.charAt(i);
      if (!(isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-')) {
        return false;
      }
    }
    int dots = 0;
    int labelLength = 0;
    for (int i = at + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (labelLength == 0) {
          return false;
        }
        dots++;
        labelLength = 0;
      } else if (isAsciiLetterOrDigit(c) || c == '-') {
        if (++labelLength > 63) {
          return false;
        }
      } else {
        return false;
      }
    }
    return labelLength > 0 && dots > 0;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static Predicate<String> format(String format, String where) {
    return switch (format) {
      case "date-time" -> CompiledSchema::isDateTime;
      case "ipv4" -> CompiledSchema::isIpv4;
      case "ipv6" -> CompiledSchema::isIpv6;
      case "email" -> CompiledSchema::isPlainEmail;
      default -> throw new IllegalArgumentException("format '" + format + "' at " + where
        + " is not supported by the compiled validator");
    };
  }

  private static boolean isDateTime(String text) {
    if (CanonicalTimestamp.epochMillis(text) != CanonicalTimestamp.NOT_CANONICAL) {
      return true;
    }
    if (!DATE_TIME.matcher(text).matches()) {
      return false;
    }
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Full or {@code ::}-compressed hexadecimal groups only; the rarer forms (embedded IPv4, zones) go to the library. */
  private static boolean isIpv6(String text) {
    if (!IPV6_GROUPS.matcher(text).matches()) {
      return false;
    }
    int compressed = text.indexOf("::");
    if (compressed < 0) {
      return hexGroups(text) == 8;
    }
    if (text.indexOf("::", compressed + 1) >= 0) {
      return false;
    }
    int left = hexGroups(text.substring(0, compressed));
    int right = hexGroups(text.substring(compressed + 2));
    return left >= 0 && right >= 0 && left + right <= 7;
  }

  /** How many 1–4 digit groups {@code part} holds, separated by single colons; -1 if it is not such a list. */
  private static int hexGroups(String part) {
    if (part.isEmpty()) {
      return 0;
    }
    String[] groups = part.split(":", -1);
    for (String group : groups) {
      if (group.isEmpty() || group.length() > 4) {
        return -1;
      }
    }
    return groups.length;
  }

  private static long codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  /** JSON equality: numbers by value (1 equals 1.0), everything else as Vert.x compares its own values. */
  @SuppressWarnings("unchecked")
  private static boolean equal(Object expected, Object value) {
    if (expected instanceof Number a && value instanceof Number b) {
      return compare(a, b) == 0;
    }
    if (value instanceof Map<?, ?> map) {
      value = new JsonObject((Map<String, Object>) map);
    } else if (value instanceof List<?> list) {
      value = new JsonArray(list);
    }
    return expected == null ? value == null : expected.equals(value);
  }

  private static int compare(Number a, Number b) {
    if (isLong(a) && isLong(b)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (isLong(a) && b instanceof BigInteger bound) {
      // a schema bound past the range of a long (UInt64's largest value): no decimal needed for the usual value
      return bound.bitLength() < Long.SIZE ? Long.compare(a.longValue(), bound.longValue()) : -bound.signum();
    }
    if (a instanceof Double && b instanceof Double || isLong(a) && b instanceof Double || a instanceof Double && isLong(b)) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      if (Math.abs(x) < 0x1p53 && Math.abs(y) < 0x1p53) {
        return x < y ? -1 : x > y ? 1 : 0;
      }
    }
    return decimal(a).compareTo(decimal(b));
  }

  private static boolean isLong(Number number) {
    return number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte;
  }

  private static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (number instanceof Double || number instanceof Float) {
      double value = number.doubleValue();
      return Double.isFinite(value) ? BigDecimal.valueOf(value) : BigDecimal.valueOf(Double.MAX_VALUE);
    }
    return BigDecimal.valueOf(number.longValue());
  }
}
