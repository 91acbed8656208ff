package io.tspipe.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command lines of the harnesses: {@code --name value} or {@code --name=value} arguments, each known and given at
 * most once, with a value that is neither empty nor the next argument's name.
 */
public final class LongOptions {

  private LongOptions() {
  }

  /**
   * The value of each argument by name, or empty when {@code --help} or {@code -h} asks for help.
   *
   * @throws IllegalArgumentException naming the argument that is unknown, repeated or missing its value
   */
  public static Optional<Map<String, String>> read(List<String> arguments, Collection<String> names) {
    if (arguments.contains("--help") || arguments.contains("-h")) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      int equals = argument.indexOf('=');
      String name = equals < 0 ? argument : argument.substring(0, equals);
      if (!names.contains(name)) {
        throw new IllegalArgumentException("unknown argument '" + argument + "'; known: "
          + String.join(", ", names.stream().sorted().toList()));
      }
      String value;
      if (equals >= 0) {
        value = argument.substring(equals + 1);
      } else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
        value = arguments.get(++i);
      } else {
        value = "";
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (values.put(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    return Optional.of(values);
  }
}
