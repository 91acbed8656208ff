package io.tspipe.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@link SearchLatency}.
 *
 * @param url         base URL of the web role, without a trailing slash ({@code http://127.0.0.1:3000})
 * @param seconds     how long requests are measured, after the warm-up
 * @param warmup      seconds of load whose requests are not measured
 * @param concurrency requests kept in flight at every moment (a closed loop)
 * @param json        where the figures are also written as JSON, if anywhere
 */
public record BenchOptions(String url, int seconds, int warmup, int concurrency, Optional<Path> json) {

  public static final String USAGE = """
    usage: java -jar tspipe-bench.jar [--url http://127.0.0.1:3000] [--seconds 30] [--warmup 5] [--concurrency 4]
                                      [--json <file>]

    Measures the latency of the web role's investigator queries as a client sees it. Samples user ids, IPs and
    emails from the newest indexed events, then keeps --concurrency requests in flight for --warmup seconds (not
    measured) and --seconds seconds (measured), round-robin over a fixed mix: searches by user, IP and email, a
    filtered search with facets, a time-range search sorted by latency, a deep page, and the ClickHouse entity
    profile of a user. Prints exact p50/p95/p99/max per query kind; --json also writes them to a file.
    Exit status: 0 measured, 1 failed or some requests failed, 2 bad arguments.
    """;

  public static final String DEFAULT_URL = "http://127.0.0.1:3000";
  public static final int MAX_CONCURRENCY = 256;

  private static final Set<String> NAMES = Set.of("--url", "--seconds", "--warmup", "--concurrency", "--json");

  public BenchOptions {
    json = json == null ? Optional.empty() : json;
  }

  /**
   * Reads {@code --name value} or {@code --name=value} arguments; empty when help is asked for.
   *
   * @throws IllegalArgumentException naming the argument that is unknown, repeated, missing its value or out of range
   */
  public static Optional<BenchOptions> parse(List<String> arguments) {
    if (arguments.contains("--help") || arguments.contains("-h")) {
      return Optional.empty();
    }
    String url = DEFAULT_URL;
    int seconds = 30;
    int warmup = 5;
    int concurrency = 4;
    Path json = null;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      int equals = argument.indexOf('=');
      String name = equals < 0 ? argument : argument.substring(0, equals);
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown argument '" + argument + "'; known: " + String.join(", ",
          NAMES.stream().sorted().toList()));
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException(name + " is given twice");
      }
      String value;
      if (equals >= 0) {
        value = argument.substring(equals + 1);
      } else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
        value = arguments.get(++i);
      } else {
        value = "";
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--url" -> url = baseUrl(value);
        case "--seconds" -> seconds = integer(name, value, 1, 86_400);
        case "--warmup" -> warmup = integer(name, value, 0, 86_400);
        case "--concurrency" -> concurrency = integer(name, value, 1, MAX_CONCURRENCY);
        default -> json = Path.of(value);
      }
    }
    return Optional.of(new BenchOptions(url, seconds, warmup, concurrency, Optional.ofNullable(json)));
  }

  private static String baseUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--url: '" + value + "' is not an http(s) base URL like " + DEFAULT_URL
        + " (" + e.getReason() + ")");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
      || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("--url: '" + value + "' is not an http(s) base URL like " + DEFAULT_URL);
    }
    String url = uri.toString();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  private static int integer(String name, String value, int min, int max) {
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new IllegalArgumentException(name + ": expected an integer from " + min + " to " + max + ", got '" + value
      + "'");
  }
}
