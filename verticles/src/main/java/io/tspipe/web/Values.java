package io.tspipe.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks of the values investigators look things up by. They decide what reaches a query at all, so they are strict:
 * an IP is a literal address (never a host name, so nothing is ever resolved), a user id is a canonical UUID, an
 * email has the shape the event schema requires.
 */
public final class Values {

  private static final Pattern UUID = Pattern.compile(
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern IPV4 = Pattern.compile(
    "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]{2,45}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  public static final int EMAIL_MAX_LENGTH = 320;

  private Values() {
  }

  /** An ISO-8601 instant with an offset, like {@code 2026-11-24T10:00:00Z} or {@code …T11:00:00+01:00}. */
  public static Instant instant(String field, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      throw new BadRequest(field, "'" + shorten(value) + "' is not an ISO-8601 instant with an offset, like "
        + Instant.EPOCH);
    }
  }

  /** An integer query parameter from {@code min} to {@code max}; {@code fallback} when absent. */
  public static int integer(String field, String value, int fallback, int min, int max) {
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new BadRequest(field, "expected an integer from " + min + " to " + max + ", got '" + shorten(value) + "'");
  }

  /** Refuses a query parameter an endpoint does not take, naming it, rather than ignoring it. */
  public static void onlyKnown(MultiMap parameters, Collection<String> known) {
    for (String name : parameters.names()) {
      if (!known.contains(name)) {
        throw new BadRequest(name, "unknown query parameter" + (known.isEmpty() ? "; this endpoint takes none"
          : "; known: " + String.join(", ", known.stream().sorted().toList())));
      }
    }
  }

  /** A UUID in canonical form, lower-cased. */
  public static String uuid(String field, String value) {
    if (value == null || !UUID.matcher(value).matches()) {
      throw new BadRequest(field, "'" + shorten(value) + "' is not a UUID (8-4-4-4-12 hex digits)");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** An IPv4 address in dotted-quad form, or an IPv6 address in any of its textual forms. */
  public static String ip(String field, String value) {
    if (value != null && (IPV4.matcher(value).matches() || isIpv6(value))) {
      return value;
    }
    throw new BadRequest(field, "'" + shorten(value) + "' is not an IPv4 or IPv6 address");
  }

  public static String email(String field, String value) {
    if (value == null || value.length() > EMAIL_MAX_LENGTH || !EMAIL.matcher(value).matches()) {
      throw new BadRequest(field, "'" + shorten(value) + "' is not an email address (name@domain.tld, at most "
        + EMAIL_MAX_LENGTH + " characters)");
    }
    return value;
  }

  /**
   * Only hex digits, colons and dots reach the parser, in brackets: the JDK then reads an IPv6 literal or fails, and
   * never looks a name up.
   */
  private static boolean isIpv6(String value) {
    if (!value.contains(":") || !IPV6_CHARACTERS.matcher(value).matches()) {
      return false;
    }
    try {
      InetAddress.getByName("[" + value + "]");
      return true;
    } catch (UnknownHostException invalid) {
      return false;
    }
  }

  /** A value quoted back in an error message, cut so an error never echoes a whole oversized input. */
  public static String shorten(String value) {
    if (value == null) {
      return "null";
    }
    return value.length() <= 64 ? value : value.substring(0, 64) + "…";
  }

  /** How a refusal names a value it got: {@code nothing}, {@code the string '…'}, {@code a list}, {@code 42}. */
  public static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String text) {
      return "the string '" + shorten(text) + "'";
    }
    if (value instanceof JsonArray) {
      return "a list";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    return value instanceof Number || value instanceof Boolean ? String.valueOf(value) : "a " + value.getClass().getSimpleName();
  }
}
