package io.tspipe.generator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The wire format of every timestamp: ISO-8601, UTC, exactly three millisecond digits, {@code Z}. */
final class Timestamps {

  private static final DateTimeFormatter FORMAT =
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {
  }

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
