package io.tspipe.bench;

import io.tspipe.bench.QueryMix.Query;
import io.vertx.core.Future;

import java.time.Instant;

/**
 * What the engine is sent beside a request to the web role, at the same moment and under the same load: the
 * statements the request makes the web role run, sent straight to the engine, so the two latencies can be set side
 * by side.
 */
public interface EngineTwin {

  /**
   * Sends straight to the engine what {@code query}, made at {@code now}, makes the web role ask; completes once every
   * statement is answered, or fails with the first that fails.
   *
   * @throws IllegalArgumentException when {@code query} is of a kind it has no statements for
   */
  Future<Void> send(Query query, Instant now);
}
