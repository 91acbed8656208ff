package io.tspipe.generator;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Who decides whether the generator attacks: forced {@link #ON}, forced {@link #OFF}, or the dice ({@link #AUTO}). */
public enum AttackMode {
  ON, OFF, AUTO;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AttackMode> parse(String text) {
    return Arrays.stream(values()).filter(mode -> mode.wireName().equals(text)).findFirst();
  }

  /** The mode asked for in a request body {@code {"mode": "on"|"off"|"auto"}}; empty for any other body. */
  public static Optional<AttackMode> fromRequest(Object body) {
    return body instanceof JsonObject json && json.getValue("mode") instanceof String text
      ? parse(text)
      : Optional.empty();
  }

  /** {@code "on, off, auto"}, for error messages. */
  public static String allowedValues() {
    return Arrays.stream(values()).map(AttackMode::wireName).collect(Collectors.joining(", "));
  }
}
