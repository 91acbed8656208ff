package io.tspipe.ipintel;

import io.tspipe.ipintel.IpAddresses.Ip;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One real network of {@link AddressSpace}: an autonomous system's address ranges that lie in one country.
 *
 * @param asn     the AS number
 * @param org     a name for it
 * @param country ISO 3166-1 alpha-2; the IP intelligence database places every range here in it
 * @param kind    what its addresses serve
 * @param ipv4    its IPv4 ranges, inclusive, each holding at least one address not ending in .0 or .255
 * @param ipv6    its IPv6 ranges, inclusive; may be empty
 */
public record Network(long asn, String org, String country, NetworkKind kind, List<Range> ipv4, List<Range> ipv6) {

  /** An inclusive range of addresses. */
  public record Range(Ip first, Ip last) {
  }

  public Network {
    ipv4 = List.copyOf(ipv4);
    ipv6 = List.copyOf(ipv6);
    if (ipv4.isEmpty() && ipv6.isEmpty()) {
      throw new IllegalArgumentException("network AS" + asn + " in " + country + " has no ranges");
    }
  }

  /**
   * A public address of this network, drawn uniformly from its IPv4 space, or with probability {@code ipv6Share}
   * (when it has IPv6 ranges) from one of its IPv6 ranges. An IPv4 address never ends in .0 or .255.
   */
  public String randomAddress(RandomGenerator random, double ipv6Share) {
    boolean six = !ipv6.isEmpty() && (ipv4.isEmpty() || random.nextDouble() < ipv6Share);
    return six ? randomIpv6(random) : randomIpv4(random);
  }

  private String randomIpv4(RandomGenerator random) {
    long total = 0;
    for (Range range : ipv4) {
      total += range.last().ipv4() - range.first().ipv4() + 1;
    }
    for (int attempt = 0; ; attempt++) {
      long offset = random.nextLong(total);
      for (Range range : ipv4) {
        long size = range.last().ipv4() - range.first().ipv4() + 1;
        if (offset < size) {
          long address = range.first().ipv4() + offset;
          long last = address & 0xff;
          if (last != 0 && last != 255) {
            return IpAddresses.format(Ip.ofIpv4(address));
          }
          if (attempt > 64) {
            return IpAddresses.format(Ip.ofIpv4(last == 0 ? address + 1 : address - 1));
          }
          break;
        }
        offset -= size;
      }
    }
  }

  private String randomIpv6(RandomGenerator random) {
    Range range = ipv6.get(random.nextInt(ipv6.size()));
    long high = range.first().high();
    long low;
    if (high == range.last().high()) {
      long span = range.last().low() - range.first().low();
      low = range.first().low() + (span == -1 ? random.nextLong() : Long.remainderUnsigned(random.nextLong(), span + 1));
    } else {
      long span = range.last().high() - high;
      high += span == -1 ? random.nextLong() : Long.remainderUnsigned(random.nextLong(), span + 1);
      low = random.nextLong();
      if (RangeTable.compare(high, low, range.first().high(), range.first().low()) < 0
        || RangeTable.compare(high, low, range.last().high(), range.last().low()) > 0) {
        high = range.first().high();
        low = range.first().low() | 1;
      }
    }
    if (low == 0) {
      low = 1;
    }
    Ip address = new Ip(high, low);
    if (RangeTable.compare(high, low, range.last().high(), range.last().low()) > 0) {
      address = range.last();
    }
    return IpAddresses.format(address);
  }
}
