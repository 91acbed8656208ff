package io.tspipe.web.detections;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What other services are told of an entity ({@code GET /api/v1/verdicts/{kind}/{value}}), from the labels in force
 * on it and its open detections of rules in live mode, decided in this order:
 * <ol>
 *   <li>{@code allow} when any label has connotation {@code good}: an allow-list wins over everything else;</li>
 *   <li>{@code deny} when any label has connotation {@code bad}, or an open detection has severity {@code high} or
 *   {@code critical};</li>
 *   <li>{@code review} when any other detection is open;</li>
 *   <li>{@code none} otherwise (neutral labels alone change nothing).</li>
 * </ol>
 */
public enum Verdict {
  ALLOW, DENY, REVIEW, NONE;

  private static final Set<String> DENYING_SEVERITIES = Set.of("high", "critical");

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The verdict of {@code labels} (in force, as JSON) and {@code detections} (open, live mode, as JSON). */
  public static Verdict of(List<JsonObject> labels, List<JsonObject> detections) {
    if (labels.stream().anyMatch(label -> "good".equals(label.getString("connotation")))) {
      return ALLOW;
    }
    if (labels.stream().anyMatch(label -> "bad".equals(label.getString("connotation")))
      || detections.stream().anyMatch(detection -> DENYING_SEVERITIES.contains(detection.getString("severity")))) {
      return DENY;
    }
    return detections.isEmpty() ? NONE : REVIEW;
  }

  /**
   * The answer of {@code GET /api/v1/verdicts/{kind}/{value}}: {@code {entity: {kind, value}, verdict, labels,
   * detections}}, from the labels in force and the open live detections, each in its JSON form.
   */
  public static JsonObject answer(String kind, String value, List<JsonObject> labels, List<JsonObject> detections) {
    return new JsonObject()
      .put("entity", new JsonObject().put("kind", kind).put("value", value))
      .put("verdict", of(labels, detections).wireName())
      .put("labels", new JsonArray(labels))
      .put("detections", new JsonArray(detections));
  }
}
