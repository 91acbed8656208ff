package io.tspipe.ipintel;

import io.tspipe.testing.IpDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On the real database {@code tools/fetch-engines} installs. */
class IpIntelligenceTest {

  private static IpIntelligence intelligence;

  @BeforeAll
  static void load() {
    intelligence = IpDatabase.load();
  }

  @Test
  @DisplayName("well-known addresses have their country, AS number and organisation")
  void knownAddresses() {
    assertEquals(new IpInfo("US", 15169, "Google LLC", true, "8.8.8.0/24"), intelligence.lookup("8.8.8.8"));
    IpInfo cloudflare = intelligence.lookup("1.1.1.1");
    assertEquals(13335, cloudflare.asn());
    assertEquals("Cloudflare, Inc.", cloudflare.asOrg());
    assertEquals("1.1.1.0/24", cloudflare.prefix());
    IpInfo googleV6 = intelligence.lookup("2001:4860:4860::8888");
    assertEquals(15169, googleV6.asn());
    assertEquals("2001:4860:4860::/48", googleV6.prefix());
    assertEquals(intelligence.lookup("8.8.8.8"), intelligence.lookup("::ffff:8.8.8.8"));
    assertEquals("Facebook, Inc.", intelligence.lookup("2a03:2880:f10c:83:face:b00c:0:25de").asOrg());
  }

  @Test
  @DisplayName("cloud addresses are flagged hosting; a consumer ISP's are not")
  void hostingFlag() {
    IpInfo aws = intelligence.lookup("52.94.76.10");
    assertEquals(16509, aws.asn());
    assertEquals("US", aws.country());
    assertTrue(aws.hosting());
    IpInfo comcast = intelligence.lookup("73.162.10.20");
    assertEquals(7922, comcast.asn());
    assertEquals("US", comcast.country());
    assertFalse(comcast.hosting());
  }

  @Test
  @DisplayName("the organisation-name rule flags hosters by name, and the curated list overrules it")
  void hostingRule() {
    HostingNetworks rule = HostingNetworks.curated();
    assertTrue(rule.isHosting(33070, "Rackspace Hosting"));
    assertTrue(rule.isHosting(64500, "Example Data Center LLC"));
    assertTrue(rule.isHosting(64500, "Example Datacentre Ltd"));
    assertTrue(rule.isHosting(64500, "Acme VPS"));
    assertFalse(rule.isHosting(41012, "The Cloud Networks Limited"));
    for (String isp : new String[] {"Comcast Cable Communications, LLC", "Deutsche Telekom AG", "Vodafone GmbH",
      "Colombia Telecomunicaciones", "Cloudnet Cable", "Serverless Telecom", "Orange S.A.", "Telstra Limited"}) {
      assertFalse(rule.isHosting(64500, isp), isp);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not an ip", "999.1.1.1", "1.2.3.4\n", "::g", "10.0.0.1", "192.168.1.1", "127.0.0.1",
    "fe80::1", "::1", "100.64.0.1", "224.0.0.1", "2001:db8::1", "203.0.113.9"})
  @DisplayName("garbage and addresses outside the public database answer unknown, never an error")
  void unknown(String text) {
    IpInfo info = intelligence.lookup(text);
    assertEquals(0, info.asn());
    assertTrue(info.asOrg().isEmpty());
    assertFalse(info.hosting());
    assertTrue(info.country().isEmpty(), info.country());
    assertEquals(IpInfo.UNKNOWN, intelligence.lookup((String) null));
  }

  @Test
  @DisplayName("the database is read once per directory")
  void cachedPerDirectory() {
    assertSame(intelligence, IpIntelligence.load(IpDatabase.dir()));
    assertSame(intelligence, IpIntelligence.load(IpDatabase.dir().resolve(".").resolve("..").resolve("ipdb")));
  }

  @Test
  @DisplayName("a directory without the database fails naming the missing file and tools/fetch-engines")
  void missingDatabase(@TempDir Path empty) {
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> IpIntelligence.load(empty));
    assertTrue(missing.getMessage().contains(empty.resolve(IpIntelligence.ASN_IPV4).toString()), missing.getMessage());
    assertTrue(missing.getMessage().contains("tools/fetch-engines"), missing.getMessage());
  }
}
