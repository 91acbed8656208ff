package io.tspipe.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests generated from the contract document rather than listed by hand, so a parameter or body field added to
 * the document is covered by the tests that use them: every place a client can put text ({@link #textSlots}), and
 * every place it can put an instant ({@link #instantSlots}), of every operation.
 */
public final class ContractCases {

  /**
   * Operations whose body's instants bound a period the handler limits (a backtest spans at most 7 days and ends by
   * now, and starts a job when taken): an instant the contract takes alone may be refused beside its partner, which
   * the instant cases do not set, so those cases check only the refusals.
   */
  public static final Set<String> SPAN_LIMITED_BODIES = Set.of("startBacktest");

  /** Where a slot's value goes: a query or path parameter, a string of the JSON body, or a field name of it. */
  public enum In { QUERY, PATH, BODY, BODY_KEY }

  /**
   * One place of one operation a client puts a value in.
   *
   * @param name the parameter's name; for {@link In#BODY} the path into the body ({@code filters.type[0]}); for
   *             {@link In#BODY_KEY} the path of the object whose field name it is ({@code ""} for the body itself)
   */
  public record Slot(String operationId, String method, String path, In in, String name, JsonObject schema) {
    @Override
    public String toString() {
      return operationId + " " + in + " " + (name.isEmpty() ? "(body)" : name);
    }

    /** The field a refusal of a value put here names: the parameter, the path into the body, or the name's path. */
    public String field(String printableKey) {
      return switch (in) {
        case BODY_KEY -> name.isEmpty() ? printableKey : name + "." + printableKey;
        default -> name;
      };
    }
  }

  private static final String PLACEHOLDER = "slot-7f3a9c";

  private final JsonObject document;

  public ContractCases(JsonObject document) {
    this.document = document;
  }

  /** Every parameter of every operation, every string of every request body, and every object's field names. */
  public List<Slot> textSlots() {
    List<Slot> slots = new ArrayList<>();
    forEachOperation((path, method, operation) -> {
      String id = operation.getString("operationId");
      for (Object entry : operation.getJsonArray("parameters", new JsonArray())) {
        JsonObject parameter = resolve((JsonObject) entry);
        In in = switch (parameter.getString("in")) {
          case "query" -> In.QUERY;
          case "path" -> In.PATH;
          default -> null;
        };
        if (in != null) {
          slots.add(new Slot(id, method, path, in, parameter.getString("name"), resolve(parameter.getJsonObject("schema"))));
        }
      }
      JsonObject body = operation.getJsonObject("requestBody");
      if (body != null) {
        JsonObject schema = resolve(body.getJsonObject("content").getJsonObject("application/json")
          .getJsonObject("schema"));
        walk(id, method, path, "", schema, slots);
      }
    });
    return slots;
  }

  /** The slots whose value is an instant: their schema's pattern is the {@code InstantParameter}'s. */
  public List<Slot> instantSlots() {
    String instant = schema("InstantParameter").getString("pattern");
    return textSlots().stream().filter(slot -> slot.in() != In.BODY_KEY
      && instant.equals(slot.schema().getString("pattern"))).toList();
  }

  /** The other instant slots of the same operation (the {@code to} of a {@code from}), in document order. */
  public List<Slot> partners(Slot slot) {
    return instantSlots().stream().filter(other -> other.operationId().equals(slot.operationId())
      && !other.equals(slot)).toList();
  }

  /** Whether {@code slot} comes before {@code other} in its operation. */
  public boolean before(Slot slot, Slot other) {
    List<Slot> all = instantSlots();
    return all.indexOf(slot) < all.indexOf(other);
  }

  /**
   * The request URI of {@code slot}'s operation: path parameters from {@code raw} (already percent-encoded) or else
   * their documented example, and query parameters from {@code raw}, in its order.
   */
  public String uri(Slot slot, Map<String, String> raw) {
    String uri = slot.path();
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, String> value : raw.entrySet()) {
      if (uri.contains("{" + value.getKey() + "}")) {
        uri = uri.replace("{" + value.getKey() + "}", value.getValue());
      } else {
        query.append(query.length() == 0 ? "?" : "&").append(value.getKey()).append('=').append(value.getValue());
      }
    }
    for (Slot other : textSlots()) {
      if (other.operationId().equals(slot.operationId()) && other.in() == In.PATH) {
        uri = uri.replace("{" + other.name() + "}", example(other));
      }
    }
    return uri + query;
  }

  /**
   * A JSON body of {@code slot}'s operation with {@code literal} (a JSON string literal, as bytes, so it can hold what
   * no Java string encodes) as the slot's value, or as a field name in the object the slot names; the body's other
   * required fields hold their examples, so the slot's is the only refusal.
   */
  public Buffer body(Slot slot, Buffer literal) {
    JsonObject body = new JsonObject();
    for (Slot other : textSlots()) {
      if (other.operationId().equals(slot.operationId()) && other.in() == In.BODY && requiredAtRoot(other)
        && !other.name().equals(slot.name())) {
        body.put(other.name(), example(other));
      }
    }
    if (slot.in() == In.BODY_KEY) {
      ((JsonObject) (slot.name().isEmpty() ? body : ensure(body, slot.name(), true))).put(PLACEHOLDER, 1);
    } else {
      ensure(body, slot.name(), false);
      setLeaf(body, slot.name(), PLACEHOLDER);
    }
    String text = body.encode();
    int at = text.indexOf("\"" + PLACEHOLDER + "\"");
    return Buffer.buffer(text.substring(0, at)).appendBuffer(literal)
      .appendString(text.substring(at + PLACEHOLDER.length() + 2));
  }

  /**
   * A JSON string literal of {@code text}, as bytes: an unpaired surrogate in it written as a JSON escape
   * ({@code \\ud800}), or with {@code rawBytes} as the three bytes UTF-8 would give it if it were a character
   * ({@code ED A0 80}), which is no UTF-8 at all.
   */
  public static Buffer jsonString(String text, boolean rawBytes) {
    Buffer out = Buffer.buffer("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        out.appendString(text.substring(i, i + 2), StandardCharsets.UTF_8.name());
        i++;
      } else if (Character.isSurrogate(c) && rawBytes) {
        out.appendByte((byte) (0xE0 | (c >> 12))).appendByte((byte) (0x80 | ((c >> 6) & 0x3F)))
          .appendByte((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isSurrogate(c) || c < 0x20 || c == '"' || c == '\\') {
        out.appendString(String.format("\\u%04x", (int) c));
      } else {
        out.appendString(String.valueOf(c), StandardCharsets.UTF_8.name());
      }
    }
    return out.appendString("\"");
  }

  /** A value the slot's schema takes: its example, its first enum value, or a UUID for the id. */
  public String example(Slot slot) {
    JsonObject schema = slot.schema();
    if (schema.getValue("examples") instanceof JsonArray examples && !examples.isEmpty()) {
      return String.valueOf(examples.getValue(0));
    }
    if (schema.getValue("enum") instanceof JsonArray values && !values.isEmpty()) {
      return String.valueOf(values.getValue(0));
    }
    if (schema.getValue("pattern") != null && schema.getString("pattern").startsWith("^[0-9a-fA-F]{8}")) {
      return "6f1c5a8e-7a51-4c2e-9b8e-5d1f6a2b7c90";
    }
    return "x";
  }

  // ---- the document

  private interface OperationVisitor {
    void visit(String path, String method, JsonObject operation);
  }

  private void forEachOperation(OperationVisitor visitor) {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
          visitor.visit(path, method.toUpperCase(), item.getJsonObject(method));
        }
      }
    }
  }

  private void walk(String id, String method, String path, String at, JsonObject schema, List<Slot> slots) {
    Set<String> types = types(schema);
    if (types.contains("object")) {
      slots.add(new Slot(id, method, path, In.BODY_KEY, at, schema));
      JsonObject properties = schema.getJsonObject("properties", new JsonObject());
      for (String name : properties.fieldNames()) {
        walk(id, method, path, at.isEmpty() ? name : at + "." + name, resolve(properties.getJsonObject(name)), slots);
      }
    }
    if (types.contains("array") && schema.getValue("items") instanceof JsonObject items) {
      walk(id, method, path, at + "[0]", resolve(items), slots);
    }
    if (types.contains("string")) {
      slots.add(new Slot(id, method, path, In.BODY, at, schema));
    }
  }

  private boolean requiredAtRoot(Slot slot) {
    JsonObject operation = document.getJsonObject("paths").getJsonObject(slot.path())
      .getJsonObject(slot.method().toLowerCase());
    JsonObject schema = resolve(operation.getJsonObject("requestBody").getJsonObject("content")
      .getJsonObject("application/json").getJsonObject("schema"));
    return schema.getJsonArray("required", new JsonArray()).contains(slot.name());
  }

  private static Set<String> types(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof String text) {
      return Set.of(text);
    }
    if (type instanceof JsonArray list) {
      return Set.copyOf(list.stream().map(String::valueOf).toList());
    }
    return schema.containsKey("enum") ? Set.of("string") : Set.of();
  }

  private JsonObject schema(String name) {
    return document.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
  }

  private JsonObject resolve(JsonObject node) {
    JsonObject at = node;
    while (at.getValue("$ref") instanceof String ref) {
      at = (JsonObject) JsonPointer.from(ref.substring(ref.indexOf('#') + 1)).queryJson(document);
    }
    return at;
  }

  private static Object ensure(JsonObject body, String path, boolean object) {
    Object node = body;
    List<String> tokens = tokens(path);
    for (int i = 0; i < tokens.size(); i++) {
      boolean last = i == tokens.size() - 1;
      String token = tokens.get(i);
      boolean nextIsIndex = !last && tokens.get(i + 1).equals("[0]");
      Object child = last ? (object ? new JsonObject() : null) : nextIsIndex ? new JsonArray() : new JsonObject();
      if (token.equals("[0]")) {
        JsonArray array = (JsonArray) node;
        if (array.isEmpty()) {
          array.add(child);
        }
        node = array.getValue(0);
      } else {
        JsonObject parent = (JsonObject) node;
        if (!parent.containsKey(token) || parent.getValue(token) == null) {
          parent.put(token, child);
        }
        node = parent.getValue(token);
      }
    }
    return node;
  }

  private static void setLeaf(JsonObject body, String path, String value) {
    List<String> tokens = tokens(path);
    Object node = body;
    for (int i = 0; i < tokens.size() - 1; i++) {
      node = tokens.get(i).equals("[0]") ? ((JsonArray) node).getValue(0) : ((JsonObject) node).getValue(tokens.get(i));
    }
    String last = tokens.get(tokens.size() - 1);
    if (last.equals("[0]")) {
      JsonArray array = (JsonArray) node;
      if (array.isEmpty()) {
        array.add(value);
      } else {
        array.set(0, value);
      }
    } else {
      ((JsonObject) node).put(last, value);
    }
  }

  private static List<String> tokens(String path) {
    List<String> tokens = new ArrayList<>();
    for (String part : path.split("\\.")) {
      int bracket = part.indexOf('[');
      tokens.add(bracket < 0 ? part : part.substring(0, bracket));
      for (int i = bracket; i >= 0 && i < part.length(); i = part.indexOf('[', i + 1)) {
        tokens.add("[0]");
      }
    }
    return tokens;
  }
}
