package io.tspipe.indexer;

import io.tspipe.worker.Verdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How a valid event becomes a document of the events index: every field of the event, {@code geo} flattened to
 * {@code country}, {@code city}, {@code lat} and {@code lon}, and {@code timestamp} as epoch milliseconds so it can
 * be filtered by range and sorted ({@code occurredAt} keeps the ISO text). Documents are keyed by the event id, so
 * indexing an event twice leaves one document.
 */
public final class SearchDocuments {

  public static final String PRIMARY_KEY = "id";

  private SearchDocuments() {
  }

  public static JsonObject document(Verdict.Accepted accepted) {
    JsonObject document = accepted.event().copy();
    JsonObject geo = (JsonObject) document.remove("geo");
    if (geo != null) {
      geo.forEach(field -> document.put(field.getKey(), field.getValue()));
    }
    document.put("occurredAt", document.getString("timestamp"));
    document.put("timestamp", accepted.timestampMillis());
    return document;
  }

  /** Documents as NDJSON, the body Meilisearch ingests fastest. */
  public static Buffer ndjson(List<JsonObject> documents) {
    Buffer body = Buffer.buffer(documents.size() * 400);
    for (JsonObject document : documents) {
      body.appendBuffer(document.toBuffer()).appendByte((byte) '\n');
    }
    return body;
  }

  /**
   * The index settings, applied at every start (Meilisearch makes this a no-op when nothing changed). Ids, IPs and
   * emails are matched exactly: typo tolerance would make one user's search find another's.
   */
  public static JsonObject indexSettings() {
    return new JsonObject()
      .put("searchableAttributes", new JsonArray(List.of("userId", "sourceIp", "recipientEmail", "path", "country",
        "city", "userAgent", "failureReason")))
      .put("filterableAttributes", new JsonArray(List.of("type", "timestamp", "success", "action", "method",
        "statusCode", "bounceType", "country", "sourceIp", "userId", "recipientEmail")))
      .put("sortableAttributes", new JsonArray(List.of("timestamp", "responseTimeMs")))
      .put("typoTolerance", new JsonObject()
        .put("disableOnAttributes", new JsonArray(List.of("userId", "sourceIp", "recipientEmail"))))
      .put("faceting", new JsonObject().put("maxValuesPerFacet", 100))
      .put("pagination", new JsonObject().put("maxTotalHits", 10_000));
  }
}
