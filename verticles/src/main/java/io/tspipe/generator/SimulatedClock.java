package io.tspipe.generator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The generator's clock when it writes simulated time: it stands still until {@link #advanceNanos} moves it, so an
 * hour of traffic can be written in the seconds the machine needs.
 */
final class SimulatedClock extends Clock {

  private final long startMillis;
  private long elapsedNanos;

  SimulatedClock(Instant start) {
    this.startMillis = start.toEpochMilli();
  }

  void advanceNanos(long nanos) {
    elapsedNanos += nanos;
  }

  @Override
  public long millis() {
    return startMillis + elapsedNanos / 1_000_000;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulated clock is UTC");
  }
}
