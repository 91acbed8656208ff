package io.tspipe.ipintel;

import io.tspipe.ipintel.IpAddresses.Ip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IP intelligence database in memory: for any IPv4 or IPv6 address, its country, autonomous system and
 * organisation, and whether that is a hosting network. Read from the files {@code tools/fetch-engines} installs into
 * {@code <engines dir>/ipdb/} (from the npm packages {@code @ip-location-db/asn} and
 * {@code @ip-location-db/geo-whois-asn-country}, CC BY 4.0: RouteViews, DB-IP.com, NRO).
 *
 * <p>Lookups are binary searches over sorted primitive arrays, safe from any thread, and never throw.
 */
public final class IpIntelligence {

  public static final String ASN_IPV4 = "asn-ipv4-num.csv";
  public static final String ASN_IPV6 = "asn-ipv6.csv";
  public static final String COUNTRY_IPV4 = "geo-whois-asn-country-ipv4-num.csv";
  public static final String COUNTRY_IPV6 = "geo-whois-asn-country-ipv6.csv";
  private static final List<String> FILES = List.of(ASN_IPV4, ASN_IPV6, COUNTRY_IPV4, COUNTRY_IPV6);
  private static final long MAPPED_LOW = 0xffff_0000_0000L;
  private static final Map<Path, IpIntelligence> LOADED = new ConcurrentHashMap<>();

  private final RangeTable asnRanges;
  private final long[] asns;
  private final String[] orgs;
  private final boolean[] hosting;
  private final RangeTable countryRanges;
  private final String[] countries;

  private IpIntelligence(RangeTable asnRanges, long[] asns, String[] orgs, boolean[] hosting,
                         RangeTable countryRanges, String[] countries) {
    this.asnRanges = asnRanges;
    this.asns = asns;
    this.orgs = orgs;
    this.hosting = hosting;
    this.countryRanges = countryRanges;
    this.countries = countries;
  }

  /**
   * The database in {@code dir}, read once per directory and process (about a second; blocking). Fails with an
   * {@link IllegalStateException} naming a missing file, or an {@link UncheckedIOException} when one cannot be read.
   */
  public static IpIntelligence load(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    return LOADED.computeIfAbsent(key, IpIntelligence::read);
  }

  /**
   * What the database says about {@code address}; {@link IpInfo#UNKNOWN} when it is not an address. Never throws.
   */
  public IpInfo lookup(String address) {
    Ip ip = IpAddresses.parse(address);
    return ip == null ? IpInfo.UNKNOWN : lookup(ip);
  }

  /**
   * What the database says about {@code ip}. Addresses outside public unicast space (private, loopback, link-local,
   * shared, multicast and reserved IPv4; IPv6 outside 2000::/3) are unknown, whatever the database says of them.
   */
  public IpInfo lookup(Ip ip) {
    if (!IpAddresses.isPublic(ip)) {
      return new IpInfo("", 0, "", false, IpAddresses.prefix(ip));
    }
    int network = asnRanges.find(ip.high(), ip.low());
    int country = countryRanges.find(ip.high(), ip.low());
    String prefix = IpAddresses.prefix(ip);
    return network < 0
      ? new IpInfo(country < 0 ? "" : countries[country], 0, "", false, prefix)
      : new IpInfo(country < 0 ? "" : countries[country], asns[network], orgs[network], hosting[network], prefix);
  }

  /** The country code the database gives {@code ip}; empty when none. */
  String countryOf(long high, long low) {
    int country = countryRanges.find(high, low);
    return country < 0 ? "" : countries[country];
  }

  RangeTable asnRanges() {
    return asnRanges;
  }

  RangeTable countryRanges() {
    return countryRanges;
  }

  long asnOf(int network) {
    return asns[network];
  }

  String countryName(int country) {
    return countries[country];
  }

