package io.tspipe.bench;

import java.util.OptionalDouble;

/**
 * What one row of the report says: requests of one kind (or of every kind its mix counts together) answered 200
 * during the measured period.
 *
 * @param name                 query kind, or the mix's aggregate row: {@code all searches}, {@code all dashboard}
 * @param latency              client-observed wall time of the requests answered 200
 * @param errors               requests not answered 200 (or not answered at all)
 * @param perSecond            requests answered 200 per second of the measured period
 * @param meanProcessingTimeMs mean {@code processingTimeMs} Meilisearch reported; empty for the entity profile and the
 *                             dashboard kinds
 */
public record Figures(String name, LatencyStats latency, long errors, double perSecond,
                      OptionalDouble meanProcessingTimeMs) {

  public int count() {
    return latency.count();
  }
}
