package io.tspipe.event;

import java.time.LocalDate;
import java.time.Year;

/**
 * The events' timestamp in the one shape the schemas allow, {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC, milliseconds),
 * read by hand: the worker reads one per event, and a {@code DateTimeFormatter} costs more than the rest of the check.
 * Anything else, a valid instant in another shape included, is left to the caller's general path.
 */
final class CanonicalTimestamp {

  /** What {@link #epochMillis} answers for text that is not a canonical timestamp. */
  static final long NOT_CANONICAL = Long.MIN_VALUE;

  private static final int LENGTH = 24;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private CanonicalTimestamp() {
  }

  /** Whether {@code text} has the canonical shape, digits and separators in place; the values are not checked. */
  static boolean hasShape(String text) {
    if (text.length() != LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
      || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.' || text.charAt(23) != 'Z') {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if ((i == 4 || i == 7 || i == 10 || i == 13 || i == 16 || i == 19 || i == 23)) {
        continue;
      }
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Milliseconds since the epoch of a canonical timestamp that names a real instant (month 1–12, a day the month has,
   * hour 0–23, minute and second 0–59), or {@link #NOT_CANONICAL}. A leap second ({@code :60}) is not canonical here.
   */
  static long epochMillis(String text) {
    if (!hasShape(text)) {
      return NOT_CANONICAL;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int millis = digits(text, 20, 23);
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
      return NOT_CANONICAL;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return days * MILLIS_PER_DAY + ((hour * 60L + minute) * 60L + second) * 1000L + millis;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> Year.isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }
}
