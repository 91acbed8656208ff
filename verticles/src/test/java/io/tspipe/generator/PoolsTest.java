package io.tspipe.generator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolsTest {

  /** Rough bounding boxes (min lat, max lat, min lon, max lon), kept apart from the generator's own data. */
  private static final Map<String, double[]> BOUNDS = Map.ofEntries(
    entry("US", new double[] {24, 50, -125, -66}),
    entry("GB", new double[] {49.9, 60.9, -8.7, 1.8}),
    entry("DE", new double[] {47.2, 55.1, 5.8, 15.1}),
    entry("FR", new double[] {41.3, 51.1, -5.2, 9.6}),
    entry("JP", new double[] {24, 46, 122, 146}),
    entry("IN", new double[] {6, 36, 68, 98}),
    entry("BR", new double[] {-34, 5.3, -74, -34.7}),
    entry("CA", new double[] {41.6, 83, -141, -52}),
    entry("AU", new double[] {-44, -10, 112, 154}),
    entry("NG", new double[] {4, 14, 2.6, 14.7}),
    entry("RU", new double[] {41, 82, 19, 180}),
    entry("CN", new double[] {18, 54, 73, 135}),
    entry("MX", new double[] {14.5, 32.7, -118, -86.7}),
    entry("KR", new double[] {33, 38.7, 124.5, 131}),
    entry("ZA", new double[] {-35, -22, 16.4, 33}));

  private final Pools pools = Pools.generate(new SplittableRandom(11), 1000, 500);

  @Test
  @DisplayName("fifteen ISO alpha-2 countries each hold a few cities whose coordinates lie inside that country")
  void citiesBelongToTheirCountry() {
    assertEquals(15, Geography.COUNTRIES.size());
    assertEquals(BOUNDS.keySet(), Geography.COUNTRIES.stream().map(Geography.Country::code).collect(Collectors.toSet()));
    for (Geography.Country country : Geography.COUNTRIES) {
      assertTrue(country.cities().size() >= 3, country.code() + " has a few cities");
      double[] box = BOUNDS.get(country.code());
      for (Geography.City city : country.cities()) {
        assertTrue(city.lat() >= box[0] && city.lat() <= box[1] && city.lon() >= box[2] && city.lon() <= box[3],
          city.name() + " (" + city.lat() + ", " + city.lon() + ") lies in " + country.code());
      }
    }
  }

  @Test
  @DisplayName("a thousand users have distinct ids and emails, and a home city of their home country")
  void usersAreDistinctAndAtHome() {
    List<User> users = pools.users();
    assertEquals(1000, users.size());
    assertEquals(1000, users.stream().map(User::userId).distinct().count());
    assertEquals(1000, users.stream().map(User::email).distinct().count());
    for (User user : users) {
      assertTrue(user.userId().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), user.userId());
      assertTrue(user.email().matches("[a-z0-9._-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+"), user.email());
      Geography.Country home = Geography.COUNTRIES.stream()
        .filter(country -> country.code().equals(user.country())).findFirst().orElseThrow();
      assertTrue(home.cities().contains(user.city()), user.city() + " is a city of " + user.country());
      assertTrue(Pools.DEVICE_AGENTS.contains(user.userAgent()));
    }
    assertEquals(15, users.stream().map(User::country).distinct().count(), "users live in every country");
  }

  @Test
  @DisplayName("five hundred distinct public IPs, mostly IPv4 with some IPv6, none private or reserved")
  void ipsAreARealisticMix() throws UnknownHostException {
    List<String> ips = pools.ips();
    assertEquals(500, ips.size());
    assertEquals(500, new HashSet<>(ips).size());
    int v6 = 0;
    for (String ip : ips) {
      InetAddress address = InetAddress.getByName(ip);
      assertTrue(address instanceof Inet4Address || address instanceof Inet6Address);
      assertFalse(address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isMulticastAddress() || address.isAnyLocalAddress(), ip + " is public");
      v6 += address instanceof Inet6Address ? 1 : 0;
    }
    assertTrue(v6 >= 25 && v6 <= 150, "some IPv6, not most: " + v6);
    assertEquals(50, pools.ipSubset(0.1).size());
    assertEquals(ips.subList(0, 50), pools.ipSubset(0.1));
  }

  @Test
  @DisplayName("five email templates, seven API paths, and user agents from browsers, apps and scripts")
  void catalogues() {
    assertEquals(5, Set.copyOf(Pools.EMAIL_TEMPLATES).size());
    assertEquals(7, Set.copyOf(Pools.API_PATHS).size());
    assertTrue(Pools.API_PATHS.stream().allMatch(path -> path.startsWith("/")));
    assertTrue(Pools.DEVICE_AGENTS.stream().anyMatch(agent -> agent.contains("Chrome/")));
    assertTrue(Pools.DEVICE_AGENTS.stream().anyMatch(agent -> agent.contains("Firefox/")));
    assertTrue(Pools.DEVICE_AGENTS.stream().anyMatch(agent -> agent.contains("iPhone")));
    assertTrue(Pools.DEVICE_AGENTS.stream().anyMatch(agent -> agent.contains("Android")));
    assertTrue(Pools.BOT_AGENTS.stream().anyMatch(agent -> agent.startsWith("curl/")));
    assertTrue(Pools.BOT_AGENTS.stream().anyMatch(agent -> agent.startsWith("python-requests/")));
  }

  @Test
  @DisplayName("the same seed builds the same pools, another seed different ones")
  void seedReproducesPools() {
    Pools again = Pools.generate(new SplittableRandom(11), 1000, 500);
    Pools other = Pools.generate(new SplittableRandom(12), 1000, 500);
    assertEquals(pools.users(), again.users());
    assertEquals(pools.ips(), again.ips());
    assertNotEquals(pools.users(), other.users());
    assertNotEquals(pools.ips(), other.ips());
  }

  @Test
  @DisplayName("emails stay distinct in a pool of fifty thousand users")
  void manyUsersKeepDistinctEmails() {
    Pools large = Pools.generate(new SplittableRandom(2), 50_000, 10);
    assertEquals(50_000, large.users().stream().map(User::email).distinct().count());
  }
}
