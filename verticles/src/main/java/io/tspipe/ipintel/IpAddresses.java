package io.tspipe.ipintel;

/**
 * IPv4 and IPv6 addresses as 128-bit values, parsed from text without DNS and without {@link java.net.InetAddress}.
 * An IPv4 address is held as its IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), as ClickHouse's {@code IPv6} type
 * holds it, so one ordering covers both families.
 *
 * <p>Accepted text: dotted IPv4 (four decimal parts 0 to 255, no leading zeros), and IPv6 in every RFC 4291 form
 * (full, {@code ::}-compressed, with a trailing dotted IPv4), hexadecimal in either case, without a zone id.
 */
public final class IpAddresses {

  /** The high 64 bits of an IPv4-mapped address. */
  private static final long MAPPED_HIGH = 0L;
  /** The low 64 bits of an IPv4-mapped address, before the IPv4 address itself. */
  private static final long MAPPED_LOW = 0xffff_0000_0000L;

  /** One address, 128 bits as two unsigned halves; IPv4 as IPv4-mapped. */
  public record Ip(long high, long low) implements Comparable<Ip> {

    public static Ip ofIpv4(long ipv4) {
      return new Ip(MAPPED_HIGH, MAPPED_LOW | (ipv4 & 0xffff_ffffL));
    }

    public boolean isIpv4() {
      return high == MAPPED_HIGH && (low >>> 32) == 0xffffL;
    }

    /** The IPv4 address as an unsigned 32-bit number; meaningful only when {@link #isIpv4()}. */
    public long ipv4() {
      return low & 0xffff_ffffL;
    }

    /** The 16 bytes of the address, network order (as RowBinary writes ClickHouse's {@code IPv6}). */
    public byte[] bytes() {
      byte[] bytes = new byte[16];
      for (int i = 0; i < 8; i++) {
        bytes[i] = (byte) (high >>> (56 - 8 * i));
        bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
      }
      return bytes;
    }

    @Override
    public int compareTo(Ip other) {
      int byHigh = Long.compareUnsigned(high, other.high);
      return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    /** Dotted for IPv4, else the RFC 5952 canonical form. */
    @Override
    public String toString() {
      return format(this);
    }
  }

  /**
   * A network in CIDR notation: {@code length} leading bits of {@code network}, its host bits zero. For IPv4,
   * {@code length} counts IPv4 bits (0 to 32).
   */
  public record Cidr(Ip network, int length, boolean ipv4) {

    public Ip first() {
      return network;
    }

    /** The last address of the network, inclusive. */
    public Ip last() {
      int hostBits = ipv4 ? 32 - length : 128 - length;
      return new Ip(network.high | hostMask(hostBits, true), network.low | hostMask(hostBits, false));
    }

    public boolean contains(Ip address) {
      return address.compareTo(first()) >= 0 && address.compareTo(last()) <= 0;
    }

    /** Canonical text: {@code 203.0.113.0/24}, {@code 2001:db8:1::/48}. */
    @Override
    public String toString() {
      return format(network) + "/" + length;
    }
  }

  private IpAddresses() {
  }

  /** The address {@code text} holds, or {@code null} when it is not an IPv4 or IPv6 address. */
  public static Ip parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    long ipv4 = parseIpv4(text, 0, text.length());
    return ipv4 < 0 ? null : Ip.ofIpv4(ipv4);
  }

  /**
   * The network an address is pivoted on: its /24 for IPv4 ({@code 203.0.113.0/24}), its /48 for IPv6
   * ({@code 2001:db8:1::/48}); an IPv4-mapped IPv6 address counts as IPv4. Empty when {@code text} is not an address.
   */
  public static String prefix(String text) {
    Ip address = parse(text);
    return address == null ? "" : prefix(address);
  }

  public static String prefix(Ip address) {
    return pivotNetwork(address).toString();
  }

  /** The /24 (IPv4) or /48 (IPv6) network holding {@code address}. */
  public static Cidr pivotNetwork(Ip address) {
    if (address.isIpv4()) {
      return new Cidr(Ip.ofIpv4(address.ipv4() & 0xffff_ff00L), 24, true);
    }
    return new Cidr(new Ip(address.high & 0xffff_ffff_ffff_0000L, 0L), 48, false);
  }

