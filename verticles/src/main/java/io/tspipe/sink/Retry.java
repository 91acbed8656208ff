package io.tspipe.sink;

import io.tspipe.sink.clickhouse.ClickHouseException;
import io.tspipe.sink.search.MeilisearchException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one backoff used by every writer: repeat an operation until it succeeds, waiting twice as long after each
 * failure up to a ceiling, for as long as {@code keepGoing} says so. A sink that is down makes its writer wait,
 * never drop data.
 */
public final class Retry {

  private final Vertx vertx;
  private final long initialDelayMs;
  private final long maxDelayMs;
  private final Logger log;

  public Retry(Vertx vertx, long initialDelayMs, long maxDelayMs, Logger log) {
    this.vertx = vertx;
    this.initialDelayMs = initialDelayMs;
    this.maxDelayMs = maxDelayMs;
    this.log = log;
  }

  /** Runs {@code operation} until it succeeds; fails only once {@code keepGoing} turns false. */
  public <T> Future<T> untilSuccess(String what, Supplier<Future<T>> operation, BooleanSupplier keepGoing) {
    Promise<T> result = Promise.promise();
    attempt(what, operation, failure -> keepGoing.getAsBoolean(), 1, initialDelayMs, result);
    return result.future();
  }

  /**
   * Runs {@code operation} until it succeeds, as a command that must end does: a failure that is not
   * {@link #isTransient transient} fails at once, and once {@code giveUpAfterMs} have passed since the first attempt
   * the last failure is the answer.
   */
  public <T> Future<T> withinDeadline(String what, Supplier<Future<T>> operation, long giveUpAfterMs) {
    long giveUpAtNanos = System.nanoTime() + giveUpAfterMs * 1_000_000;
    Promise<T> result = Promise.promise();
    attempt(what, operation, failure -> isTransient(failure) && System.nanoTime() < giveUpAtNanos, 1, initialDelayMs,
      result);
    return result.future();
  }

  /**
   * Whether waiting may heal {@code failure}: a refusal by ClickHouse or Meilisearch (HTTP 4xx other than a timeout or
   * throttling: bad request, bad key, unknown table) and a failed Meilisearch task will not; a refused connection, a
   * timeout or a server error may.
   */
  public static boolean isTransient(Throwable failure) {
    int status;
    if (failure instanceof ClickHouseException error) {
      status = error.httpStatus();
    } else if (failure instanceof MeilisearchException error) {
      status = error.httpStatus();
    } else {
      return true;
    }
    return status >= 500 || status == 408 || status == 429;
  }

  private <T> void attempt(String what, Supplier<Future<T>> operation, Predicate<Throwable> keepGoing,
                           int attempt, long delayMs, Promise<T> result) {
    operation.get().onComplete(done -> {
      if (done.succeeded()) {
        if (attempt > 1) {
          log.info("{} succeeded after {} attempts", what, attempt);
        }
        result.complete(done.result());
      } else if (!keepGoing.test(done.cause())) {
        result.fail(done.cause());
      } else {
        log.warn("{} failed (attempt {}), retrying in {} ms: {}", what, attempt, delayMs, done.cause().getMessage());
        vertx.setTimer(delayMs, id ->
          attempt(what, operation, keepGoing, attempt + 1, Math.min(delayMs * 2, maxDelayMs), result));
      }
    });
  }
}
