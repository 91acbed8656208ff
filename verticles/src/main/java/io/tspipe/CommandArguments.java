package io.tspipe;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} (or {@code --name=value}) arguments of the jar's admin commands. A problem fails with an
 * {@link IllegalArgumentException} whose message names the argument.
 */
public final class CommandArguments {

  public static final String INSTANT_EXAMPLE = "an ISO-8601 instant such as 2025-06-01T00:00:00Z";

  private CommandArguments() {
  }

  /** The value of each argument given, by name; an unknown one, one given twice or one without a value fails. */
  public static Map<String, String> parse(List<String> arguments, Set<String> names) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
      String value;
      if (argument.contains("=")) {
        value = argument.substring(argument.indexOf('=') + 1);
      } else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
        value = arguments.get(++i);
      } else {
        value = null;
      }
      if (!names.contains(name)) {
        throw new IllegalArgumentException("unknown argument '" + argument + "'");
      }
      if (values.containsKey(name)) {
        throw new IllegalArgumentException(name + " is given twice");
      }
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      values.put(name, value.trim());
    }
    return values;
  }

  /** The instant {@code value} of argument {@code name}, or null when it was not given. */
  public static Instant instant(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not " + INSTANT_EXAMPLE);
    }
  }
}
