package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongPredicate;

/**
 * The waits of a harness's phases on a {@link LocalPipeline}, each printing its progress every
 * {@link #PROGRESS_INTERVAL} and failing if a role of the run died meanwhile. Blocking: the orchestrating thread only.
 */
public final class Waits {

  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
  private static final Duration UNTIL_CHECK_INTERVAL = Duration.ofSeconds(1);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration GROWING_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETTLE_LIMIT = Duration.ofMinutes(10);
  private static final int SETTLED_CHECKS = 5;

  /** A count of what the engines hold. */
  @FunctionalInterface
  interface Counter {
    long count(StoreCounts counts) throws IOException, InterruptedException;
  }

  private Waits() {
  }

  /** Waits {@code seconds}, printing what ClickHouse holds every few seconds. */
  static void watch(LocalPipeline run, String what, int seconds) throws IOException, InterruptedException {
    progress(run, what, seconds, StoreCounts::events, count -> false);
  }

  /** Waits {@code seconds}, printing what the search index holds every few seconds. */
  static void watchIndex(LocalPipeline run, String what, int seconds) throws IOException, InterruptedException {
    progress(run, what, seconds, StoreCounts::documents, count -> false);
  }

  /**
   * Waits {@code seconds}, printing the count and its rate every few seconds; fails if a role died meanwhile. Ends
   * early, within a second, once the count satisfies {@code until}.
   */
  static void progress(LocalPipeline run, String what, int seconds, Counter counter, LongPredicate until)
    throws IOException, InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long previous = counter.count(run.counts());
    long previousAt = System.nanoTime();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(UNTIL_CHECK_INTERVAL.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      long count = counter.count(run.counts());
      long now = System.nanoTime();
      boolean done = until.test(count);
      if (done || now - previousAt >= PROGRESS_INTERVAL.toNanos() || now >= end) {
        run.say("  %s: %,d (%,.0f/s over the last %.0f s), %s", what, count, (count - previous) / ((now - previousAt)
          / 1e9), (now - previousAt) / 1e9, done ? "done" : Math.max(0, (end - now) / 1_000_000_000) + " s left");
        previous = count;
        previousAt = now;
      }
      run.checkRolesAlive();
      if (done) {
        return;
      }
    }
  }

  /**
   * Waits until {@code counter} on {@code role}'s metrics grows: a worker first primes its duplicate window from
   * ClickHouse, which takes a while over a large recent store, and no measurement may include that. A role too busy
   * to answer its metrics in time is asked again.
   */
  public static void awaitGrowing(LocalPipeline run, RoleProcess role, String counter, String what)
    throws InterruptedException {
    double first = counter(role, counter);
    long started = System.nanoTime();
    long deadline = started + GROWING_TIMEOUT.toNanos();
    long nextSay = started + PROGRESS_INTERVAL.toNanos();
    while (!(counter(role, counter) > (Double.isNaN(first) ? 0 : first))) {
      run.checkRolesAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited 5 min for " + what + "; see " + role.logFile());
      }
      if (System.nanoTime() > nextSay) {
        run.say("  waiting for %s (%.0f s so far)", what, (System.nanoTime() - started) / 1e9);
        nextSay += PROGRESS_INTERVAL.toNanos();
      }
      Thread.sleep(250);
    }
  }

  /** {@code counter} on {@code role}'s metrics; NaN when it does not answer in time. */
  private static double counter(RoleProcess role, String counter) throws InterruptedException {
    try {
      return Exposition.sum(role.metrics(), counter, "");
    } catch (IOException notAnswering) {
      return Double.NaN;
    }
  }

  /**
   * After the warm-up, waits until the worker's consumer group is at most a second of {@code rate} behind Kafka (its
   * batches in the making and being written hold a few tenths of one), at most {@link #CATCH_UP_TIMEOUT}, so the
   * probes measure the rate sustained rather than a backlog left from the start. The search index is not waited for:
   * whether the indexer keeps up is part of what is measured. Returns the group's lag, in records, when probing begins.
   */
  static long awaitCaughtUp(LocalPipeline run, String workerGroup, int rate) throws InterruptedException {
    long caughtUp = rate;
    long started = System.nanoTime();
    long deadline = started + CATCH_UP_TIMEOUT.toNanos();
    long nextSay = started + PROGRESS_INTERVAL.toNanos();
    long lag;
    try (ConsumerLag lags = new ConsumerLag(run.engines().kafkaBootstrap())) {
      lag = lags.of(workerGroup);
      while (lag > caughtUp && System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        lag = lags.of(workerGroup);
        if (System.nanoTime() > nextSay) {
          run.say("  catching up: the worker is %,d records behind", lag);
          nextSay += PROGRESS_INTERVAL.toNanos();
        }
      }
    }
    run.say("  probing with the worker %,d records behind%s", lag, lag > caughtUp
      ? String.format(Locale.ROOT, " (it did not catch up within %d s: it does not sustain this rate here)",
        CATCH_UP_TIMEOUT.toSeconds())
      : String.format(Locale.ROOT, ", after %.0f s of catching up", (System.nanoTime() - started) / 1e9));
    return lag;
  }

  /** Waits until the roles' consumers have caught up with Kafka (at most 30 s, then goes on, saying so). */
  static void awaitDrained(LocalPipeline run, List<RoleProcess> roles) throws IOException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + Duration.ofSeconds(30).toNanos();
    double lag;
    do {
      Thread.sleep(1_000);
      lag = 0;
      for (RoleProcess role : roles) {
        lag += Exposition.sum(role.metrics(), "tspipe_kafka_consumer_lag", "");
      }
    } while (lag > 1_000 && System.nanoTime() < deadline);
    run.say("  drained to %,.0f records of consumer lag in %.0f s%s", lag, (System.nanoTime() - started) / 1e9,
      lag > 1_000 ? " (gave up waiting: the next rate starts behind)" : "");
  }

  /**
   * Waits, at most {@link #SETTLE_LIMIT}, until ClickHouse has run no merge for {@link #SETTLED_CHECKS} checks
   * {@link #UNTIL_CHECK_INTERVAL} apart: after a fill, the engine merges the parts it wrote for minutes, and ingest
   * paused means a store at rest.
   */
  static void awaitMerged(LocalPipeline run) throws IOException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + SETTLE_LIMIT.toNanos();
    int quiet = 0;
    long lastSaid = started;
    while (quiet < SETTLED_CHECKS && System.nanoTime() < deadline) {
      Thread.sleep(UNTIL_CHECK_INTERVAL.toMillis());
      long merges = run.counts().mergesRunning();
      quiet = merges == 0 ? quiet + 1 : 0;
      if (System.nanoTime() - lastSaid >= PROGRESS_INTERVAL.toNanos()) {
        run.say("  settling: ClickHouse is running %d merges, %.0f s since ingest paused", merges,
          (System.nanoTime() - started) / 1e9);
        lastSaid = System.nanoTime();
      }
    }
    run.say("  settled: %s after %.0f s", quiet >= SETTLED_CHECKS ? "no merge running" : "merges still running (gave up"
      + " waiting)", (System.nanoTime() - started) / 1e9);
  }
}
