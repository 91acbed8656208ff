package io.tspipe.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.OutputUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A schema validation failure of the API contract in plain words: the {@link BadRequest} naming the parameter, or the
 * path into the body ({@code filters.status[0].min}), and saying what was expected and what came, with no schema
 * jargon. Pure: it reads the failure, the schema and the document the schema's {@code $ref}s point into.
 */
final class RefusalWords {

  /** Keywords that only apply other schemas: their errors repeat the errors of those schemas, which say more. */
  private static final Set<String> APPLICATORS = Set.of("properties", "patternProperties", "items", "prefixItems",
    "contains", "$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties");

  private final JsonObject document;

  /** @param document the contract as vertx-openapi resolved it, where {@code $ref}s left in place point */
  RefusalWords(JsonObject document) {
    this.document = document;
  }

  /**
   * The refusal of the most telling error of {@code result}: an unknown field first, else the first error of a
   * keyword that checks a value itself (not one that only applies other schemas).
   *
   * @param parameter the parameter's name, or null for the body (whose fields are named by their path)
   */
  BadRequest refusal(String parameter, Object instance, JsonObject schema, OutputUnit result) {
    BadRequest first = null;
    for (OutputUnit error : result.getErrors() == null ? List.<OutputUnit>of() : result.getErrors()) {
      List<String> keywordPath = pointer(error.getKeywordLocation());
      if (keywordPath.isEmpty()) {
        continue;
      }
      String keyword = keywordPath.get(keywordPath.size() - 1);
      if (APPLICATORS.contains(keyword)) {
        continue;
      }
      JsonObject at = schemaAt(schema, keywordPath.subList(0, keywordPath.size() - 1));
      List<String> instancePath = pointer(error.getInstanceLocation());
      if (at == null) {
        continue;
      }
      if (keyword.equals("additionalProperties")) {
        String name = instancePath.isEmpty() ? null : instancePath.get(instancePath.size() - 1);
        JsonObject declared = at.getValue("properties") instanceof JsonObject properties ? properties : new JsonObject();
        if (name == null || declared.containsKey(name)) {
          continue; // a declared property that failed its own schema: that error is reported on its own
        }
        return new BadRequest(field(parameter, instance, instancePath), "unknown field; known fields are "
          + String.join(", ", declared.fieldNames().stream().sorted().toList()));
      }
      if (first == null) {
        first = problem(parameter, instance, instancePath, keyword, at);
      }
    }
    if (first != null) {
      return first;
    }
    return new BadRequest(parameter == null ? "body" : parameter, "does not match the API contract: "
      + (result.getErrors() == null || result.getErrors().isEmpty() ? result.getError()
      : result.getErrors().get(result.getErrors().size() - 1).getError()));
  }

  private BadRequest problem(String parameter, Object instance, List<String> instancePath, String keyword,
                             JsonObject schema) {
    Object value = valueAt(instance, instancePath);
    String field = field(parameter, instance, instancePath);
    return switch (keyword) {
      case "required" -> {
        JsonObject object = value instanceof JsonObject found ? found : new JsonObject();
        String missing = schema.getJsonArray("required", new JsonArray()).stream().map(String::valueOf)
          .filter(name -> !object.containsKey(name)).findFirst().orElse("?");
        JsonObject property = schema.getValue("properties") instanceof JsonObject properties
          && properties.getValue(missing) instanceof JsonObject declared ? resolve(declared) : new JsonObject();
        yield new BadRequest(join(field, missing, parameter == null && instancePath.isEmpty()),
          "required: " + describe(property));
      }
      case "enum", "const" -> new BadRequest(field, value instanceof String text
        ? "'" + Values.shorten(text) + "' is not " + describe(schema)
        : "expected " + describe(schema) + ", got " + Values.describe(value));
      case "pattern", "format" -> new BadRequest(field, value instanceof String text
        ? "'" + Values.shorten(text) + "' is not " + describe(schema)
        : "expected " + describe(schema) + ", got " + Values.describe(value));
      case "minLength", "maxLength" -> {
        int length = value instanceof String text ? text.codePointCount(0, text.length()) : -1;
        yield new BadRequest(field, keyword.equals("maxLength")
          ? "at most " + schema.getValue("maxLength") + " characters, got " + length
          : "at least " + schema.getValue("minLength") + " characters, got " + length);
      }
      case "minItems", "maxItems" -> {
        int size = value instanceof JsonArray array ? array.size() : -1;
        Object min = schema.getValue("minItems");
        Object max = schema.getValue("maxItems");
        yield new BadRequest(field, min != null && max != null ? "expected a list of " + min + " to " + max
          + " values, got " + size : max != null ? "at most " + max + " values, got " + size
          : "at least " + min + " values, got " + size);
      }
      case "minProperties", "maxProperties" -> new BadRequest(field, "expected " + describe(schema) + " with "
        + (keyword.equals("minProperties") ? "at least " : "at most ") + schema.getValue(keyword) + " fields");
      default -> new BadRequest(field, "expected " + describe(schema) + ", got " + Values.describe(value));
    };
  }

