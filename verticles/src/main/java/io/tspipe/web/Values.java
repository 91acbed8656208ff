package io.tspipe.web;

import io.tspipe.ipintel.IpAddresses;
import io.tspipe.event.WellFormedText;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks of the values investigators look things up by. They decide what reaches a query at all, so they are strict:
 * an IP is a literal address (never a host name, so nothing is ever resolved), a user id is a canonical UUID, an
 * email has the shape the event schema requires, an instant lies in the years every store behind the API can hold,
 * and every text is well-formed Unicode.
 */
public final class Values {

  private static final Pattern UUID = Pattern.compile(
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern IPV4 = Pattern.compile(
    "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]{2,45}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  public static final int EMAIL_MAX_LENGTH = 320;
  /**
   * The first year of the instants the API takes. Instants reach ClickHouse as {@code DateTime} (the rollups' minutes
   * and the windows read from them), which holds 1970-01-01 to 2106-02-07, and as {@code DateTime64(3)} (events),
   * which holds 1900 to 2299; the API takes whole years inside both, so a window widened to whole minutes still fits.
   */
  public static final int FIRST_YEAR = 1970;
  /** The last year of the instants the API takes (see {@link #FIRST_YEAR}). */
  public static final int LAST_YEAR = 2099;
  /** The first instant the API takes: the start of {@link #FIRST_YEAR} in UTC. */
  public static final Instant FIRST_INSTANT = Instant.parse(FIRST_YEAR + "-01-01T00:00:00Z");
  /** The first instant past the ones the API takes: the end of {@link #LAST_YEAR} in UTC. */
  public static final Instant END_OF_INSTANTS = Instant.parse((LAST_YEAR + 1) + "-01-01T00:00:00Z");

  private Values() {
  }

  /**
   * An ISO-8601 instant with an offset, like {@code 2026-11-24T10:00:00Z} or {@code …T11:00:00+01:00}, read strictly
   * ({@code OffsetDateTime.parse}: a real calendar date, a four-digit year unless signed) and lying in the years
   * {@value #FIRST_YEAR} to {@value #LAST_YEAR} in UTC.
   */
  public static Instant instant(String field, String value) {
    Instant instant;
    try {
      instant = OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      throw new BadRequest(field, "'" + shorten(value) + "' is not an ISO-8601 instant with an offset, like "
        + Instant.EPOCH);
    }
    if (instant.isBefore(FIRST_INSTANT) || !instant.isBefore(END_OF_INSTANTS)) {
      throw new BadRequest(field, "'" + shorten(value) + "' is " + (instant.isBefore(FIRST_INSTANT)
        ? "before " + FIRST_YEAR : "after " + LAST_YEAR) + " in UTC; the API takes instants in the years " + FIRST_YEAR
        + " to " + LAST_YEAR);
    }
    return instant;
  }

  /**
   * {@code text}, once it is well-formed Unicode: no UTF-16 surrogate (U+D800 to U+DFFF) without its pair, as a JSON
   * escape or the bytes of one can carry, and which no engine behind the API takes. The refusal says where, never
   * echoing the text.
   */
  public static String wellFormed(String field, String text) {
    int at = WellFormedText.firstLoneSurrogate(text);
    if (at >= 0) {
      throw new BadRequest(field, "not well-formed Unicode: an unpaired surrogate "
        + String.format(Locale.ROOT, "U+%04X", (int) text.charAt(at)) + " at character " + (text.codePointCount(0, at) + 1));
    }
    return text;
  }

  /**
   * Checks every string and every field name of a JSON value as {@link #wellFormed(String, String)} does, naming a
   * field by its path from {@code field}: {@code filters.type[1]}, or {@code q} when {@code field} is empty.
   */
  public static void wellFormedJson(String field, Object value) {
    WellFormedText.IllFormed found = WellFormedText.firstIllFormed(value);
    if (found == null) {
      return;
    }
    String name = field;
    for (Object segment : found.path()) {
      if (segment instanceof String member) {
        name = name.isEmpty() ? printable(member) : name + "." + printable(member);
      } else {
        name = (name.isEmpty() ? "body" : name) + "[" + segment + "]";
      }
    }
    if (found.inName()) {
      throw new BadRequest(name, "the field's name is not well-formed Unicode (an unpaired surrogate)");
    }
    wellFormed(name.isEmpty() ? "body" : name, found.text());
  }

  /**
   * A percent-encoded part of a URL (a path segment, or a query parameter's name or value, where {@code +} is a
   * space) as the text it stands for, read strictly: its escapes must spell well-formed UTF-8, and nothing outside
   * ASCII may appear unescaped. Vert.x reads such parts leniently (a lone surrogate's bytes {@code %ED%A0%80} or a
   * stray {@code %FF} become U+FFFD, unescaped bytes are taken as Latin-1); the API refuses them instead, naming
   * {@code field}.
   */
  public static String urlText(String field, String raw, boolean plusIsSpace) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(urlBytes(field, raw, plusIsSpace)))
        .toString();
    } catch (CharacterCodingException notUtf8) {
      throw new BadRequest(field, "its percent-escapes are not well-formed UTF-8 (a lone surrogate or a stray byte)");
    }
  }

  /** As {@link #urlText}, but lenient as Vert.x is: what a refusal calls a part whose own text is at fault. */
  public static String urlTextLenient(String raw, boolean plusIsSpace) {
    try {
      return new String(urlBytes("", raw, plusIsSpace), StandardCharsets.UTF_8);
    } catch (BadRequest undecodable) {
      return shorten(raw);
    }
  }

  private static byte[] urlBytes(String field, String raw, boolean plusIsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (low < 0) {
          throw new BadRequest(field, "a stray % or a bad escape (% must be followed by two hex digits)");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c > 0x7F) {
        throw new BadRequest(field, "a character outside ASCII that is not percent-encoded");
      } else {
        bytes.write(plusIsSpace && c == '+' ? ' ' : c);
      }
    }
    return bytes.toByteArray();
  }

  /** {@code text} with every unpaired surrogate replaced by U+FFFD, so it can be named in an answer. */
  private static String printable(String text) {
    if (WellFormedText.firstLoneSurrogate(text) == WellFormedText.WELL_FORMED) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /** An integer query parameter the API contract bounded, as {@link Long#parseLong} reads it; {@code fallback} when absent. */
  public static int integer(String value, int fallback) {
    return value == null ? fallback : Math.toIntExact(Long.parseLong(value));
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

  /** The largest AS number (32 bits). */
  public static final long MAX_ASN = 4_294_967_295L;

  /** An autonomous system number, 1 to {@value #MAX_ASN}, in decimal without a sign or leading zeros. */
  public static String asn(String field, String value) {
    if (value != null && value.length() <= 10 && value.matches("[1-9][0-9]*") && Long.parseLong(value) <= MAX_ASN) {
      return value;
    }
    throw new BadRequest(field, "'" + shorten(value) + "' is not an AS number (an integer from 1 to " + MAX_ASN + ")");
  }

  /**
   * A network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8:1::/48}), host bits zero, IPv4 lengths 8 to
   * 32 and IPv6 lengths 16 to 128 (a wider network is not an investigation); answered in canonical form.
   */
  public static String cidr(String field, String value) {
    IpAddresses.Cidr cidr = IpAddresses.parseCidr(value);
    if (cidr != null && cidr.length() >= (cidr.ipv4() ? 8 : 16)) {
      return cidr.toString();
    }
    throw new BadRequest(field, "'" + shorten(value) + "' is not a network in CIDR notation (address/length with the "
      + "host bits zero, like 203.0.113.0/24 or 2001:db8:1::/48; at least /8 for IPv4 and /16 for IPv6)");
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

  /**
   * A value quoted back in an error message, cut (between characters, never inside a surrogate pair) so an error
   * never echoes a whole oversized input, and with any unpaired surrogate shown as U+FFFD, so every answer is
   * well-formed.
   */
  public static String shorten(String value) {
    if (value == null) {
      return "null";
    }
    if (value.codePointCount(0, value.length()) <= 64) {
      return printable(value);
    }
    return printable(value.substring(0, value.offsetByCodePoints(0, 64))) + "…";
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
