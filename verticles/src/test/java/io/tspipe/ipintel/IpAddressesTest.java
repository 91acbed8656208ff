package io.tspipe.ipintel;

import io.tspipe.ipintel.IpAddresses.Cidr;
import io.tspipe.ipintel.IpAddresses.Ip;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "203.0.113.7, 203.0.113.7, 203.0.113.0/24",
    "0.0.0.0, 0.0.0.0, 0.0.0.0/24",
    "255.255.255.255, 255.255.255.255, 255.255.255.0/24",
    "::ffff:198.51.100.9, 198.51.100.9, 198.51.100.0/24",
    "2001:db8:1:2::7, 2001:db8:1:2::7, 2001:db8:1::/48",
    "2001:DB8:0001:0000:0000:0000:0000:0001, 2001:db8:1::1, 2001:db8:1::/48",
    "::1, ::1, ::/48",
    "::, ::, ::/48",
    "2001:db8::, 2001:db8::, 2001:db8::/48",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1, 2001::/48",
    "2a03:2880:f10c:83:face:b00c:0:25de, 2a03:2880:f10c:83:face:b00c:0:25de, 2a03:2880:f10c::/48",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221, 64:ff9b::/48",
  })
  @DisplayName("addresses parse to their canonical text and their pivot prefix")
  void parsesAndPrefixes(String text, String canonical, String prefix) {
    Ip ip = IpAddresses.parse(text);
    assertNotNull(ip);
    assertEquals(canonical, ip.toString());
    assertEquals(prefix, IpAddresses.prefix(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "1.2.3.-4", "a.b.c.d",
    "1.2.3.4\n", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fe80::1%eth0", "g::1", ":1::", "1::2:", "1:2",
    "::ffff:1.2.3", "::1.2.3.4.5", "1.2.3.4::", "example.com", "１.２.３.４", "::١"})
  @DisplayName("text that is not an address parses to null and has no prefix")
  void refusesGarbage(String text) {
    assertNull(IpAddresses.parse(text));
    assertTrue(IpAddresses.prefix(text).isEmpty());
  }

  @Test
  @DisplayName("parsing agrees with the JDK's on random IPv4 and IPv6 addresses, bytes in network order")
  void agreesWithTheJdk() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[i % 2 == 0 ? 4 : 16];
      for (int b = 0; b < bytes.length; b++) {
        bytes[b] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(256));
      }
      InetAddress jdk = InetAddress.getByAddress(bytes);
      Ip ip = IpAddresses.parse(jdk.getHostAddress());
      byte[] expected = bytes.length == 16 ? bytes : InetAddress.getByName("::ffff:" + jdk.getHostAddress()).getAddress();
      if (bytes.length == 4) {
        expected = new byte[16];
        expected[10] = (byte) 0xff;
        expected[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, expected, 12, 4);
      }
      assertArrayEquals(expected, ip.bytes(), jdk.getHostAddress());
      assertEquals(ip, IpAddresses.parse(ip.toString()));
    }
  }

  @Test
  @DisplayName("CIDR networks parse to inclusive ranges; host bits set or lengths out of range are refused")
  void parsesCidr() {
    Cidr v4 = IpAddresses.parseCidr("203.0.113.0/24");
    assertEquals(IpAddresses.parse("203.0.113.0"), v4.first());
    assertEquals(IpAddresses.parse("203.0.113.255"), v4.last());
    assertEquals("203.0.113.0/24", v4.toString());
    assertTrue(v4.contains(IpAddresses.parse("203.0.113.77")));
    assertFalse(v4.contains(IpAddresses.parse("203.0.114.0")));
    Cidr v6 = IpAddresses.parseCidr("2001:DB8:1::/48");
    assertEquals("2001:db8:1::/48", v6.toString());
    assertEquals(IpAddresses.parse("2001:db8:1:ffff:ffff:ffff:ffff:ffff"), v6.last());
    assertEquals(IpAddresses.parse("255.255.255.255"), IpAddresses.parseCidr("0.0.0.0/0").last());
    assertEquals(IpAddresses.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), IpAddresses.parseCidr("::/0").last());
    assertEquals(IpAddresses.parseCidr("10.1.2.3/32").last(), IpAddresses.parseCidr("10.1.2.3/32").first());
    for (String bad : new String[] {"203.0.113.7/24", "203.0.113.0/33", "2001:db8::/129", "2001:db8::1/64",
      "203.0.113.0", "/24", "203.0.113.0/", "203.0.113.0/024", "203.0.113.0/2a", "x/8", "203.0.113.0/-1"}) {
      assertNull(IpAddresses.parseCidr(bad), bad);
    }
  }
}
