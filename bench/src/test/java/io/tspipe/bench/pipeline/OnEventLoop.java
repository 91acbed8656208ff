package io.tspipe.bench.pipeline;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Runs a call on an event loop of a test's Vert.x, to check that a blocking measurement refuses to run there. */
final class OnEventLoop {

  private OnEventLoop() {
  }

  /** What {@code call} threw when run on an event loop of {@code vertx}; null when it threw nothing. */
  static Throwable thrownBy(Vertx vertx, Runnable call) {
    Promise<Throwable> thrown = Promise.promise();
    vertx.runOnContext(v -> {
      try {
        call.run();
        thrown.complete(null);
      } catch (RuntimeException refused) {
        thrown.complete(refused);
      }
    });
    return thrown.future().await();
  }
}
