package io.tspipe.bench.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.ByteBuffer;

/**
 * The features of the rule {@code ip_login_failures} over one window of one address, as the window's aggregate:
 * {@code attempts: count()}, {@code failures: count(not success)}, {@code failure_rate: failures / attempts}, and
 * whether {@code failures >= 5 and failure_rate >= 0.5} has held in the window. {@link #firstHeldNow} is true on the
 * one update at which it first held, so a window emits its detection once, when the evidence is there, whatever the
 * logins that follow.
 *
 * @param lastEventMs event time of the login added last: at the update that first holds, the login that completed the
 *                    evidence
 */
public record LoginCounts(long attempts, long failures, boolean held, boolean firstHeldNow, long lastEventMs) {

  static final long MIN_FAILURES = 5;
  static final double MIN_FAILURE_RATE = 0.5;

  static final LoginCounts NONE = new LoginCounts(0, 0, false, false, 0);

  /** The window with {@code login} added. */
  public LoginCounts add(LoginAttempt login) {
    long moreAttempts = attempts + 1;
    long moreFailures = failures + (login.success() ? 0 : 1);
    boolean holds = holds(moreAttempts, moreFailures);
    return new LoginCounts(moreAttempts, moreFailures, held || holds, holds && !held, login.timestampMs());
  }

  /** {@code failures / attempts}; 0 without attempts, as the rule compiler divides. */
  public double failureRate() {
    return failureRate(attempts, failures);
  }

  /** The rule's condition: {@code failures >= 5 and failure_rate >= 0.5}. */
  static boolean holds(long attempts, long failures) {
    return failures >= MIN_FAILURES && failureRate(attempts, failures) >= MIN_FAILURE_RATE;
  }

  private static double failureRate(long attempts, long failures) {
    return attempts == 0 ? 0 : (double) failures / attempts;
  }

  /** Fixed 25 bytes: the two counts, the two flags, the last event's time. */
  static final Serde<LoginCounts> SERDE = Serdes.serdeFrom(LoginCounts::toBytes, LoginCounts::fromBytes);

  private static byte[] toBytes(String topic, LoginCounts counts) {
    if (counts == null) {
      return null;
    }
    return ByteBuffer.allocate(3 * Long.BYTES + 1).putLong(counts.attempts).putLong(counts.failures)
      .put((byte) ((counts.held ? 1 : 0) | (counts.firstHeldNow ? 2 : 0))).putLong(counts.lastEventMs).array();
  }

  private static LoginCounts fromBytes(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(data);
    long attempts = buffer.getLong();
    long failures = buffer.getLong();
    byte flags = buffer.get();
    return new LoginCounts(attempts, failures, (flags & 1) != 0, (flags & 2) != 0, buffer.getLong());
  }
}