  private static IpIntelligence read(Path dir) {
    for (String file : FILES) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new IllegalStateException("the IP intelligence database file " + dir.resolve(file) + " is missing: "
          + "run tools/fetch-engines, which installs the database into <engines dir>/ipdb");
      }
    }
    Networks networks = new Networks(HostingNetworks.curated());
    RangeTable.Builder asnBuilder = new RangeTable.Builder();
    readRanges(dir.resolve(ASN_IPV4), true, asnBuilder, networks::id);
    readRanges(dir.resolve(ASN_IPV6), false, asnBuilder, networks::id);
    Map<String, Integer> countryIds = new HashMap<>();
    List<String> countryNames = new ArrayList<>();
    RangeTable.Builder countryBuilder = new RangeTable.Builder();
    ValueOf countryOf = rest -> countryIds.computeIfAbsent(rest.trim(), code -> {
      countryNames.add(code);
      return countryNames.size() - 1;
    });
    readRanges(dir.resolve(COUNTRY_IPV4), true, countryBuilder, countryOf);
    readRanges(dir.resolve(COUNTRY_IPV6), false, countryBuilder, countryOf);
    return new IpIntelligence(asnBuilder.build(), networks.asns(), networks.orgs(), networks.hosting(),
      countryBuilder.build(), countryNames.toArray(String[]::new));
  }

  /** The value a range's remaining columns (after start and end) stand for. */
  private interface ValueOf {
    int of(String rest);
  }

  /** Adds the ranges of one CSV file ({@code start,end,...}, numeric IPv4 or IPv6 text) to {@code table}. */
  private static void readRanges(Path file, boolean numericIpv4, RangeTable.Builder table, ValueOf valueOf) {
    long lastHigh = 0;
    long lastLow = 0;
    long lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = reader.readLine()) != null; ) {
        lineNumber++;
        int first = line.indexOf(',');
        int second = first < 0 ? -1 : line.indexOf(',', first + 1);
        if (second < 0) {
          continue;
        }
        long startHigh;
        long startLow;
        long endHigh;
        long endLow;
        if (numericIpv4) {
          startHigh = 0;
          endHigh = 0;
          startLow = MAPPED_LOW | Long.parseLong(line, 0, first, 10);
          endLow = MAPPED_LOW | Long.parseLong(line, first + 1, second, 10);
        } else {
          Ip start = IpAddresses.parse(line.substring(0, first));
          Ip end = IpAddresses.parse(line.substring(first + 1, second));
          if (start == null || end == null || start.isIpv4() != end.isIpv4()) {
            continue;
          }
          startHigh = start.high();
          startLow = start.low();
          endHigh = end.high();
          endLow = end.low();
        }
        if (RangeTable.compare(startHigh, startLow, lastHigh, lastLow) < 0) {
          throw new IllegalStateException(file + " line " + lineNumber + ": ranges are not in ascending order");
        }
        lastHigh = startHigh;
        lastLow = startLow;
        table.add(startHigh, startLow, endHigh, endLow, valueOf.of(line.substring(second + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(file + " line " + lineNumber + ": " + e.getMessage(), e);
    }
  }

  /** Distinct (AS number, organisation) pairs, numbered in the order first seen. */
  private static final class Networks {
    private final HostingNetworks hostingNetworks;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<Long> asns = new ArrayList<>();
    private final List<String> orgs = new ArrayList<>();
    private final List<Boolean> hosting = new ArrayList<>();

    Networks(HostingNetworks hostingNetworks) {
      this.hostingNetworks = hostingNetworks;
    }

    /** {@code rest} is {@code asn,org}, the organisation perhaps quoted as CSV quotes it. */
    int id(String rest) {
      Integer known = ids.get(rest);
      if (known != null) {
        return known;
      }
      int comma = rest.indexOf(',');
      long asn = Long.parseLong(comma < 0 ? rest : rest.substring(0, comma));
      String org = comma < 0 ? "" : unquote(rest.substring(comma + 1));
      asns.add(asn);
      orgs.add(org);
      hosting.add(hostingNetworks.isHosting(asn, org));
      ids.put(rest, asns.size() - 1);
      return asns.size() - 1;
    }

    long[] asns() {
      return asns.stream().mapToLong(Long::longValue).toArray();
    }

    String[] orgs() {
      return orgs.toArray(String[]::new);
    }

    boolean[] hosting() {
      boolean[] flags = new boolean[hosting.size()];
      for (int i = 0; i < flags.length; i++) {
        flags[i] = hosting.get(i);
      }
      return flags;
    }

    private static String unquote(String field) {
      String trimmed = field.trim();
      if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
        return trimmed.substring(1, trimmed.length() - 1).replace("\"\"", "\"");
      }
      return trimmed;
    }
  }
}
