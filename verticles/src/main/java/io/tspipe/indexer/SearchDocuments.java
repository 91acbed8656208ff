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
  private static final List<String> GEO_FIELDS = List.of("country", "city", "lat", "lon");

  private SearchDocuments() {
  }

  public static JsonObject document(Verdict.Accepted accepted) {
    return document(accepted.event(), accepted.timestampMillis());
  }

  /** The document of a valid event whose timestamp is {@code timestampMillis}. */
  public static JsonObject document(JsonObject event, long timestampMillis) {
    JsonObject document = event.copy();
    JsonObject geo = (JsonObject) document.remove("geo");
    if (geo != null) {
      geo.forEach(field -> document.put(field.getKey(), field.getValue()));
    }
    document.put("occurredAt", document.getString("timestamp"));
    document.put("timestamp", timestampMillis);
    return document;
  }

  /** The event a document was made from: {@link #document} undone. */
  public static JsonObject event(JsonObject document) {
    JsonObject event = document.copy();
    JsonObject geo = new JsonObject();
    for (String field : GEO_FIELDS) {
      Object value = event.remove(field);
      if (value != null) {
        geo.put(field, value);
      }
    }
    if (!geo.isEmpty()) {
      event.put("geo", geo);
    }
    event.put("timestamp", event.remove("occurredAt"));
    return event;
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
      // facet counts need no facet-search structures; building them makes each small batch cost about three times more
      .put("facetSearch", false)
      // ranks words of one attribute as near, without their distance: a fraction of the indexing work, and what
      // identifiers, addresses and paths need
      .put("proximityPrecision", "byAttribute")
      .put("pagination", new JsonObject().put("maxTotalHits", 10_000));
  }
}
