package io.tspipe.sink.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement whose ClickHouse {@code {name:Type}} parameters became JDBC's positional ones: each placeholder is
 * {@code CAST(? AS Type)}, bound to the parameter's text, so ClickHouse reads the value as the type the statement
 * names, as it reads a server-side parameter, and the driver quotes it as a string literal. String literals, quoted
 * names and comments are copied as they are.
 *
 * @param sql    the statement with {@code ?} markers
 * @param values the value of each marker, in order
 */
record PositionalStatement(String sql, List<String> values) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*):([^{}]+)}");

  /**
   * @throws IllegalArgumentException naming a placeholder that has no value, or when the statement holds a {@code ?}
   *                                  of its own, which JDBC would read as a marker
   */
  static PositionalStatement of(String sql, Map<String, String> parameters) {
    StringBuilder positional = new StringBuilder(sql.length() + 16);
    List<String> values = new ArrayList<>();
    Matcher placeholder = PLACEHOLDER.matcher(sql);
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"' || c == '`') {
        end = quotedEnd(sql, i, c);
      } else if (sql.startsWith("--", i)) {
        end = lineEnd(sql, i);
      } else if (sql.startsWith("/*", i)) {
        int close = sql.indexOf("*/", i + 2);
        end = close < 0 ? sql.length() : close + 2;
      } else if (c == '{' && placeholder.region(i, sql.length()).lookingAt()) {
        String name = placeholder.group(1);
        String value = parameters.get(name);
        if (value == null) {
          throw new IllegalArgumentException("query parameter {" + name + ":" + placeholder.group(2) + "} has no value");
        }
        values.add(value);
        positional.append("CAST(? AS ").append(placeholder.group(2).strip()).append(')');
        i = placeholder.end();
        continue;
      } else if (c == '?') {
        throw new IllegalArgumentException("a ? outside a string literal at position " + (i + 1) + " would be read "
          + "as a JDBC parameter marker; use a {name:Type} parameter");
      } else {
        end = i + 1;
      }
      positional.append(sql, i, end);
      i = end;
    }
    return new PositionalStatement(positional.toString(), List.copyOf(values));
  }

  private static int quotedEnd(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i++);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        if (i < sql.length() && sql.charAt(i) == quote) {
          i++;
        } else {
          return i;
        }
      }
    }
    return sql.length();
  }

  private static int lineEnd(String sql, int start) {
    int newline = sql.indexOf('\n', start);
    return newline < 0 ? sql.length() : newline + 1;
  }
}
