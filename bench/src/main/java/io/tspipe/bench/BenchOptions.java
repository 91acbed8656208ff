package io.tspipe.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * @param mix         the queries that take turns
 * @param apiKey      sent as {@code X-API-Key} with every request, if given
 */
public record BenchOptions(String url, int seconds, int warmup, int concurrency, Optional<Path> json, Mix mix,
                           Optional<String> apiKey) {

  public static final String USAGE = """
    usage: java -jar tspipe-bench.jar [--url http://127.0.0.1:3000] [--mix search|dashboard] [--seconds 30]
                                      [--warmup 5] [--concurrency 4] [--api-key <key>] [--json <file>]

    Measures the latency of the web role's read APIs as a client sees it: keeps --concurrency requests in flight for
    --warmup seconds (not measured) and --seconds seconds (measured), round-robin over the query kinds of a fixed
    mix. Prints exact p50/p95/p99/max per kind and for the mix's kinds together; --json also writes them, and the
    mix's name, to a file.
      --mix search     (the default) samples user ids, IPs and emails from the newest indexed events, then takes
                       turns over searches by user, IP and email, a filtered search with facets, a time-range search
                       sorted by latency, a deep page (together: all searches), and the ClickHouse entity profile of
                       a user (apart).
      --mix dashboard  samples nothing (an empty search index will do) but checks the KPIs of 1 h are answered 200,
                       then takes turns over the dashboard's KPIs of 1 h and 24 h, time series of 1 h and of 24 h by
                       5 min, data quality of 1 h, suspicious IPs of 15 min and attack windows of 24 h (together: all
                       dashboard).
      --api-key <key>  sends the header X-API-Key: <key> with every request, for a web role that requires API keys.
    Exit status: 0 measured, 1 failed or some requests failed, 2 bad arguments.
    """;

  public static final String DEFAULT_URL = "http://127.0.0.1:3000";
  public static final int MAX_CONCURRENCY = 256;

  private static final Set<String> NAMES = Set.of("--url", "--mix", "--seconds", "--warmup", "--concurrency",
    "--api-key", "--json");

  public BenchOptions {
    json = json == null ? Optional.empty() : json;
    mix = mix == null ? Mix.SEARCH : mix;
    apiKey = apiKey == null ? Optional.empty() : apiKey;
  }

  /** Never shows the API key, only whether there is one. */
  @Override
  public String toString() {
    return "BenchOptions[url=" + url + ", seconds=" + seconds + ", warmup=" + warmup + ", concurrency=" + concurrency
      + ", json=" + json + ", mix=" + mix.label() + ", apiKey=" + (apiKey.isPresent() ? "(given)" : "(none)") + "]";
  }

  /**
   * Reads {@code --name value} or {@code --name=value} arguments; empty when help is asked for.
   *
   * @throws IllegalArgumentException naming the argument that is unknown, repeated, missing its value or out of range
   */
  public static Optional<BenchOptions> parse(List<String> arguments) {
    String url = DEFAULT_URL;
    int seconds = 30;
    int warmup = 5;
    int concurrency = 4;
    Path json = null;
    Mix mix = Mix.SEARCH;
    String apiKey = null;
    Optional<Map<String, String>> read = LongOptions.read(arguments, NAMES);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> argument : read.get().entrySet()) {
      String name = argument.getKey();
      String value = argument.getValue();
      switch (name) {
        case "--url" -> url = baseUrl(value);
        case "--seconds" -> seconds = integer(name, value, 1, 86_400);
        case "--warmup" -> warmup = integer(name, value, 0, 86_400);
        case "--concurrency" -> concurrency = integer(name, value, 1, MAX_CONCURRENCY);
        case "--mix" -> mix = mix(value);
        case "--api-key" -> apiKey = apiKey(value);
        default -> json = Path.of(value);
      }
    }
    return Optional.of(new BenchOptions(url, seconds, warmup, concurrency, Optional.ofNullable(json), mix,
      Optional.ofNullable(apiKey)));
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

  private static Mix mix(String value) {
    try {
      return Mix.of(value);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException("--mix: " + unknown.getMessage());
    }
  }

  /** A header value: visible ASCII characters and inner spaces only, never shown in the message. */
  private static String apiKey(String value) {
    boolean visible = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (!visible || !value.strip().equals(value)) {
      throw new IllegalArgumentException("--api-key: the key must be printable ASCII without leading or trailing "
        + "spaces, as an HTTP header value");
    }
    return value;
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
