package io.tspipe.store;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the values of stored rows read back, whatever the table: times in the events' ISO-8601 form, and numbers as
 * JSONEachRow sends them. What a row of {@code events} holds is {@link EventsTable}'s.
 */
public final class StoredValues {

  /** ISO-8601 with exactly three fraction digits, as the schemas require. */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
    .withZone(ZoneOffset.UTC);

  private StoredValues() {
  }

  public static String formatMillis(long epochMillis) {
    return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A number from JSONEachRow, where 64-bit integers arrive as quoted strings. */
  public static long longOf(JsonObject row, String column) {
    Object value = row.getValue(column);
    if (value instanceof Number number) {
      return number.longValue();
    }
    if (value == null) {
      throw new IllegalArgumentException("column " + column + " is missing from the row");
    }
    return Long.parseLong(value.toString());
  }
}
