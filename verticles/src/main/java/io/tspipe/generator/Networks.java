package io.tspipe.generator;

import io.tspipe.ipintel.AddressSpace;
import io.tspipe.ipintel.Network;
import io.tspipe.ipintel.NetworkKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The real networks the generator draws addresses from, by kind and country: residential ISPs and mobile carriers of
 * the users' home countries, and hosting networks wherever {@link Geography} has a city. Every address drawn lies in
 * an allocation of its network in its country, so the worker's enrichment finds the same country and ASN.
 */
final class Networks {

  private static final double IPV6_SHARE = 0.15;

  private final Map<String, List<Network>> residential;
  private final Map<String, List<Network>> mobile;
  private final List<Network> hosting;
  private final List<Geography.Country> homes;

  Networks(AddressSpace space) {
    residential = byCountry(space, NetworkKind.RESIDENTIAL);
    mobile = byCountry(space, NetworkKind.MOBILE);
    hosting = space.networks(NetworkKind.HOSTING).stream()
      .filter(network -> Geography.country(network.country()).isPresent())
      .toList();
    homes = Geography.COUNTRIES.stream().filter(country -> residential.containsKey(country.code())).toList();
    if (homes.isEmpty() || hosting.isEmpty()) {
      throw new IllegalStateException("the IP database holds no residential or no hosting networks of the simulated "
        + "countries; is it complete?");
    }
  }

  private static Map<String, List<Network>> byCountry(AddressSpace space, NetworkKind kind) {
    return space.networks(kind).stream()
      .filter(network -> Geography.country(network.country()).isPresent())
      .collect(Collectors.groupingBy(Network::country));
  }

  /** Home countries with residential networks to live on. */
  List<Geography.Country> homes() {
    return homes;
  }

  Origin residential(Geography.Country country, RandomGenerator random) {
    return draw(residential.getOrDefault(country.code(), List.of()), random);
  }

  /** A carrier's address in the country, or a residential one where no carrier is known. */
  Origin mobile(Geography.Country country, RandomGenerator random) {
    List<Network> carriers = mobile.getOrDefault(country.code(), List.of());
    return carriers.isEmpty() ? residential(country, random) : draw(carriers, random);
  }

  /** A data-centre address, in any country with a city. */
  Origin hosting(RandomGenerator random) {
    return draw(hosting, random);
  }

  /** A residential address in a random home country: the exit of a residential proxy. */
  Origin residentialAnywhere(RandomGenerator random) {
    return residential(RandomDraws.pick(random, homes), random);
  }

  /** An address an attack comes from: a data centre's with probability {@code hostingShare}, else a residential proxy. */
  Origin attacking(RandomGenerator random, double hostingShare) {
    return RandomDraws.chance(random, hostingShare) ? hosting(random) : residentialAnywhere(random);
  }

  /** A residential or mobile address in a home country other than {@code not}. */
  Origin elsewhere(Geography.Country not, RandomGenerator random) {
    List<Geography.Country> others = new ArrayList<>(homes);
    others.remove(not);
    Geography.Country country = others.isEmpty() ? not : RandomDraws.pick(random, others);
    return random.nextBoolean() ? residential(country, random) : mobile(country, random);
  }

  private static Origin draw(List<Network> networks, RandomGenerator random) {
    Network network = RandomDraws.pick(random, networks);
    return new Origin(network.randomAddress(random, IPV6_SHARE), Geography.country(network.country()).orElseThrow());
  }
}
