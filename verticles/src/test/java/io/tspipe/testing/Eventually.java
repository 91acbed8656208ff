package io.tspipe.testing;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.time.Duration;

/**
 * Waits for a condition of the system under test by running a check again and again until it passes: the one way the
 * tests wait for asynchronous work they can only observe from outside (a query's answer, an index's count, a log
 * line). Blocking: for the test thread only, never an event loop.
 *
 * <p>A check passes when it returns; an {@link AssertionError} or an exception is a failure and the check is run again,
 * every {@link #INTERVAL} unless told otherwise, until the timeout. Then {@code eventually} fails with an
 * {@link AssertionError} that says how long it waited and carries the last failure's message, with that failure as
 * its cause. A check throws {@link GiveUp} when waiting longer cannot help (the process it waits on has exited), or
 * runs a step through {@link #atOnce} whose assertions no wait can mend (an answer's status): {@code eventually}
 * rethrows it at once. While it waits it prints the last failure every {@link #PROGRESS}, so a slow
 * wait shows what it is waiting for in the test's output.
 */
public final class Eventually {

  /** The pause between two runs of a check, unless the caller gives one. */
  public static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Duration PROGRESS = Duration.ofSeconds(5);

  private Eventually() {
  }

  /** Runs {@code check} until it returns without failing, at most {@code timeout}; see the class comment. */
  public static void eventually(Duration timeout, Executable check) {
    eventually(timeout, INTERVAL, check);
  }

  /** As {@link #eventually(Duration, Executable)}, running {@code check} every {@code interval}. */
  public static void eventually(Duration timeout, Duration interval, Executable check) {
    eventually(timeout, interval, () -> {
      check.execute();
      return null;
    });
  }

  /** Runs {@code check} until it answers without failing, at most {@code timeout}, and answers what it answered. */
  public static <T> T eventually(Duration timeout, ThrowingSupplier<T> check) {
    return eventually(timeout, INTERVAL, check);
  }

  /** As {@link #eventually(Duration, ThrowingSupplier)}, running {@code check} every {@code interval}. */
  public static <T> T eventually(Duration timeout, Duration interval, ThrowingSupplier<T> check) {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    long nextProgress = started + PROGRESS.toNanos();
    int attempts = 0;
    Throwable last;
    while (true) {
      attempts++;
      try {
        return check.get();
      } catch (GiveUp hopeless) {
        throw hopeless;
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", interrupted);
      } catch (AssertionError | Exception failure) {
        last = failure;
      } catch (Error fatal) {
        throw fatal;
      } catch (Throwable other) {
        throw new AssertionError(other);
      }
      long now = System.nanoTime();
      if (now >= deadline) {
        throw new AssertionError("still failing after " + timeout + " (" + attempts + " attempts): " + describe(last),
          last);
      }
      if (now >= nextProgress) {
        System.out.printf("still waiting after %d s of %s: %s%n", Duration.ofNanos(now - started).toSeconds(), timeout,
          describe(last));
        nextProgress = now + PROGRESS.toNanos();
      }
      pause(Math.min(interval.toNanos(), deadline - now));
    }
  }

  /**
   * Runs {@code step} of a check, answering what it answers; an assertion it fails (an answer's status, a query that
   * must answer one row) is one no wait can mend, so it fails the wait at once, as a {@link GiveUp} with its message.
   * Exceptions pass as they are: the check is run again.
   */
  public static <T> T atOnce(ThrowingSupplier<T> step) throws Throwable {
    try {
      return step.get();
    } catch (GiveUp hopeless) {
      throw hopeless;
    } catch (AssertionError failed) {
      GiveUp hopeless = new GiveUp(failed.getMessage());
      hopeless.initCause(failed);
      throw hopeless;
    }
  }

  /** As {@link #atOnce(ThrowingSupplier)}, for a step that answers nothing. */
  public static void atOnce(Executable step) throws Throwable {
    atOnce(() -> {
      step.execute();
      return null;
    });
  }

  /** A failure waiting longer cannot mend, thrown by a check; {@code eventually} rethrows it at once. */
  public static final class GiveUp extends AssertionError {

    public GiveUp(String message) {
      super(message);
    }
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure instanceof AssertionError && message != null ? message
      : failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void pause(long nanos) {
    try {
      Thread.sleep(Math.max(1, nanos / 1_000_000)); // deliberate: the polling interval, between two runs of a check
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", interrupted);
    }
  }
}
