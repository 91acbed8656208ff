package io.tspipe.bench.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The harness's measurements block their caller until done; these keep them off event loops and bound the wait. */
final class Blocking {

  private Blocking() {
  }

  /** Refuses to go on on an event loop, where blocking would stall the very load being measured. */
  static void refuseEventLoop(String what) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(what + " blocks until measured: call it from the orchestrating thread");
    }
  }

  /**
   * The result of {@code future}, waited for at most {@code timeout}; a failure or a timeout as an
   * {@link IllegalStateException} naming {@code what} and saying which of the two happened (Vert.x's own request
   * timeout is itself a {@link TimeoutException}).
   */
  static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException timedOut) {
      if (future.failed()) {
        throw new IllegalStateException(what + " failed: " + future.cause().getMessage(), future.cause());
      }
      throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s", timedOut);
    }
  }
}
