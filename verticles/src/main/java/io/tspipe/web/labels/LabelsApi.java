package io.tspipe.web.labels;

import io.tspipe.detection.EntityKind;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.sink.clickhouse.RowBinary;
import io.tspipe.store.LabelsTable;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.tspipe.web.detections.Subjects;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Labels on entities: {@code GET /api/v1/labels} (those in force, or one entity's audit history),
 * {@code POST /api/v1/labels} and {@code DELETE /api/v1/labels/{kind}/{value}/{label}}. Reads go through the read-only
 * client; a set or a removal is one row appended to {@code labels} through the writing client (signed in as
 * {@code clickhouse.user}), never an update, so the table stays the audit log of every change.
 */
public final class LabelsApi {

  public static final int DEFAULT_LIMIT = 100;

  private final ClickHouseReads reader;
  private final ClickHouseClient writer;
  private final Consumer<JsonObject> written;
  private final String db;

  /**
   * Reads through {@code reader}, appends through {@code writer}, and hands {@code written} each row it has appended
   * (as {@link StoredLabels#json} reads rows), once ClickHouse has it and before the change is answered.
   */
  public LabelsApi(ClickHouseReads reader, ClickHouseClient writer, Consumer<JsonObject> written) {
    this.reader = reader;
    this.writer = writer;
    this.written = written;
    this.db = reader.database();
  }

  /**
   * {@code GET /api/v1/labels}, its query accepted by the API contract; a {@link BadRequest} names what the contract
   * cannot say: a value that is not of its kind, a value without its kind, a history without one entity.
   */
  public Future<JsonObject> list(MultiMap query, Instant now) {
    Map<String, String> parameters = new HashMap<>();
    List<String> where = new ArrayList<>();
    String kindName = query.get("kind");
    String value = query.get("value");
    if (kindName != null) {
      EntityKind kind = Subjects.kind("kind", kindName);
      parameters.put("kind", kind.wireName());
      where.add("entity_kind = {kind:String}");
      if (value != null) {
        parameters.put("value", Subjects.value("value", kind, value));
        where.add("entity = {value:String}");
      }
    } else if (value != null) {
      throw new BadRequest("kind", "required with value: which kind of entity the value is");
    }
    if (query.get("label") != null) {
      parameters.put("label", query.get("label"));
      where.add("label = {label:String}");
    }
    String source = query.get("source");
    boolean includeExpired = "true".equals(query.get("includeExpired"));
    boolean history = "true".equals(query.get("history"));
    if (history && !parameters.containsKey("value")) {
      throw new BadRequest("history", "the history is of one entity: give kind and value");
    }
    int limit = Values.integer(query.get("limit"), DEFAULT_LIMIT);
    String condition = where.isEmpty() ? "1" : String.join(" AND ", where);
    String sql;
    if (history) {
      sql = StoredLabels.history(db, condition);
    } else {
      sql = StoredLabels.inForce(db, condition, includeExpired) + " ORDER BY changed_ms DESC, kind, value, name";
    }
    if (source != null) {
      parameters.put("source", source);
      sql = "SELECT * FROM (" + sql + ") WHERE source_now = {source:String}";
    }
    return reader.select(sql + " LIMIT " + (limit + 1), parameters).map(rows -> {
      JsonArray labels = new JsonArray();
      rows.stream().limit(limit).forEach(row -> labels.add(StoredLabels.json(row, now.toEpochMilli())));
      return new JsonObject().put("history", history).put("labels", labels).put("truncated", rows.size() > limit);
    });
  }

  /** The labels in force on one entity, for its verdict and profile. */
  public Future<List<JsonObject>> inForce(EntityKind kind, String value, Instant now) {
    long nowMillis = now.toEpochMilli();
    return reader.select(StoredLabels.latestOfEntity(db), Map.of("kind", kind.wireName(), "value", value))
      .map(rows -> rows.stream().filter(row -> StoredLabels.inForce(row, nowMillis))
        .map(row -> StoredLabels.json(row, nowMillis)).toList());
  }

  /** Appends the label as set by a person; answers it as it is now in force. */
  public Future<JsonObject> set(LabelRequest.Setting label, Instant now) {
    Instant changedAt = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    JsonObject row = new JsonObject()
      .put("kind", label.kind().wireName()).put("value", label.value()).put("name", label.label())
      .put("connotation_now", label.connotation()).put("reason_now", label.reason())
      .put("source_now", label.source())
      .put("expires_ms", label.expiresAt() == null ? null : label.expiresAt().toEpochMilli())
      .put("removed_now", false).put("changed_ms", changedAt.toEpochMilli()).put("by_now", label.by());
    return append(label.kind(), label.value(), label.label(), label.connotation(), label.reason(), label.source(),
      label.expiresAt(), false, changedAt, label.by())
      .map(done -> appended(row, now));
  }

  /**
   * Appends the removal of the label {@code name} on (kind, value), when one is set (in force or expired, not removed);
   * answers the removal row, or empty when there is no such label.
   */
  public Future<Optional<JsonObject>> remove(String kindName, String rawValue, String name,
                                             LabelRequest.Removal removal, Instant now) {
    EntityKind kind = Subjects.kind("kind", kindName);
    String value = Subjects.value("value", kind, rawValue);
    Instant changedAt = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String source = "person:" + removal.by();
    return reader.select(StoredLabels.inForce(db, "entity_kind = {kind:String} AND entity = {value:String} "
        + "AND label = {label:String}", true), Map.of("kind", kind.wireName(), "value", value, "label", name))
      .compose(rows -> {
        if (rows.isEmpty()) {
          return Future.succeededFuture(Optional.empty());
        }
        String connotation = rows.get(0).getString("connotation_now");
        JsonObject row = new JsonObject()
          .put("kind", kind.wireName()).put("value", value).put("name", name).put("connotation_now", connotation)
          .put("reason_now", removal.reason()).put("source_now", source).putNull("expires_ms")
          .put("removed_now", true).put("changed_ms", changedAt.toEpochMilli()).put("by_now", removal.by());
        return append(kind, value, name, connotation, removal.reason(), source, null, true, changedAt, removal.by())
          .map(done -> Optional.of(appended(row, now)));
      });
  }

  /** A row now in ClickHouse: handed on, and answered as a label. */
  private JsonObject appended(JsonObject row, Instant now) {
    written.accept(row.copy());
    return StoredLabels.json(row, now.toEpochMilli());
  }

  private Future<Void> append(EntityKind kind, String value, String label, String connotation, String reason,
                              String source, Instant expiresAt, boolean removed, Instant changedAt, String by) {
    RowBinary row = LabelsTable.append(new RowBinary(256), kind.wireName(), value, label, connotation, reason, source,
      expiresAt, removed, changedAt, by);
    return writer.insertRowBinary(LabelsTable.NAME, LabelsTable.COLUMNS, row.buffer(), UUID.randomUUID().toString());
  }
}
