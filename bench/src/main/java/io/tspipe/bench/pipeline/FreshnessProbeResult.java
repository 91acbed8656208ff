package io.tspipe.bench.pipeline;

import io.tspipe.bench.LatencyStats;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What a {@link FreshnessProbe} run measured. Freshness is per probe: the start of the first poll that found it
 * minus its timestamp, on one monotonic clock; its resolution is {@code pollInterval}, or a poll's round trip when
 * that is longer (polls never overlap).
 *
 * @param seconds       how long probes were produced
 * @param ratePerSecond probes produced per second, as configured
 * @param pollInterval  how often each store was polled: the resolution of the figures
 * @param timeout       how long after its timestamp a probe not found counts as lost
 * @param sent          probes handed to the producer
 * @param sendFailures  probes the broker never acknowledged (not counted as lost)
 * @param produceAck    from a probe's timestamp to the broker's acknowledgement (acks=all): the part of freshness
 *                      spent producing
 * @param clickHouse    visibility to a ClickHouse query of the events table
 * @param search        visibility to a Meilisearch search of the events index
 */
public record FreshnessProbeResult(double seconds, int ratePerSecond, Duration pollInterval, Duration timeout,
                                   long sent, long sendFailures, LatencyStats produceAck, StoreFigures clickHouse,
                                   StoreFigures search) {

  /**
   * The figures of one store.
   *
   * @param found         probes found before the timeout
   * @param lost          probes not found within the timeout
   * @param freshness     from each found probe's timestamp to the start of the first poll that found it
   * @param polls         polls sent (none while the store owed no probe)
   * @param pollErrors    polls the store did not answer
   * @param pollRoundTrip wall time of the polls: when longer than the poll interval, the actual resolution
   * @param lostIds       the event ids of the lost probes
   */
  public record StoreFigures(long found, long lost, LatencyStats freshness, long polls, long pollErrors,
                             LatencyStats pollRoundTrip, List<UUID> lostIds) {
  }

  /** The figures as a few lines of text. */
  public String summary() {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
      "freshness-probe: %.1f s at %d probes/s: %d sent, %d failed to send; poll every %d ms, lost after %d s%n"
        + "  produce -> broker ack  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%n",
      seconds, ratePerSecond, sent, sendFailures, pollInterval.toMillis(), timeout.toSeconds(),
      produceAck.p50(), produceAck.p95(), produceAck.p99(), produceAck.max()));
    line(text, "clickhouse", clickHouse);
    line(text, "search", search);
    return text.toString();
  }

  private static void line(StringBuilder text, String label, StoreFigures figures) {
    LatencyStats f = figures.freshness();
    LatencyStats poll = figures.pollRoundTrip();
    text.append(String.format(Locale.ROOT,
      "  produce -> %-10s  p50 %.0f ms  p95 %.0f ms  p99 %.0f ms  max %.0f ms; %d found, %d lost; "
        + "%d polls (%d failed), round trip p50 %.1f ms, max %.1f ms%n",
      label, f.p50(), f.p95(), f.p99(), f.max(), figures.found(), figures.lost(), figures.polls(),
      figures.pollErrors(), poll.p50(), poll.max()));
    if (!figures.lostIds().isEmpty()) {
      text.append("    lost: ").append(figures.lostIds().stream().limit(10).map(UUID::toString).toList())
        .append(figures.lostIds().size() > 10 ? " …" : "").append(System.lineSeparator());
    }
  }
}