  /**
   * The network {@code text} names in CIDR notation ({@code address/length}, length 0 to 32 for IPv4, 0 to 128 for
   * IPv6), or {@code null} when it is not one or has host bits set.
   */
  public static Cidr parseCidr(String text) {
    if (text == null) {
      return null;
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.length() - slash > 4) {
      return null;
    }
    Ip network = parse(text.substring(0, slash));
    int length = 0;
    for (int i = slash + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9' || (i == slash + 1 && c == '0' && text.length() > slash + 2)) {
        return null;
      }
      length = length * 10 + (c - '0');
    }
    if (network == null) {
      return null;
    }
    boolean ipv4 = network.isIpv4() && text.indexOf(':') < 0;
    if (length > (ipv4 ? 32 : 128)) {
      return null;
    }
    int hostBits = ipv4 ? 32 - length : 128 - length;
    if ((network.high & hostMask(hostBits, true)) != 0 || (network.low & hostMask(hostBits, false)) != 0) {
      return null;
    }
    return new Cidr(network, length, ipv4);
  }

  /**
   * Whether {@code address} is public unicast: for IPv4 not in 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
   * 192.0.0/24, 192.0.2/24, 192.88.99/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24 or 224/3; for IPv6 in
   * 2000::/3 but not 2001:db8::/32 (documentation).
   */
  public static boolean isPublic(Ip address) {
    if (!address.isIpv4()) {
      return (address.high >>> 61) == 1 && (address.high >>> 32) != 0x2001_0db8L;
    }
    long v4 = address.ipv4();
    long a = v4 >>> 24;
    long b = (v4 >>> 16) & 0xff;
    long c = (v4 >>> 8) & 0xff;
    return !(a == 0 || a == 10 || a == 127 || a >= 224
      || (a == 100 && b >= 64 && b < 128) || (a == 169 && b == 254) || (a == 172 && b >= 16 && b < 32)
      || (a == 192 && b == 168) || (a == 192 && b == 0 && (c == 0 || c == 2)) || (a == 192 && b == 88 && c == 99)
      || (a == 198 && (b == 18 || b == 19)) || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113));
  }

  /** Dotted text for an IPv4(-mapped) address, else the RFC 5952 canonical IPv6 text. */
  public static String format(Ip address) {
    if (address.isIpv4()) {
      long v4 = address.ipv4();
      return (v4 >>> 24) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) (address.high >>> (48 - 16 * i)) & 0xffff;
      groups[4 + i] = (int) (address.low >>> (48 - 16 * i)) & 0xffff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  /** Mask of the {@code hostBits} lowest bits of a 128-bit value, its high or its low half. */
  private static long hostMask(int hostBits, boolean highHalf) {
    if (highHalf) {
      return hostBits <= 64 ? 0L : (hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1);
    }
    return hostBits >= 64 ? -1L : (1L << hostBits) - 1;
  }

  /** The IPv4 address in {@code text[from, to)} as an unsigned number, or -1. */
  private static long parseIpv4(String text, int from, int to) {
    long value = 0;
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int part = 0;
      while (i < to && i - start < 4) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        part = part * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || part > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return -1;
      }
      value = (value << 8) | part;
      parts++;
      if (parts == 4) {
        return i == to ? value : -1;
      }
      if (i >= to || text.charAt(i) != '.') {
        return -1;
      }
      i++;
    }
  }

  private static Ip parseIpv6(String text) {
    int length = text.length();
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = 0;
    if (text.startsWith("::")) {
      gap = 0;
      i = 2;
      if (length == 2) {
        return new Ip(0L, 0L);
      }
    } else if (text.charAt(0) == ':') {
      return null;
    }
    while (i < length) {
      if (count == 8) {
        return null;
      }
      int start = i;
      int group = 0;
      while (i < length && i - start < 5) {
        int digit = Character.digit(text.charAt(i), 16);
        if (digit < 0 || text.charAt(i) > 'f') {
          break;
        }
        group = (group << 4) | digit;
        i++;
      }
      if (i < length && text.charAt(i) == '.') {
        if (count > 6) {
          return null;
        }
        long ipv4 = parseIpv4(text, start, length);
        if (ipv4 < 0) {
          return null;
        }
        groups[count++] = (int) (ipv4 >>> 16);
        groups[count++] = (int) (ipv4 & 0xffff);
        i = length;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4) {
        return null;
      }
      groups[count++] = group;
      if (i == length) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < length && text.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
      } else if (i == length) {
        return null;
      }
    }
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    if (gap >= 0) {
      int tail = count - gap;
      System.arraycopy(groups, gap, groups, 8 - tail, tail);
      java.util.Arrays.fill(groups, gap, 8 - tail, 0);
    }
    long high = 0;
    long low = 0;
    for (int g = 0; g < 4; g++) {
      high = (high << 16) | groups[g];
      low = (low << 16) | groups[4 + g];
    }
    return new Ip(high, low);
  }
}
