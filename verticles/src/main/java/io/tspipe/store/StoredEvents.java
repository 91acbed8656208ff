package io.tspipe.store;

import io.tspipe.ipintel.IpInfo;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * How a row of the {@code events} table becomes the event again, in the shape the producer sent it: the columns
 * a type does not use (empty strings, zero status codes, NULLs) are left out, and {@code geo} is nested again.
 * {@link #COLUMNS} is the select list every reader uses, so rows always carry what {@link #event} reads; its
 * aliases never shadow a column name, so a {@code WHERE id = …} beside it still means the UUID column.
 */
public final class StoredEvents {

  /** The select list: event columns, the timestamps as epoch milliseconds, and where the worker read it from. */
  public static final String COLUMNS = String.join(", ",
    "toString(id) AS event_id", "type", "schema_version", "toUnixTimestamp64Milli(timestamp) AS timestamp_ms",
    "toUnixTimestamp64Milli(ingested_at) AS ingested_at_ms", "source_ip", "toString(user_id) AS user_uuid",
    "user_agent", "action", "success", "failure_reason", "country", "city", "lat", "lon", "method", "path",
    "status_code", "response_time_ms", "request_bytes", "response_bytes", "recipient_email", "template_id",
    "message_id", "bounce_type", "kafka_topic", "kafka_partition", "kafka_offset", "ip_prefix", "ip_country", "asn",
    "as_org", "ip_hosting");

  /**
   * Whether a row of {@code events} is a failure, per type: a failed account action, a failed (bounced) email, an API
   * request answered 4xx or 5xx.
   */
  public static final String FAILURE = "if(type = 'api_request', status_code >= 400, ifNull(success, true) = false)";

  /** ISO-8601 with exactly three fraction digits, as the schemas require. */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
    .withZone(ZoneOffset.UTC);

  private static final Map<String, String> STRING_FIELDS = Map.of(
    "user_agent", "userAgent",
    "action", "action",
    "failure_reason", "failureReason",
    "recipient_email", "recipientEmail",
    "template_id", "templateId",
    "message_id", "messageId",
    "bounce_type", "bounceType");

  private StoredEvents() {
  }

  /** What the worker stored of the row's source address from the IP intelligence database. */
  public static IpInfo ipInfo(JsonObject row) {
    Object hosting = row.getValue("ip_hosting");
    return new IpInfo(row.getString("ip_country", ""), longOf(row, "asn"), row.getString("as_org", ""),
      Boolean.TRUE.equals(hosting) || "true".equals(String.valueOf(hosting)) || "1".equals(String.valueOf(hosting)),
      row.getString("ip_prefix", ""));
  }

  public static JsonObject event(JsonObject row) {
    String type = row.getString("type");
    JsonObject event = new JsonObject()
      .put("id", row.getString("event_id"))
      .put("timestamp", formatMillis(longOf(row, "timestamp_ms")))
      .put("type", type)
      .put("schemaVersion", (int) longOf(row, "schema_version"))
      .put("sourceIp", row.getString("source_ip"))
      .put("userId", row.getString("user_uuid"));
    STRING_FIELDS.forEach((column, field) -> {
      String value = row.getString(column, "");
      if (!value.isEmpty()) {
        event.put(field, value);
      }
    });
    if (row.getValue("success") != null) {
      event.put("success", row.getBoolean("success"));
    }
    if ("api_request".equals(type)) {
      event.put("method", row.getString("method"))
        .put("path", row.getString("path"))
        .put("statusCode", (int) longOf(row, "status_code"))
        .put("responseTimeMs", longOf(row, "response_time_ms"))
        .put("requestBytes", longOf(row, "request_bytes"))
        .put("responseBytes", longOf(row, "response_bytes"));
    }
    JsonObject geo = geo(row);
    if (!geo.isEmpty()) {
      event.put("geo", geo);
    }
    return event;
  }

  /** Where and when the worker stored the event. */
  public static JsonObject storage(JsonObject row) {
    return new JsonObject()
      .put("ingestedAt", formatMillis(longOf(row, "ingested_at_ms")))
      .put("topic", row.getString("kafka_topic"))
      .put("partition", longOf(row, "kafka_partition"))
      .put("offset", longOf(row, "kafka_offset"));
  }

  public static long timestampMillis(JsonObject row) {
    return longOf(row, "timestamp_ms");
  }

  public static String formatMillis(long epochMillis) {
    return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A number from JSONEachRow, where 64-bit integers arrive as quoted strings. */
  public static long longOf(JsonObject row, String column) {
    Object value = row.getValue(column);
    if (value instanceof Number number) {
      return number.longValue();
    }
    if (value == null) {
      throw new IllegalArgumentException("column " + column + " is missing from the row");
    }
    return Long.parseLong(value.toString());
  }

  private static JsonObject geo(JsonObject row) {
    JsonObject geo = new JsonObject();
    String country = row.getString("country", "");
    if (!country.isEmpty()) {
      geo.put("country", country);
    }
    String city = row.getString("city", "");
    if (!city.isEmpty()) {
      geo.put("city", city);
    }
    if (row.getValue("lat") instanceof Number lat) {
      geo.put("lat", lat.doubleValue());
    }
    if (row.getValue("lon") instanceof Number lon) {
      geo.put("lon", lon.doubleValue());
    }
    return geo;
  }
}