  /** What a schema accepts, in words: its {@value ApiContract#EXPECTED}, else from its type, bounds and enum. */
  static String describe(JsonObject schema) {
    if (schema.getValue(ApiContract.EXPECTED) instanceof String expected) {
      return expected;
    }
    if (schema.getValue("enum") instanceof JsonArray values) {
      return "one of " + values.stream().filter(value -> value != null).map(String::valueOf)
        .collect(Collectors.joining(", "));
    }
    if (schema.containsKey("const")) {
      return String.valueOf(schema.getValue("const"));
    }
    String type = type(schema);
    Object min = schema.getValue("minimum");
    Object max = schema.getValue("maximum");
    String noun = switch (type == null ? "" : type) {
      case "integer" -> schema.containsKey("multipleOf") ? "a multiple of " + schema.getValue("multipleOf") : "an integer";
      case "number" -> "a number";
      case "string" -> "a string";
      case "boolean" -> "true or false";
      case "array" -> "a list";
      case "object" -> "an object";
      case "null" -> "nothing";
      default -> "a value";
    };
    if (min != null && max != null) {
      return noun + " from " + min + " to " + max;
    }
    if (min != null) {
      return noun + " of at least " + min;
    }
    if (max != null) {
      return noun + " of at most " + max;
    }
    if (schema.getValue("maxLength") != null && "string".equals(type)) {
      return noun + " of at most " + schema.getValue("maxLength") + " characters";
    }
    return noun;
  }

  /** The type a schema asks for, leaving out {@code null} when it also allows null. */
  private static String type(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof String text) {
      return text;
    }
    if (type instanceof JsonArray types) {
      List<String> named = types.stream().map(String::valueOf).filter(name -> !name.equals("null")).toList();
      return named.size() == 1 ? named.get(0) : named.isEmpty() ? "null" : null;
    }
    return null;
  }


  /** The subschema a keyword location leads to, following {@code $ref}s that resolution left in place. */
  private JsonObject schemaAt(JsonObject root, List<String> path) {
    Object node = root;
    for (String segment : path) {
      if (node instanceof JsonObject object) {
        if (segment.equals("$ref")) {
          node = object.getValue("$ref") instanceof String ref ? reference(ref) : object;
        } else {
          node = object.getValue(segment);
        }
      } else if (node instanceof JsonArray array) {
        node = index(segment) >= 0 && index(segment) < array.size() ? array.getValue(index(segment)) : null;
      } else {
        return null;
      }
    }
    return node instanceof JsonObject object ? resolve(object) : null;
  }

  /** {@code schema}, or what its {@code $ref} points to when it is only a reference. */
  JsonObject resolve(JsonObject schema) {
    if (schema.getValue("$ref") instanceof String ref && reference(ref) instanceof JsonObject target) {
      return target;
    }
    return schema;
  }

  private Object reference(String ref) {
    int hash = ref.indexOf('#');
    if (hash < 0) {
      return null;
    }
    Object target = JsonPointer.from(ref.substring(hash + 1)).queryJson(document);
    return target instanceof JsonObject object ? resolve(object) : target;
  }

  /** A JSON pointer ({@code #/filters/status/0}) as its unescaped segments. */
  private static List<String> pointer(String location) {
    if (location == null) {
      return List.of();
    }
    String text = location.startsWith("#") ? location.substring(1) : location;
    if (text.isEmpty() || text.equals("/")) {
      return List.of();
    }
    List<String> segments = new ArrayList<>();
    for (String segment : text.substring(1).split("/", -1)) {
      segments.add(segment.replace("~1", "/").replace("~0", "~"));
    }
    return segments;
  }

  private static int index(String segment) {
    try {
      return Integer.parseInt(segment);
    } catch (NumberFormatException notAnIndex) {
      return -1;
    }
  }

  private static Object valueAt(Object instance, List<String> path) {
    Object node = instance;
    for (String segment : path) {
      if (node instanceof JsonObject object) {
        node = object.getValue(segment);
      } else if (node instanceof JsonArray array && index(segment) >= 0 && index(segment) < array.size()) {
        node = array.getValue(index(segment));
      } else {
        return null;
      }
    }
    return node;
  }

  /** A path into the body as the handlers name it ({@code filters.status[0].min}); a parameter by its name. */
  private static String field(String parameter, Object instance, List<String> path) {
    if (parameter != null) {
      return parameter;
    }
    if (path.isEmpty()) {
      return "body";
    }
    StringBuilder field = new StringBuilder();
    Object node = instance;
    for (String segment : path) {
      if (node instanceof JsonArray array) {
        field.append('[').append(segment).append(']');
        node = index(segment) >= 0 && index(segment) < array.size() ? array.getValue(index(segment)) : null;
      } else {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(segment);
        node = node instanceof JsonObject object ? object.getValue(segment) : null;
      }
    }
    return field.toString();
  }

  private static String join(String field, String property, boolean atBodyRoot) {
    return atBodyRoot ? property : field + "." + property;
  }
}
