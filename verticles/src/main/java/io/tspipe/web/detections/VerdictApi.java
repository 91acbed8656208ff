package io.tspipe.web.detections;

import io.tspipe.detection.EntityKind;
import io.tspipe.web.labels.LabelsApi;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/verdicts/{kind}/{value}}: a synchronous check for other services, the entity's {@link Verdict}
 * with what it rests on. Two point queries at once, each one flat statement on the leading columns of its table's key
 * ({@code entity_kind}, {@code entity}): the latest row of each label, those in force kept, and the latest state of
 * each detection ({@code FINAL}), the open ones of live rules kept.
 */
public final class VerdictApi {

  private final LabelsApi labels;
  private final DetectionsApi detections;

  public VerdictApi(LabelsApi labels, DetectionsApi detections) {
    this.labels = labels;
    this.detections = detections;
  }

  /** {@code {entity: {kind, value}, verdict, labels, detections}}; a {@code BadRequest} for a bad kind or value. */
  public Future<JsonObject> verdict(String kindName, String rawValue, Instant now) {
    EntityKind kind = Subjects.kind("kind", kindName);
    String value = Subjects.value("value", kind, rawValue);
    Future<List<JsonObject>> inForce = labels.inForce(kind, value, now);
    Future<List<JsonObject>> open = detections.ofEntity(kind, value, true);
    return Future.all(inForce, open).map(done -> new JsonObject()
      .put("entity", new JsonObject().put("kind", kind.wireName()).put("value", value))
      .put("verdict", Verdict.of(inForce.result(), open.result()).wireName())
      .put("labels", new JsonArray(inForce.result()))
      .put("detections", new JsonArray(open.result())));
  }
}
