package io.tspipe.bench.pipeline;

import java.net.URI;
import java.time.Duration;

/**
 * How {@link SseFanout} subscribes.
 *
 * @param webUrl           the web role's base URL; subscribers open {@code <webUrl>/api/v1/stream/metrics}
 * @param subscribers      concurrent subscribers, one connection each (default 2,000)
 * @param hold             how long {@link SseFanout#run} holds them once all are connected (default 60 s)
 * @param connectTimeout   a subscriber not answered within this is a failed connection (default 10 s)
 * @param maxConnecting    connection attempts in flight at once while subscribing (default 200)
 * @param progressInterval how often a progress line is printed (default 5 s)
 * @param apiKey           sent as {@code X-API-Key} when the web role requires keys; blank for none
 */
public record SseFanoutSettings(URI webUrl, int subscribers, Duration hold, Duration connectTimeout, int maxConnecting,
                                Duration progressInterval, String apiKey) {

  public static final String FEED_PATH = "/api/v1/stream/metrics";

  public SseFanoutSettings {
    if (subscribers < 1 || maxConnecting < 1) {
      throw new IllegalArgumentException("subscribers " + subscribers + " and maxConnecting " + maxConnecting
        + " must be positive");
    }
    if (connectTimeout.toMillis() < 1 || progressInterval.toMillis() < 1 || hold.isNegative()) {
      throw new IllegalArgumentException("connect timeout " + connectTimeout + " and progress interval "
        + progressInterval + " must be positive, hold " + hold + " not negative");
    }
  }

  public static SseFanoutSettings defaults(URI webUrl) {
    return new SseFanoutSettings(webUrl, 2_000, Duration.ofSeconds(60), Duration.ofSeconds(10), 200,
      Duration.ofSeconds(5), "");
  }

  public SseFanoutSettings withSubscribers(int count) {
    return new SseFanoutSettings(webUrl, count, hold, connectTimeout, maxConnecting, progressInterval, apiKey);
  }

  public SseFanoutSettings withHold(Duration duration) {
    return new SseFanoutSettings(webUrl, subscribers, duration, connectTimeout, maxConnecting, progressInterval, apiKey);
  }

  public SseFanoutSettings withApiKey(String key) {
    return new SseFanoutSettings(webUrl, subscribers, hold, connectTimeout, maxConnecting, progressInterval, key);
  }

  /** The feed's absolute URL. */
  public String feedUrl() {
    return webUrl.toString().replaceAll("/+$", "") + FEED_PATH;
  }
}
