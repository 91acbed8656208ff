package io.tspipe.web.detections;

import io.tspipe.detection.EntityKind;
import io.tspipe.web.labels.LabelsApi;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/verdicts/{kind}/{value}}: a synchronous check for other services, the entity's {@link Verdict}
 * with what it rests on, answered from the process's {@link VerdictView} without asking any engine. Until the view
 * holds a snapshot (at start, or while the last one was too large to hold), it is read from ClickHouse instead: two
 * point queries at once, each one flat statement on the leading columns of its table's key ({@code entity_kind},
 * {@code entity}): the latest row of each label, those in force kept, and the latest state of each detection
 * ({@code FINAL}), the open ones of live rules kept. Both ways answer the same JSON.
 */
public final class VerdictApi {

  private final VerdictView view;
  private final LabelsApi labels;
  private final DetectionsApi detections;

  public VerdictApi(VerdictView view, LabelsApi labels, DetectionsApi detections) {
    this.view = view;
    this.labels = labels;
    this.detections = detections;
  }

  /** {@code {entity: {kind, value}, verdict, labels, detections}}; a {@code BadRequest} for a bad kind or value. */
  public Future<JsonObject> verdict(String kindName, String rawValue, Instant now) {
    EntityKind kind = Subjects.kind("kind", kindName);
    String value = Subjects.value("value", kind, rawValue);
    Optional<JsonObject> held = view.verdict(kind.wireName(), value, now.toEpochMilli());
    return held.isPresent() ? Future.succeededFuture(held.get()) : fromClickHouse(kind, value, now);
  }

  private Future<JsonObject> fromClickHouse(EntityKind kind, String value, Instant now) {
    Future<List<JsonObject>> inForce = labels.inForce(kind, value, now);
    Future<List<JsonObject>> open = detections.ofEntity(kind, value, true);
    return Future.all(inForce, open).map(done -> Verdict.answer(kind.wireName(), value, inForce.result(),
      open.result()));
  }
}
