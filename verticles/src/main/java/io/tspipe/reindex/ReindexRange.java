package io.tspipe.reindex;

import io.tspipe.sink.clickhouse.ClickHouseClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The events a reindex rebuilds: those stamped {@code from <= timestamp < to}. Events are stamped to the millisecond,
 * so both ends are kept to the millisecond, rounded up: the same events fall inside.
 */
public record ReindexRange(Instant from, Instant to) {

  public ReindexRange {
    from = ceilToMillis(from);
    to = ceilToMillis(to);
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("--from (" + from + ") is after --to (" + to + ")");
    }
  }

  String fromParameter() {
    return ClickHouseClient.dateTime64(from);
  }

  String toParameter() {
    return ClickHouseClient.dateTime64(to);
  }

  private static Instant ceilToMillis(Instant instant) {
    Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
    return millis.equals(instant) ? millis : millis.plusMillis(1);
  }
}
