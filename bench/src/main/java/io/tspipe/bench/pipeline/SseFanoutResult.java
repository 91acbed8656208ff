package io.tspipe.bench.pipeline;

import io.tspipe.bench.LatencyStats;

import java.util.List;
import java.util.Locale;

/**
 * What an {@link SseFanout} run measured, over the time all subscribers were held (from the moment every one had
 * connected or failed until stop). A tick's delay is its receive time minus its {@code at}, on the wall clock, to the
 * millisecond; the replay a newcomer gets at once is not counted.
 *
 * @param seconds               how long the subscribers were held and measured
 * @param subscribers           subscribers asked for
 * @param connected             subscribers whose feed answered 200
 * @param failed                subscribers that could not connect, timed out, or were answered otherwise
 * @param openAtEnd             subscribers still connected when the run stopped
 * @param ticks                 tick deliveries measured, over every subscriber
 * @param distinctTicks         distinct ticks (by {@code at}) among them
 * @param minTicksPerSubscriber fewest ticks a subscriber open at the end received (0 when none is)
 * @param maxTicksPerSubscriber most ticks a subscriber received
 * @param unreadable            data events that were not a tick with a readable {@code at}
 * @param delay                 per delivery, receive time minus the tick's {@code at}
 * @param failures              the distinct reasons of failed connections, at most a few
 */
public record SseFanoutResult(double seconds, int subscribers, int connected, int failed, int openAtEnd, long ticks,
                              int distinctTicks, long minTicksPerSubscriber, long maxTicksPerSubscriber,
                              long unreadable, LatencyStats delay, List<String> failures) {

  /** The figures as a few lines of text. */
  public String summary() {
    String text = String.format(Locale.ROOT,
      "sse-fanout: %.1f s held: %d of %d subscribers connected, %d failed, %d still open at the end%n"
        + "  %d ticks received (%d distinct, %d to %d per subscriber), %d unreadable%n"
        + "  delay tick at -> received  p50 %.0f ms  p95 %.0f ms  p99 %.0f ms  max %.0f ms%n",
      seconds, connected, subscribers, failed, openAtEnd, ticks, distinctTicks, minTicksPerSubscriber,
      maxTicksPerSubscriber, unreadable, delay.p50(), delay.p95(), delay.p99(), delay.max());
    return failures.isEmpty() ? text : text + "  failures: " + failures + System.lineSeparator();
  }
}
