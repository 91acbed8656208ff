package io.tspipe.ipintel;

import io.tspipe.testing.IpDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On the real database {@code tools/fetch-engines} installs. */
class AddressSpaceTest {

  private static IpIntelligence intelligence;
  private static AddressSpace space;

  @BeforeAll
  static void load() {
    intelligence = IpDatabase.load();
    space = AddressSpace.load(intelligence);
  }

  @Test
  @DisplayName("every simulated user's home country has residential and mobile networks; hosting spans countries")
  void coversTheCountries() {
    for (String country : new String[] {"US", "GB", "DE", "FR", "JP", "IN", "BR", "CA", "AU", "NG", "RU", "CN", "MX",
      "KR", "ZA"}) {
      assertFalse(space.networks(country, NetworkKind.RESIDENTIAL).isEmpty(), country + " residential");
      assertFalse(space.networks(country, NetworkKind.MOBILE).isEmpty(), country + " mobile");
    }
    for (String country : new String[] {"NL", "SG", "DE", "US", "FR", "GB"}) {
      assertFalse(space.networks(country, NetworkKind.HOSTING).isEmpty(), country + " hosting");
    }
    assertTrue(space.countries().containsAll(java.util.List.of("US", "NL", "SG", "ZA")));
    assertTrue(space.networks(NetworkKind.HOSTING).stream().allMatch(network -> network.kind() == NetworkKind.HOSTING));
  }

  @Test
  @DisplayName("every drawn address looks up to its network's country and AS; only hosting networks are flagged hosting")
  void drawsAddressesTheDatabaseAgreesWith() {
    SplittableRandom random = new SplittableRandom(42);
    int ipv6 = 0;
    for (Network network : space.networks()) {
      for (int i = 0; i < 300; i++) {
        String address = network.randomAddress(random, 0.3);
        IpInfo info = intelligence.lookup(address);
        String what = address + " of AS" + network.asn() + " " + network.org() + " in " + network.country();
        assertEquals(network.country(), info.country(), what);
        assertEquals(network.asn(), info.asn(), what);
        assertEquals(network.kind() == NetworkKind.HOSTING, info.hosting(), what);
        IpAddresses.Ip ip = IpAddresses.parse(address);
        assertNotNull(ip, what);
        if (ip.isIpv4()) {
          long v4 = ip.ipv4();
          assertTrue((v4 & 0xff) != 0L && (v4 & 0xff) != 255L, what);
          assertFalse(isPrivateOrReserved(v4), what);
        } else {
          ipv6++;
          assertEquals(1L, ip.high() >>> 61, what + " in 2000::/3");
        }
      }
    }
    assertTrue(ipv6 > 0);
  }

  @Test
  @DisplayName("with no IPv6 share every address is IPv4")
  void ipv4Only() {
    SplittableRandom random = new SplittableRandom(1);
    for (Network network : space.networks(NetworkKind.RESIDENTIAL)) {
      if (!network.ipv4().isEmpty()) {
        assertFalse(network.randomAddress(random, 0.0).contains(":"));
      }
    }
  }

  private static boolean isPrivateOrReserved(long v4) {
    long a = v4 >>> 24;
    long b = (v4 >>> 16) & 0xff;
    return a == 0 || a == 10 || a == 127 || a >= 224 || (a == 100 && b >= 64 && b < 128) || (a == 169 && b == 254)
      || (a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168) || (a == 198 && (b == 18 || b == 19));
  }
}
