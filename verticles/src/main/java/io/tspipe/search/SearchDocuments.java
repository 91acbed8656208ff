package io.tspipe.search;

import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpInfo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * How a valid event becomes a document of the events index: the fields the schemas define ({@link #EVENT_FIELDS}),
 * {@code geo}'s own ({@link #GEO_FIELDS}) lifted beside them, and {@code timestamp} as epoch milliseconds so it can be
 * filtered by range and sorted ({@code occurredAt} keeps the ISO text). The document is built from these lists and
 * nothing else, plus what the IP intelligence database says of the source address ({@link #INTELLIGENCE_FIELDS}): a
 * field the schemas do not define is never indexed, and a nested field never lands on a top-level
 * name, so no event can add attributes to the index or take over another event's id or user. Documents are keyed by
 * the event id, so indexing an event twice leaves one document.
 */
public final class SearchDocuments {

  public static final String PRIMARY_KEY = "id";
  /** The top-level fields of an event a document keeps, as they are. */
  public static final List<String> EVENT_FIELDS = List.of("id", "type", "schemaVersion", "sourceIp", "userId",
    "userAgent", "action", "success", "failureReason", "method", "path", "statusCode", "responseTimeMs",
    "requestBytes", "responseBytes", "recipientEmail", "templateId", "messageId", "bounceType");
  /** The fields of an event's {@code geo} a document keeps, beside the top-level ones. */
  public static final List<String> GEO_FIELDS = List.of("country", "city", "lat", "lon");
  /**
   * The source address's intelligence, added to every document: {@code ipCountry} (ISO alpha-2, empty when unknown),
   * {@code asn} (0 when unknown), {@code asOrg}, {@code ipPrefix} (its /24 or /48) and {@code ipHosting}.
   */
  public static final List<String> INTELLIGENCE_FIELDS = List.of("ipCountry", "asn", "asOrg", "ipPrefix", "ipHosting");

  private SearchDocuments() {
  }

  public static JsonObject document(Verdict.Accepted accepted, IpInfo source) {
    return document(accepted.event(), accepted.timestampMillis(), source);
  }

  /**
   * The document of a valid event whose timestamp is {@code timestampMillis}, and whose source address the IP
   * intelligence database describes as {@code source}.
   */
  public static JsonObject document(JsonObject event, long timestampMillis, IpInfo source) {
    return document(event.getMap(), timestampMillis, source);
  }

  /** {@link #document(JsonObject, long, IpInfo)} of the event whose members are {@code event}. */
  private static JsonObject document(Map<String, Object> event, long timestampMillis, IpInfo source) {
    JsonObject document = new JsonObject();
    copy(event, EVENT_FIELDS, document);
    Object geo = event.get("geo");
    if (geo instanceof JsonObject object) {
      copy(object.getMap(), GEO_FIELDS, document);
    } else if (geo instanceof Map<?, ?> members) {
      copy(members, GEO_FIELDS, document);
    }
    document.put("occurredAt", event.get("timestamp"));
    document.put("timestamp", timestampMillis);
    document.put("ipCountry", source.country());
    document.put("asn", source.asn());
    document.put("asOrg", source.asOrg());
    document.put("ipPrefix", source.prefix());
    document.put("ipHosting", source.hosting());
    return document;
  }

  /** The members {@code names} of {@code from}, where present. */
  private static void copy(Map<?, ?> from, List<String> names, JsonObject to) {
    for (String name : names) {
      Object value = from.get(name);
      if (value != null || from.containsKey(name)) {
        to.put(name, value);
      }
    }
  }

  /** The event a document was made from: {@link #document} undone. */
  public static JsonObject event(JsonObject document) {
    JsonObject event = document.copy();
    INTELLIGENCE_FIELDS.forEach(event::remove);
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
    return ndjsonOfEncoded(documents.stream().map(JsonObject::toBuffer).toList());
  }

  /** Documents already encoded as JSON, one each, as NDJSON. */
  public static Buffer ndjsonOfEncoded(List<Buffer> documents) {
    Buffer body = Buffer.buffer(documents.stream().mapToInt(document -> document.length() + 1).sum());
    for (Buffer document : documents) {
      body.appendBuffer(document).appendByte((byte) '\n');
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
        "statusCode", "bounceType", "country", "sourceIp", "userId", "recipientEmail", "ipCountry", "asn", "asOrg",
        "ipPrefix", "ipHosting")))
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
