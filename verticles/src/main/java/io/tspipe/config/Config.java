package io.tspipe.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The whole configuration, loaded once by {@code Main}: the defaults file {@code tspipe-defaults.json}
 * on the classpath, then environment variables, then system properties, the later winning.
 *
 * <p>Every leaf of the defaults file is a key. A key {@code worker.batchMaxRows} is overridden by the
 * environment variable {@code TSPIPE_WORKER_BATCH_MAX_ROWS} or the system property
 * {@code tspipe.worker.batchMaxRows}. Overrides keep the default's type (an array is given as JSON text, e.g.
 * {@code TSPIPE_GENERATOR_SCENARIOS='[{"scenario":"spam_wave"}]'}); a value that does not parse
 * as that type fails start-up with a message naming the key. Keys absent from the defaults file
 * cannot be set: a typo is never silently ignored into a default.
 */
public final class Config {

  public static final String DEFAULTS_RESOURCE = "tspipe-defaults.json";
  private static final String ENV_PREFIX = "TSPIPE_";
  private static final String PROPERTY_PREFIX = "tspipe.";

  private Config() {
  }

  /** Loads defaults, environment and system properties, in that order. */
  public static JsonObject load() {
    return load(System.getenv(), System.getProperties());
  }

  public static JsonObject load(Map<String, String> env, Properties properties) {
    JsonObject config = defaults();
    applyOverrides(config, "", key -> env.get(envName(key)));
    applyOverrides(config, "", key -> properties.getProperty(PROPERTY_PREFIX + key));
    rejectUnknownProperties(config, properties);
    return config;
  }

  public static JsonObject defaults() {
    try (InputStream in = Config.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code worker.batchMaxRows} → {@code TSPIPE_WORKER_BATCH_MAX_ROWS}. */
  public static String envName(String key) {
    String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_');
    return ENV_PREFIX + snake.toUpperCase(Locale.ROOT);
  }

  private static void applyOverrides(JsonObject node, String prefix, Function<String, String> lookup) {
    for (String field : node.fieldNames()) {
      String key = prefix + field;
      Object current = node.getValue(field);
      if (current instanceof JsonObject child) {
        applyOverrides(child, key + ".", lookup);
        continue;
      }
      String override = lookup.apply(key);
      if (override != null) {
        node.put(field, parseAs(key, current, override.trim()));
      }
    }
  }

  private static Object parseAs(String key, Object current, String text) {
    try {
      if (current instanceof Boolean) {
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(text);
      }
      if (current instanceof Integer) {
        return Integer.parseInt(text);
      }
      if (current instanceof Long) {
        return Long.parseLong(text);
      }
      if (current instanceof Number) {
        return Double.parseDouble(text);
      }
      if (current instanceof JsonArray) {
        try {
          return new JsonArray(text);
        } catch (DecodeException notJson) {
          throw new IllegalArgumentException("expected a JSON array");
        }
      }
      return text;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config key " + key + ": cannot use '" + text + "' ("
        + e.getMessage() + "); the default is " + current, e);
    }
  }

  private static void rejectUnknownProperties(JsonObject config, Properties properties) {
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(PROPERTY_PREFIX) && !hasKey(config, name.substring(PROPERTY_PREFIX.length()))) {
        throw new IllegalArgumentException("unknown config key " + name + " (see " + DEFAULTS_RESOURCE + ")");
      }
    }
  }

  private static boolean hasKey(JsonObject config, String key) {
    Object node = config;
    for (String part : key.split("\\.")) {
      if (!(node instanceof JsonObject object) || !object.containsKey(part)) {
        return false;
      }
      node = object.getValue(part);
    }
    return !(node instanceof JsonObject);
  }
}
