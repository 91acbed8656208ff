package io.tspipe.bench.pipeline;

import java.time.Duration;

/**
 * How the {@link FreshnessProbe} runs.
 *
 * @param ratePerSecond    probe events produced per second (default 20)
 * @param pollInterval     how often ClickHouse and search are each asked for the outstanding probes (default 25 ms);
 *                         the resolution of the measurement, unless a poll takes longer
 * @param timeout          a probe not found this long after its timestamp is lost (default 30 s)
 * @param progressInterval how often a progress line is printed (default 5 s)
 */
public record FreshnessProbeSettings(int ratePerSecond, Duration pollInterval, Duration timeout,
                                     Duration progressInterval) {

  public FreshnessProbeSettings {
    if (ratePerSecond < 1 || ratePerSecond > 10_000) {
      throw new IllegalArgumentException("probe rate " + ratePerSecond + "/s is not in [1, 10000]");
    }
    if (pollInterval.toMillis() < 1 || timeout.compareTo(pollInterval) <= 0 || progressInterval.toMillis() < 1) {
      throw new IllegalArgumentException("poll interval " + pollInterval + ", timeout " + timeout
        + " and progress interval " + progressInterval + " must be positive, the timeout longer than the poll interval");
    }
  }

  public static FreshnessProbeSettings defaults() {
    return new FreshnessProbeSettings(20, Duration.ofMillis(25), Duration.ofSeconds(30), Duration.ofSeconds(5));
  }

  public FreshnessProbeSettings withRatePerSecond(int rate) {
    return new FreshnessProbeSettings(rate, pollInterval, timeout, progressInterval);
  }

  public FreshnessProbeSettings withPollInterval(Duration interval) {
    return new FreshnessProbeSettings(ratePerSecond, interval, timeout, progressInterval);
  }

  public FreshnessProbeSettings withTimeout(Duration lostAfter) {
    return new FreshnessProbeSettings(ratePerSecond, pollInterval, lostAfter, progressInterval);
  }

  public FreshnessProbeSettings withProgressInterval(Duration interval) {
    return new FreshnessProbeSettings(ratePerSecond, pollInterval, timeout, interval);
  }
}
