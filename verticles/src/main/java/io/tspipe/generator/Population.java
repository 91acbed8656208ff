package io.tspipe.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The simulated people and the shared networks they sit behind. Built once from a random generator, so a seed
 * reproduces it; people sign up and leave as traffic goes on.
 *
 * <p>Shared networks: {@link #MOBILE_SHARE} of people have a phone whose carrier puts them behind a carrier-grade
 * NAT address shared by up to {@link #USERS_PER_SHARED_ADDRESS} people of their country; {@link #OFFICE_SHARE} work
 * at an office whose NAT address they share with up to as many colleagues. That fan-out is legitimate.
 */
final class Population {

  static final double MOBILE_SHARE = 0.6;
  static final double OFFICE_SHARE = 0.45;
  static final int USERS_PER_SHARED_ADDRESS = 30;

  private static final List<String> FIRST_NAMES = List.of(
    "james", "maria", "wei", "aisha", "lucas", "sofia", "hiroshi", "priya", "oliver", "amara", "mateo", "yuna",
    "noah", "chloe", "ivan", "fatima", "liam", "emma", "arjun", "zoe", "diego", "lea", "kwame", "anna",
    "min-jun", "olga", "thomas", "isabella", "ahmed", "camille");

  private static final List<String> LAST_NAMES = List.of(
    "smith", "garcia", "wang", "okafor", "silva", "muller", "tanaka", "patel", "brown", "dubois", "kim",
    "ivanova", "nguyen", "martin", "lopez", "chen", "singh", "jones", "rossi", "kowalski", "mensah", "sato",
    "schmidt", "fernandes", "taylor", "li", "novak", "moreau", "hughes", "adeyemi");

  private static final List<String> EMAIL_DOMAINS = List.of(
    "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me", "gmx.de", "yandex.ru",
    "qq.com", "naver.com", "web.de", "orange.fr", "mail.ru", "example.org");

  private final RandomGenerator random;
  private final Networks networks;
  private final List<Person> people = new ArrayList<>();
  private final Set<String> emails = new HashSet<>();
  private final Map<String, SharedAddress> carriers = new HashMap<>();
  private final Map<String, SharedAddress> offices = new HashMap<>();
  private int created;

  /** An address shared by a group that fills up to {@link #USERS_PER_SHARED_ADDRESS}, then a new one opens. */
  private static final class SharedAddress {
    Origin origin;
    int members;
  }

  private Population(RandomGenerator random, Networks networks) {
    this.random = random;
    this.networks = networks;
  }

  static Population generate(RandomGenerator random, Networks networks, int count) {
    Population population = new Population(random, networks);
    for (int i = 0; i < count; i++) {
      population.people.add(population.newPerson());
    }
    return population;
  }

  List<Person> people() {
    return people;
  }

  Networks networks() {
    return networks;
  }

  Person random(RandomGenerator random) {
    return people.get(random.nextInt(people.size()));
  }

  /** Someone new, not yet one of {@link #people()}: a sign-up. */
  Person newPerson() {
    Geography.Country home = RandomDraws.pick(random, networks.homes());
    List<Origin> personal = new ArrayList<>();
    int addresses = 1 + (RandomDraws.chance(random, 0.3) ? 1 : 0) + (RandomDraws.chance(random, 0.1) ? 1 : 0);
    for (int i = 0; i < addresses; i++) {
      personal.add(networks.residential(home, random));
    }
    Origin phone = RandomDraws.chance(random, MOBILE_SHARE) ? join(carriers, home, true) : null;
    Origin desk = RandomDraws.chance(random, OFFICE_SHARE) ? join(offices, home, false) : null;
    return new Person(RandomDraws.uuid(random).toString(), uniqueEmail(), home,
      RandomDraws.pick(random, home.cities()), List.copyOf(personal), phone, desk,
      RandomDraws.pick(random, Pools.DEVICE_AGENTS));
  }

  void join(Person person) {
    people.add(person);
  }

  void leave(Person person) {
    if (people.size() > 1) {
      people.remove(person);
    }
  }

  private Origin join(Map<String, SharedAddress> groups, Geography.Country home, boolean carrier) {
    SharedAddress group = groups.computeIfAbsent(home.code(), code -> new SharedAddress());
    if (group.origin == null || group.members >= USERS_PER_SHARED_ADDRESS) {
      group.origin = carrier ? networks.mobile(home, random) : networks.residential(home, random);
      group.members = 0;
    }
    group.members++;
    return group.origin;
  }

  private String uniqueEmail() {
    created++;
    for (int attempt = 0; attempt < 10; attempt++) {
      String email = email(Integer.toString(random.nextInt(100)));
      if (emails.add(email)) {
        return email;
      }
    }
    String email = email("." + created);
    emails.add(email);
    return email;
  }

  private String email(String suffix) {
    String local = RandomDraws.pick(random, FIRST_NAMES) + (random.nextBoolean() ? "." : "_")
      + RandomDraws.pick(random, LAST_NAMES) + suffix;
    return (local + "@" + RandomDraws.pick(random, EMAIL_DOMAINS)).toLowerCase(Locale.ROOT);
  }
}
