package io.tspipe.generator;

import java.math.BigDecimal;

/**
 * How many records are due, for a steady {@code perSecond} rate; pure, time passed in. The schedule is absolute
 * ({@code floor(perSecond × elapsed)} since the start), so fractional remainders carry over and the count is
 * exact over any stretch of time however irregular the ticks. What is due but not yet sent is owed; a backlog
 * beyond {@code maxBacklog} is forfeited (counted, never sent later) so a long stall does not turn into an
 * unbounded burst.
 */
public final class RatePacer {

  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private final double perSecond;
  private final BigDecimal exactPerSecond;
  private final long maxBacklog;
  private final long startNanos;
  private long scheduled;
  private long owed;
  private long forfeited;

  public RatePacer(double perSecond, long maxBacklog, long startNanos) {
    if (perSecond <= 0 || maxBacklog < 1) {
      throw new IllegalArgumentException("the rate and the backlog must be positive");
    }
    this.perSecond = perSecond;
    this.exactPerSecond = BigDecimal.valueOf(perSecond);
    this.maxBacklog = maxBacklog;
    this.startNanos = startNanos;
  }

  /** A backlog of one second's worth (at least one record). */
  public static RatePacer startingAt(double perSecond, long startNanos) {
    return new RatePacer(perSecond, Math.max(1, (long) Math.ceil(perSecond)), startNanos);
  }

  /** Records owed at {@code nowNanos}: newly due ones plus those not yet {@link #sent}, capped at the backlog. */
  public long due(long nowNanos) {
    long total = scheduledBy(nowNanos);
    if (total > scheduled) {
      owed += total - scheduled;
      scheduled = total;
    }
    if (owed > maxBacklog) {
      forfeited += owed - maxBacklog;
      owed = maxBacklog;
    }
    return owed;
  }

  /** {@code floor(perSecond × elapsed)} in decimal arithmetic: binary floating point would lose a record at 0.29 s × 100k/s. */
  private long scheduledBy(long nowNanos) {
    return exactPerSecond.multiply(BigDecimal.valueOf(nowNanos - startNanos))
      .divideToIntegralValue(NANOS_PER_SECOND)
      .longValue();
  }

  public void sent(long count) {
    owed -= Math.min(count, owed);
  }

  /** Records that fell due but were dropped from a backlog that could not be sent. */
  public long forfeited() {
    return forfeited;
  }

  public double perSecond() {
    return perSecond;
  }
}
