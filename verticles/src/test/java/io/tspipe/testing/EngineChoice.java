package io.tspipe.testing;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Which engines a test JVM runs on, and why: a pure function of the value of {@value Engines#PROPERTY} and of
 * whether a Docker engine answers, which is asked only when the value leaves it open.
 */
record EngineChoice(Kind kind, String reason) {

  /** The two implementations of {@link Engines}. */
  enum Kind { LOCAL, CONTAINERS }

  static final String LOCAL = "local";
  static final String CONTAINERS = "containers";
  static final String AUTO = "auto";

  /**
   * {@code local} and {@code containers} force their engines; {@code auto}, blank or unset picks containers when
   * {@code dockerAvailable} says so, local engines otherwise. Refuses {@code containers} without a Docker engine, and
   * any other value, each with a message naming the property.
   */
  static EngineChoice of(String value, BooleanSupplier dockerAvailable) {
    String mode = value == null || value.isBlank() ? AUTO : value.strip().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case LOCAL -> new EngineChoice(Kind.LOCAL, Engines.PROPERTY + "=" + LOCAL);
      case CONTAINERS -> containers(dockerAvailable);
      case AUTO -> dockerAvailable.getAsBoolean()
        ? new EngineChoice(Kind.CONTAINERS, Engines.PROPERTY + "=" + AUTO + " and a Docker engine is available")
        : new EngineChoice(Kind.LOCAL, Engines.PROPERTY + "=" + AUTO + " and no Docker engine is available");
      default -> throw new IllegalArgumentException("system property " + Engines.PROPERTY + ": '" + value
        + "' is not one of " + LOCAL + ", " + CONTAINERS + ", " + AUTO + " (the default)");
    };
  }

  private static EngineChoice containers(BooleanSupplier dockerAvailable) {
    if (!dockerAvailable.getAsBoolean()) {
      throw new IllegalStateException("system property " + Engines.PROPERTY + "=" + CONTAINERS
        + " asks for the engines in containers, but Testcontainers found no Docker engine; start one, or run with -D"
        + Engines.PROPERTY + "=" + LOCAL + " (or " + AUTO + ") for the local engines");
    }
    return new EngineChoice(Kind.CONTAINERS, Engines.PROPERTY + "=" + CONTAINERS);
  }
}
