package io.tspipe.web.detections;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

/**
 * Which detection records a subscriber of {@code GET /api/v1/stream/detections} gets: those of one {@code rule}, one
 * entity {@code kind} and one {@code mode}, each all when absent. Pure: no I/O.
 */
public record DetectionFilter(String rule, String kind, String mode) implements Predicate<JsonObject> {

  /** Reads the filter from a query the API contract accepted. */
  public static DetectionFilter parse(MultiMap query) {
    return new DetectionFilter(query.get("rule"), query.get("kind"), query.get("mode"));
  }

  @Override
  public boolean test(JsonObject detection) {
    JsonObject entity = detection.getValue("entity") instanceof JsonObject object ? object : new JsonObject();
    return (rule == null || rule.equals(detection.getValue("rule")))
      && (kind == null || kind.equals(entity.getValue("kind")))
      && (mode == null || mode.equals(detection.getValue("mode")));
  }
}
