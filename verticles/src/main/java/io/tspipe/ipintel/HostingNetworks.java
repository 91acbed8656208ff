package io.tspipe.ipintel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which autonomous systems are hosting, cloud or data-centre networks, whose addresses serve machines rather than
 * people at home or on a phone.
 *
 * <p>Method: an AS is hosting when the curated list {@code hosting-networks.csv} (beside this class) says so, by
 * number: the big clouds and hosters, each checked against the database's organisation for that number. Otherwise
 * its organisation name decides: a whole word {@code hosting}, {@code hoster}, {@code webhost…}, {@code cloud},
 * {@code data center}/{@code datacentre} (with or without the space, either spelling), {@code server(s)},
 * {@code vps}, {@code vds}, {@code colo}, {@code colocation} or {@code dedicated}. The list's {@code not_hosting}
 * entries overrule the name (public Wi-Fi named "The Cloud"). The rule was run over every organisation of the
 * database: the largest matches are clouds and data centres, and no big consumer ISP or mobile carrier matches.
 *
 * <p>Limits: an AS is judged whole, so the consumer ranges of a provider that also hosts (a telecom's data centre
 * under its ISP number) are not hosting, and the hosted ranges of a cloud's CDN or DNS are; VPN and proxy exits on
 * residential ISPs are not seen; a small hoster whose name says none of the words is missed.
 */
public final class HostingNetworks {

  static final String RESOURCE = "hosting-networks.csv";
  private static final Pattern HOSTING_NAME = Pattern.compile(
    "\\b(hosting|hoster|webhost\\w*|cloud|data ?cent(er|re)s?|servers?|vps|vds|colo|colocation|dedicated)\\b",
    Pattern.CASE_INSENSITIVE);

  private final Set<Long> hosting;
  private final Set<Long> notHosting;

  private HostingNetworks(Set<Long> hosting, Set<Long> notHosting) {
    this.hosting = hosting;
    this.notHosting = notHosting;
  }

  /** The curated list shipped beside this class. */
  public static HostingNetworks curated() {
    Set<Long> hosting = new HashSet<>();
    Set<Long> notHosting = new HashSet<>();
    try (InputStream in = HostingNetworks.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing beside " + HostingNetworks.class.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split(",", 3);
        long asn = Long.parseLong(fields[0].trim());
        switch (fields[1].trim()) {
          case "hosting" -> hosting.add(asn);
          case "not_hosting" -> notHosting.add(asn);
          default -> throw new IllegalStateException(RESOURCE + ": unknown verdict in '" + line + "'");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HostingNetworks(Set.copyOf(hosting), Set.copyOf(notHosting));
  }

  /** Whether the AS numbered {@code asn}, whose organisation is {@code org}, is a hosting network. */
  public boolean isHosting(long asn, String org) {
    if (asn == 0 || notHosting.contains(asn)) {
      return false;
    }
    return hosting.contains(asn) || HOSTING_NAME.matcher(org.toLowerCase(Locale.ROOT)).find();
  }
}
