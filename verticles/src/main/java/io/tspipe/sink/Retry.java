package io.tspipe.sink;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;

import java.util.function.BooleanSupplier;
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
    attempt(what, operation, keepGoing, 1, initialDelayMs, result);
    return result.future();
  }

  private <T> void attempt(String what, Supplier<Future<T>> operation, BooleanSupplier keepGoing,
                           int attempt, long delayMs, Promise<T> result) {
    operation.get().onComplete(done -> {
      if (done.succeeded()) {
        if (attempt > 1) {
          log.info("{} succeeded after {} attempts", what, attempt);
        }
        result.complete(done.result());
      } else if (!keepGoing.getAsBoolean()) {
        result.fail(done.cause());
      } else {
        log.warn("{} failed (attempt {}), retrying in {} ms: {}", what, attempt, delayMs, done.cause().getMessage());
        vertx.setTimer(delayMs, id ->
          attempt(what, operation, keepGoing, attempt + 1, Math.min(delayMs * 2, maxDelayMs), result));
      }
    });
  }
}
