package io.tspipe.generator;

import io.tspipe.event.EventType;

import java.util.Arrays;
import java.util.Locale;

/**
 * Counters behind the periodic one-line summary: what was handed to the producer (by type, bad, duplicates),
 * what the broker acknowledged or refused, and the rate really achieved, per interval. Pure; time passed in.
 */
final class Progress {

  private final long[] sentByType = new long[EventType.values().length];
  private long bad;
  private long duplicates;
  private long acked;
  private long failed;
  private long totalSent;
  private long intervalStartNanos;
  private long forfeitedAtStart;
  private String lastError;

  Progress(long startNanos) {
    this.intervalStartNanos = startNanos;
  }

  void sent(OutgoingEvent event) {
    sentByType[event.type().ordinal()]++;
    totalSent++;
    switch (event.kind()) {
      case BAD -> bad++;
      case DUPLICATE -> duplicates++;
      case GOOD -> { }
    }
  }

  void acked() {
    acked++;
  }

  /** Counts a refused record; true for the first refusal of the interval, the one worth logging in full. */
  boolean failed(Throwable error) {
    failed++;
    lastError = String.valueOf(error.getMessage());
    return failed == 1;
  }

  long totalSent() {
    return totalSent;
  }

  /** The line for the interval ending at {@code nowNanos}; starts the next interval. */
  String summarize(long nowNanos, boolean attacking, double targetPerSecond, long inFlight, long forfeitedTotal) {
    double seconds = Math.max(1e-9, (nowNanos - intervalStartNanos) / 1e9);
    long sent = 0;
    for (long count : sentByType) {
      sent += count;
    }
    double rate = sent / seconds;
    long forfeited = forfeitedTotal - forfeitedAtStart;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
      "sent %d in %.1fs (account_activity=%d api_request=%d email_send=%d bad=%d duplicates=%d), "
        + "acked %d, failed %d, in flight %d, attacking=%s, achieved %.1f/s of %.1f/s target",
      sent, seconds, sentByType[EventType.ACCOUNT_ACTIVITY.ordinal()], sentByType[EventType.API_REQUEST.ordinal()],
      sentByType[EventType.EMAIL_SEND.ordinal()], bad, duplicates, acked, failed, inFlight, attacking, rate,
      targetPerSecond));
    if (forfeited > 0) {
      line.append(String.format(Locale.ROOT, "; behind target: %d due records not generated (backpressure or CPU)",
        forfeited));
    }
    if (failed > 0) {
      line.append("; last send error: ").append(lastError);
    }
    reset(nowNanos, forfeitedTotal);
    return line.toString();
  }

  private void reset(long nowNanos, long forfeitedTotal) {
    Arrays.fill(sentByType, 0);
    bad = 0;
    duplicates = 0;
    acked = 0;
    failed = 0;
    lastError = null;
    intervalStartNanos = nowNanos;
    forfeitedAtStart = forfeitedTotal;
  }
}
