package io.tspipe.ipintel;

import io.tspipe.ipintel.IpAddresses.Ip;
import io.tspipe.ipintel.Network.Range;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Real networks to draw simulated traffic's source addresses from, by country and kind: consumer ISPs, mobile
 * carriers and hosting providers, listed in {@code networks.csv} beside this class and cut to the ranges the IP
 * intelligence database places in the network's country. So for every address a network draws,
 * {@code lookup(address)} gives that network's AS number and country, and it is flagged hosting exactly when the
 * network is {@link NetworkKind#HOSTING}. A listed network the database has no such range for is left out (and
 * logged), never a failure.
 */
public final class AddressSpace {

  static final String RESOURCE = "networks.csv";
  private static final Logger LOG = LoggerFactory.getLogger(AddressSpace.class);

  private final List<Network> networks;

  private AddressSpace(List<Network> networks) {
    this.networks = List.copyOf(networks);
  }

  /** The curated networks, cut to what {@code intelligence} says of them; blocking, a fraction of a second. */
  public static AddressSpace load(IpIntelligence intelligence) {
    List<Listed> listed = listed();
    Map<Long, List<Integer>> rangesByAsn = new HashMap<>();
    Set<Long> wanted = new TreeSet<>();
    listed.forEach(entry -> wanted.add(entry.asn()));
    RangeTable asnRanges = intelligence.asnRanges();
    for (int i = 0; i < asnRanges.size(); i++) {
      long asn = intelligence.asnOf(asnRanges.value(i));
      if (wanted.contains(asn)) {
        rangesByAsn.computeIfAbsent(asn, key -> new ArrayList<>()).add(i);
      }
    }
    List<Network> networks = new ArrayList<>();
    for (Listed entry : listed) {
      List<Range> ipv4 = new ArrayList<>();
      List<Range> ipv6 = new ArrayList<>();
      String org = "";
      for (int index : rangesByAsn.getOrDefault(entry.asn(), List.of())) {
        for (Range piece : inCountry(intelligence, asnRanges.start(index), asnRanges.end(index), entry.country())) {
          if (!piece.first().isIpv4()) {
            ipv6.add(piece);
          } else if (drawable(piece)) {
            ipv4.add(piece);
          }
        }
      }
      if (ipv4.isEmpty() && ipv6.isEmpty()) {
        LOG.warn("AS{} ({}, {} {}) has no address range in {} in the IP intelligence database; left out",
          entry.asn(), entry.name(), entry.country(), entry.kind().name().toLowerCase(Locale.ROOT), entry.country());
        continue;
      }
      IpInfo sample = intelligence.lookup(ipv4.isEmpty() ? ipv6.get(0).first() : ipv4.get(0).first());
      if ((entry.kind() == NetworkKind.HOSTING) != sample.hosting()) {
        LOG.warn("AS{} ({}) is listed as {} but the IP intelligence database says hosting={}; left out", entry.asn(),
          entry.name(), entry.kind().name().toLowerCase(Locale.ROOT), sample.hosting());
        continue;
      }
      org = entry.name();
      networks.add(new Network(entry.asn(), org, entry.country(), entry.kind(), ipv4, ipv6));
    }
    return new AddressSpace(networks);
  }

  /** Every network, in the order listed. */
  public List<Network> networks() {
    return networks;
  }

  public List<Network> networks(NetworkKind kind) {
    return networks.stream().filter(network -> network.kind() == kind).toList();
  }

  /** The networks of one kind in one country (ISO alpha-2); empty when there are none. */
  public List<Network> networks(String country, NetworkKind kind) {
    return networks.stream().filter(network -> network.kind() == kind && network.country().equals(country)).toList();
  }

  /** The countries with at least one network, sorted. */
  public Set<String> countries() {
    Set<String> countries = new TreeSet<>();
    networks.forEach(network -> countries.add(network.country()));
    return Collections.unmodifiableSet(countries);
  }

  private record Listed(String country, NetworkKind kind, long asn, String name) {
  }

  private static List<Listed> listed() {
    Map<String, Listed> listed = new LinkedHashMap<>();
    try (InputStream in = AddressSpace.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing beside " + AddressSpace.class.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split(",", 4);
        Listed entry = new Listed(fields[0].trim(), NetworkKind.valueOf(fields[1].trim().toUpperCase(Locale.ROOT)),
          Long.parseLong(fields[2].trim()), fields[3].trim());
        listed.putIfAbsent(entry.country() + "/" + entry.kind() + "/" + entry.asn(), entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(listed.values());
  }

  /** The parts of [first, last] the country database places in {@code country}. */
  private static List<Range> inCountry(IpIntelligence intelligence, Ip first, Ip last, String country) {
    List<Range> pieces = new ArrayList<>();
    RangeTable countries = intelligence.countryRanges();
    for (int i = countries.firstEndingFrom(first.high(), first.low()); i < countries.size(); i++) {
      Ip start = countries.start(i);
      if (start.compareTo(last) > 0) {
        break;
      }
      if (!intelligence.countryName(countries.value(i)).equals(country)) {
        continue;
      }
      Ip end = countries.end(i);
      pieces.add(new Range(start.compareTo(first) < 0 ? first : start, end.compareTo(last) > 0 ? last : end));
    }
    return pieces;
  }

  /** Whether an IPv4 range holds at least four addresses, so a draw not ending in .0 or .255 is quick. */
  private static boolean drawable(Range range) {
    return range.last().ipv4() - range.first().ipv4() >= 3;
  }
}
