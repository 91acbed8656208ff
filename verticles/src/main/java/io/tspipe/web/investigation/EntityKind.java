package io.tspipe.web.investigation;

import io.tspipe.ipintel.IpAddresses;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;

/**
 * What an investigator pivots on: the column that holds it, its ClickHouse parameter type, how its value is checked,
 * and which other kinds of entity are listed as related (a user's IPs and emails, an IP's users, an email's users, an
 * AS's and a network's IPs, users and networks or ASes).
 *
 * <p>A {@code prefix} is any CIDR network (IPv4 /8 to /32, IPv6 /16 to /128), read as the range of {@code source_addr}
 * it spans; the /24 (IPv4) or /48 (IPv6) of each address, {@code ip_prefix}, is what related lists name.
 */
public enum EntityKind {
  USER("user", "user_id", "UUID", Values::uuid),
  IP("ip", "source_ip", "String", Values::ip),
  EMAIL("email", "recipient_email", "String", Values::email),
  ASN("asn", "asn", "UInt32", Values::asn),
  PREFIX("prefix", "ip_prefix", "String", Values::cidr);

  private final String pathName;
  private final String column;
  private final String parameterType;
  private final BinaryOperator<String> check;

  EntityKind(String pathName, String column, String parameterType, BinaryOperator<String> check) {
    this.pathName = pathName;
    this.column = column;
    this.parameterType = parameterType;
    this.check = check;
  }

  public String pathName() {
    return pathName;
  }

  /** The column holding this kind of value, a trusted identifier. */
  public String column() {
    return column;
  }

  public String parameterType() {
    return parameterType;
  }

  /** The value, checked and in canonical form; a {@link BadRequest} naming {@code field} otherwise. */
  public String checked(String field, String value) {
    return check.apply(field, value);
  }

  /**
   * The condition on {@code events} that selects this entity's rows, over the typed parameters
   * {@link #parameters(String)} gives for a checked value.
   */
  public String condition() {
    if (this == PREFIX) {
      return "source_addr BETWEEN {first:IPv6} AND {last:IPv6}"
        + " AND ({pivot:String} = '' OR ip_prefix IN ({pivot:String}, ''))";
    }
    return column + " = {value:" + parameterType + "}";
  }

  /**
   * The query parameters of {@link #condition()} for a checked value: {@code value}; for a prefix also its first and
   * last address and, when it lies inside one /24 or /48, that network (so the {@code ip_prefix} index prunes).
   */
  public Map<String, String> parameters(String value) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("value", value);
    if (this == PREFIX) {
      IpAddresses.Cidr cidr = IpAddresses.parseCidr(value);
      parameters.put("first", ipv6Text(cidr.first()));
      parameters.put("last", ipv6Text(cidr.last()));
      boolean insidePivot = cidr.length() >= (cidr.ipv4() ? 24 : 48);
      parameters.put("pivot", insidePivot ? IpAddresses.prefix(cidr.first()) : "");
    }
    return parameters;
  }

  /** As ClickHouse's {@code IPv6} reads it: an IPv4 address IPv4-mapped. */
  private static String ipv6Text(IpAddresses.Ip address) {
    return address.isIpv4() ? "::ffff:" + IpAddresses.format(address) : IpAddresses.format(address);
  }

  /** A related row names this kind only when this holds: an unknown AS (0) or prefix ('') is no entity. */
  public String present() {
    return this == ASN ? "asn != 0" : "toString(" + column + ") != ''";
  }

  public List<EntityKind> related() {
    return switch (this) {
      case USER -> List.of(IP, EMAIL);
      case IP, EMAIL -> List.of(USER);
      case ASN -> List.of(PREFIX, IP, USER);
      case PREFIX -> List.of(ASN, IP, USER);
    };
  }

  /** The plural used as a key in answers: {@code users}, {@code ips}, {@code emails}, {@code asns}, {@code prefixes}. */
  public String plural() {
    return this == PREFIX ? "prefixes" : pathName + "s";
  }

  public static EntityKind parse(String field, String name) {
    return Arrays.stream(values()).filter(kind -> kind.pathName.equals(name == null ? "" : name.toLowerCase(Locale.ROOT)))
      .findFirst()
      .orElseThrow(() -> new BadRequest(field, "'" + Values.shorten(name) + "' is not one of "
        + Arrays.stream(values()).map(EntityKind::pathName).collect(Collectors.joining(", "))));
  }
}
