package io.tspipe.generator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The fixed populations traffic is drawn from: users (stable id, email, home city, usual device), source IPs
 * (public IPv4 with some IPv6), email templates, API paths and user agents. Built once from a random
 * generator, so a seed reproduces them.
 */
public final class Pools {

  public static final List<String> EMAIL_TEMPLATES = List.of(
    "welcome_v3", "password_reset_v2", "login_alert_v4", "two_factor_code_v1", "weekly_digest_v7");

  public static final List<String> API_PATHS = List.of(
    "/api/v1/auth/login", "/api/v1/users/me", "/api/v1/orders", "/api/v1/products",
    "/api/v1/search", "/api/v1/payments", "/api/v1/messages");

  /** Browsers and the mobile app: the devices users really have. */
  public static final List<String> DEVICE_AGENTS = List.of(
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.113 Mobile Safari/537.36",
    "TSPipeApp/4.12.0 (iPhone15,3; iOS 17.4.1; Scale/3.00)",
    "TSPipeApp/4.11.2 (Android 14; SM-S918B)",
    "okhttp/4.12.0");

  /** Scripts and bots: rare in normal traffic, common in an attack. */
  public static final List<String> BOT_AGENTS = List.of(
    "curl/8.5.0", "curl/7.81.0", "python-requests/2.31.0", "python-requests/2.28.1",
    "Go-http-client/1.1", "python-urllib3/2.2.1", "Wget/1.21.4");

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

  /** First octets of large, publicly routed IPv4 allocations (no private, loopback, CGNAT or multicast space). */
  private static final int[] PUBLIC_FIRST_OCTETS = {
    3, 13, 18, 23, 31, 34, 35, 41, 45, 52, 54, 62, 66, 73, 77, 78, 81, 82, 86, 89, 91, 95, 98, 104, 105, 109,
    114, 121, 139, 143, 151, 156, 175, 176, 178, 185, 186, 187, 188, 189, 190, 193, 194, 195, 197, 200, 201,
    212, 213, 217};

  /** /32 prefixes of real IPv6 allocations (ISPs and clouds). */
  private static final List<String> IPV6_PREFIXES = List.of(
    "2001:4860", "2a03:2880", "2600:1700", "2a02:c7f", "2406:da00", "2804:14c", "2a01:e0a", "2607:f8b0");

  private static final double IPV6_SHARE = 0.15;

  private final List<User> users;
  private final List<String> ips;

  private Pools(List<User> users, List<String> ips) {
    this.users = users;
    this.ips = ips;
  }

  public static Pools generate(RandomGenerator random, int userCount, int ipCount) {
    return new Pools(users(random, userCount), ips(random, ipCount));
  }

  public List<User> users() {
    return users;
  }

  public List<String> ips() {
    return ips;
  }

  /** The first {@code share} of the IP pool (at least one address): an attack comes from few places. */
  public List<String> ipSubset(double share) {
    return ips.subList(0, Math.max(1, (int) Math.round(ips.size() * share)));
  }

  User randomUser(RandomGenerator random) {
    return users.get(random.nextInt(users.size()));
  }

  String randomIp(RandomGenerator random, double share) {
    int limit = Math.max(1, (int) Math.round(ips.size() * share));
    return ips.get(random.nextInt(limit));
  }

  private static List<User> users(RandomGenerator random, int count) {
    List<User> users = new ArrayList<>(count);
    Set<String> emails = new HashSet<>();
    for (int i = 0; i < count; i++) {
      Geography.Country country = RandomDraws.pick(random, Geography.COUNTRIES);
      users.add(new User(
        RandomDraws.uuid(random).toString(),
        uniqueEmail(random, emails, i),
        country.code(),
        RandomDraws.pick(random, country.cities()),
        RandomDraws.pick(random, DEVICE_AGENTS)));
    }
    return List.copyOf(users);
  }

  private static String uniqueEmail(RandomGenerator random, Set<String> taken, int index) {
    for (int attempt = 0; attempt < 10; attempt++) {
      String email = email(random, Integer.toString(random.nextInt(100)));
      if (taken.add(email)) {
        return email;
      }
    }
    String email = email(random, "." + index);
    taken.add(email);
    return email;
  }

  private static String email(RandomGenerator random, String suffix) {
    String local = RandomDraws.pick(random, FIRST_NAMES) + (random.nextBoolean() ? "." : "_")
      + RandomDraws.pick(random, LAST_NAMES) + suffix;
    return (local + "@" + RandomDraws.pick(random, EMAIL_DOMAINS)).toLowerCase(Locale.ROOT);
  }

  private static List<String> ips(RandomGenerator random, int count) {
    Set<String> ips = new LinkedHashSet<>();
    while (ips.size() < count) {
      ips.add(RandomDraws.chance(random, IPV6_SHARE) ? ipv6(random) : ipv4(random));
    }
    return List.copyOf(ips);
  }

  private static String ipv4(RandomGenerator random) {
    return PUBLIC_FIRST_OCTETS[random.nextInt(PUBLIC_FIRST_OCTETS.length)]
      + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + RandomDraws.between(random, 1, 254);
  }

  private static String ipv6(RandomGenerator random) {
    StringBuilder address = new StringBuilder(RandomDraws.pick(random, IPV6_PREFIXES));
    for (int group = 0; group < 6; group++) {
      address.append(':').append(Integer.toHexString(random.nextInt(0x10000)));
    }
    return address.toString();
  }
}
