package io.tspipe.reindex;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The events a reindex rebuilds: those stamped {@code from <= timestamp < to}. Events are stamped to the millisecond,
 * so both ends are kept to the millisecond, rounded up: the same events fall inside.
 */
public record ReindexRange(Instant from, Instant to) {

  /** How a {@code DateTime64(3, 'UTC')} query parameter is written. */
  static final DateTimeFormatter PARAMETER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
    .withZone(ZoneOffset.UTC);

  public ReindexRange {
    from = ceilToMillis(from);
    to = ceilToMillis(to);
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("--from (" + from + ") is after --to (" + to + ")");
    }
  }

  String fromParameter() {
    return PARAMETER.format(from);
  }

  String toParameter() {
    return PARAMETER.format(to);
  }

  private static Instant ceilToMillis(Instant instant) {
    Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
    return millis.equals(instant) ? millis : millis.plusMillis(1);
  }
}
