package io.tspipe.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * JSON Schema patterns are ECMA-262 regular expressions, where {@code $} (without the multiline flag) matches only at
 * the end of the input. In {@link java.util.regex.Pattern} it also matches before a final line terminator, so a
 * uuid, timestamp or country followed by a newline would pass a Java check. Every pattern is translated before Java
 * compiles it: a {@code $} outside a character class becomes {@code \z}, which is ECMA's {@code $}.
 */
public final class EcmaPatterns {

  private EcmaPatterns() {
  }

  /** {@code ecma} with each end-of-input anchor made exact for Java. */
  public static String toJava(String ecma) {
    StringBuilder java = new StringBuilder(ecma.length() + 2);
    boolean inClass = false;
    for (int i = 0; i < ecma.length(); i++) {
      char c = ecma.charAt(i);
      if (c == '\\' && i + 1 < ecma.length()) {
        java.append(c).append(ecma.charAt(++i));
      } else if (inClass) {
        inClass = c != ']';
        java.append(c);
      } else if (c == '[') {
        inClass = true;
        java.append(c);
      } else if (c == '$') {
        java.append("\\z");
      } else {
        java.append(c);
      }
    }
    return java.toString();
  }

  /** A copy of {@code schema} whose every {@code pattern} keyword, however deep, is {@link #toJava translated}. */
  public static JsonObject translated(JsonObject schema) {
    return (JsonObject) translate(schema.copy());
  }

  private static Object translate(Object node) {
    if (node instanceof JsonObject object) {
      for (String name : List.copyOf(object.fieldNames())) {
        Object value = object.getValue(name);
        object.put(name, name.equals("pattern") && value instanceof String pattern ? toJava(pattern) : translate(value));
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, translate(array.getValue(i)));
      }
    }
    return node;
  }
}
