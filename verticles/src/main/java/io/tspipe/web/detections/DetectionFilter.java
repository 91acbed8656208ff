package io.tspipe.web.detections;

import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

/**
 * Which detection records a subscriber of {@code GET /api/v1/stream/detections} gets: those of one {@code rule}, one
 * entity {@code kind} and one {@code mode}, each all when absent. Pure: no I/O.
 */
public record DetectionFilter(String rule, String kind, String mode) implements Predicate<JsonObject> {

  /** Reads the filter from the query; a {@link BadRequest} naming a bad parameter. */
  public static DetectionFilter parse(MultiMap query) {
    String rule = query.get("rule") == null ? null : DetectionsApi.rule("rule", query.get("rule"));
    String kind = query.get("kind") == null ? null : Subjects.kind("kind", query.get("kind")).wireName();
    String mode = query.get("mode");
    if (mode != null && !StoredDetections.MODES.contains(mode)) {
      throw new BadRequest("mode", "'" + Values.shorten(mode) + "' is not one of "
        + String.join(", ", StoredDetections.MODES));
    }
    return new DetectionFilter(rule, kind, mode);
  }

  @Override
  public boolean test(JsonObject detection) {
    JsonObject entity = detection.getValue("entity") instanceof JsonObject object ? object : new JsonObject();
    return (rule == null || rule.equals(detection.getValue("rule")))
      && (kind == null || kind.equals(entity.getValue("kind")))
      && (mode == null || mode.equals(detection.getValue("mode")));
  }
}
