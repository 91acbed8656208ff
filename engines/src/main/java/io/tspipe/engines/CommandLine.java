package io.tspipe.engines;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options of the form {@code --name value} or {@code --name=value}, each with a default; unknown names are refused. */
final class CommandLine {

  private final Map<String, String> values;

  private CommandLine(Map<String, String> values) {
    this.values = values;
  }

  static CommandLine parse(String[] args, Map<String, String> defaults) {
    Map<String, String> values = new LinkedHashMap<>(defaults);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'; options are " + optionNames(defaults));
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (!defaults.containsKey(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "; options are " + optionNames(defaults));
      }
      if (equals >= 0) {
        values.put(name, arg.substring(equals + 1));
      } else if (i + 1 < args.length) {
        values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
    }
    return new CommandLine(values);
  }

  String text(String name) {
    return values.get(name);
  }

  int port(String name) {
    int port = Integer.parseInt(values.get(name));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--" + name + " must be a port number, not " + port);
    }
    return port;
  }

  int positive(String name) {
    int value = Integer.parseInt(values.get(name));
    if (value <= 0) {
      throw new IllegalArgumentException("--" + name + " must be positive, not " + value);
    }
    return value;
  }

  Path path(String name) {
    return Path.of(values.get(name)).toAbsolutePath().normalize();
  }

  private static String optionNames(Map<String, String> defaults) {
    return String.join(", ", defaults.keySet().stream().map(name -> "--" + name).toList());
  }
}
