package io.tspipe.worker;

import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.DuplicateEventsTable;
import io.tspipe.store.EventsTable;
import io.tspipe.store.RejectedEventsTable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads from ClickHouse what is already stored for a set of partitions: the ids of events stored from them at or
 * after their committed offsets (written but never committed) plus every id stored in the last dedup window, and
 * the highest stored offset per partition among rejects and duplicates.
 */
final class StoredStateQuery {

  private final ClickHouseClient client;
  private final long windowSeconds;
  private final int maxIds;

  StoredStateQuery(ClickHouseClient client, long windowSeconds, int maxIds) {
    this.client = client;
    this.windowSeconds = windowSeconds;
    this.maxIds = maxIds;
  }

  /** @param committed the committed offset of each newly assigned partition (0 when none) */
  Future<StoredState> load(List<RecordPosition> committed) {
    if (committed.isEmpty()) {
      return Future.succeededFuture(new StoredState(Buffer.buffer(), List.of(), List.of()));
    }
    Map<String, String> parameters = new HashMap<>();
    String uncommitted = partitionCondition(committed, parameters, true);
    String assigned = partitionCondition(committed, parameters, false);
    parameters.put("window", Long.toString(windowSeconds));
    parameters.put("max_ids", Integer.toString(maxIds));
    String db = client.database();
    Future<Buffer> events = client.selectRowBinary("SELECT " + StoredState.EVENT_COLUMNS
        + " FROM " + EventsTable.in(db) + " WHERE " + uncommitted
        + " OR ingested_at >= now64(3) - toIntervalSecond({window:UInt32})"
        + " ORDER BY (" + uncommitted + ") DESC, ingested_at DESC LIMIT {max_ids:UInt32}", parameters);
    Future<List<JsonObject>> rejects = highestOffsets(RejectedEventsTable.in(db), assigned, parameters);
    Future<List<JsonObject>> duplicates = highestOffsets(DuplicateEventsTable.in(db), assigned, parameters);
    return Future.all(events, rejects, duplicates).map(all -> new StoredState(
      events.result(), positions(rejects.result()), positions(duplicates.result())));
  }

  private Future<List<JsonObject>> highestOffsets(String table, String assigned, Map<String, String> parameters) {
    return client.select("SELECT kafka_topic AS topic, kafka_partition AS partition, toString(max(kafka_offset)) AS offset"
      + " FROM " + table + " WHERE " + assigned + " GROUP BY kafka_topic, kafka_partition", parameters);
  }

  /** {@code (topic = t0 AND partition = p0 [AND offset >= o0]) OR …}, every value a query parameter. */
  private static String partitionCondition(List<RecordPosition> partitions, Map<String, String> parameters,
                                           boolean fromCommitted) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      RecordPosition position = partitions.get(i);
      parameters.put("t" + i, position.topic());
      parameters.put("p" + i, Integer.toString(position.partition()));
      parameters.put("o" + i, Long.toString(position.offset()));
      terms.add("(kafka_topic = {t" + i + ":String} AND kafka_partition = {p" + i + ":UInt16}"
        + (fromCommitted ? " AND kafka_offset >= {o" + i + ":UInt64})" : ")"));
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  private static List<RecordPosition> positions(List<JsonObject> rows) {
    return rows.stream().map(StoredStateQuery::position).toList();
  }

  private static RecordPosition position(JsonObject row) {
    return new RecordPosition(row.getString("topic"), row.getInteger("partition"), Long.parseLong(row.getString("offset")));
  }
}
