package io.tspipe.store;

import io.tspipe.event.IntegerFields;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpAddresses.Ip;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code events} table, every valid event once: created by {@code clickhouse/V001__core_tables.sql}, its IP
 * intelligence columns ({@code source_addr} to {@code ip_hosting}) added by {@code V004__ip_intelligence.sql}. The
 * rollups of {@link RollupTables} are fed from it.
 *
 * <p>The worker writes it: {@link #COLUMNS} in the order {@link #row} and {@link #rows} encode them. Readers select {@link #SELECT}
 * and read each row back with {@link #event}, {@link #storage}, {@link #ipInfo} and {@link #timestampMillis}; its
 * aliases never shadow a column name, so a {@code WHERE id = …} beside it still means the UUID column.
 */
public final class EventsTable {

  public static final String NAME = "events";

  /**
   * Every column of the table, in the order the rows hold them. {@code ingested_at} comes first: it is the one value
   * known only when a batch is written, so the rest of a row is encoded as soon as its event arrives ({@link #row}) and
   * the batch's rows get it then ({@link #rows}).
   */
  public static final List<String> COLUMNS = List.of("ingested_at", "id", "type", "schema_version", "timestamp",
    "source_ip", "source_addr", "ip_prefix", "ip_country", "asn", "as_org", "ip_hosting", "user_id", "user_agent",
    "action", "success", "failure_reason", "country", "city", "lat", "lon", "method", "path", "status_code", "response_time_ms", "request_bytes", "response_bytes", "recipient_email",
    "template_id", "message_id", "bounce_type", "kafka_topic", "kafka_partition", "kafka_offset");

  /** Roughly the bytes of one encoded row. */
  private static final int BYTES_PER_ROW = 384;

  /** The select list: event columns, the timestamps as epoch milliseconds, and where the worker read it from. */
  public static final String SELECT = String.join(", ",
    "toString(id) AS event_id", "type", "schema_version", "toUnixTimestamp64Milli(timestamp) AS timestamp_ms",
    "toUnixTimestamp64Milli(ingested_at) AS ingested_at_ms", "source_ip", "toString(user_id) AS user_uuid",
    "user_agent", "action", "success", "failure_reason", "country", "city", "lat", "lon", "method", "path",
    "status_code", "response_time_ms", "request_bytes", "response_bytes", "recipient_email", "template_id",
    "message_id", "bounce_type", "kafka_topic", "kafka_partition", "kafka_offset", "ip_prefix", "ip_country", "asn",
    "as_org", "ip_hosting");

  /**
   * Whether a row is a failure, per type: a failed account action, a failed (bounced) email, an API request answered
   * 4xx or 5xx.
   */
  public static final String FAILURE = "if(type = 'api_request', status_code >= 400, ifNull(success, true) = false)";

  private static final Map<String, String> STRING_FIELDS = Map.of(
    "user_agent", "userAgent",
    "action", "action",
    "failure_reason", "failureReason",
    "recipient_email", "recipientEmail",
    "template_id", "templateId",
    "message_id", "messageId",
    "bounce_type", "bounceType");

  private EventsTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /**
   * The row of a validated event read from {@code position}, every column of {@link #COLUMNS} but the leading
   * {@code ingested_at}. Reads the fields the schemas guarantee without checking their types again. {@code address} is
   * the parsed source address, stored as {@code ::} when null (it did not parse); {@code info} is what the IP
   * intelligence database knows of it.
   */
  public static byte[] row(Verdict.Accepted accepted, Ip address, IpInfo info, RecordPosition position) {
    Map<String, Object> event = accepted.event();
    Map<String, Object> geo = members(event.get("geo"));
    RowBinary out = new RowBinary(BYTES_PER_ROW);
    out.uuid(accepted.id())
      .string(accepted.type().wireName())
      .uint16(((Number) event.get("schemaVersion")).intValue())
      .dateTime64Millis(accepted.timestampMillis())
      .string((String) event.get("sourceIp"))
      .ipv6(address == null ? 0 : address.high(), address == null ? 0 : address.low())
      .string(info.prefix())
      .string(info.country())
      .uint32(info.asn())
      .string(info.asOrg())
      .bool(info.hosting())
      .uuid(UUID.fromString((String) event.get("userId")))
      .string(text(event, "userAgent"))
      .string(text(event, "action"))
      .nullableBool((Boolean) event.get("success"))
      .string(text(event, "failureReason"))
      .string(text(geo, "country"))
      .string(text(geo, "city"))
      .nullableFloat64(decimal(geo, "lat"))
      .nullableFloat64(decimal(geo, "lon"))
      .string(text(event, "method"))
      .string(text(event, "path"))
      .uint16((int) whole(event, "statusCode"))
      .uint32(whole(event, "responseTimeMs"))
      .uint64(whole(event, "requestBytes"))
      .uint64(whole(event, "responseBytes"))
      .string(text(event, "recipientEmail"))
      .string(text(event, "templateId"))
      .string(text(event, "messageId"))
      .string(text(event, "bounceType"));
    return PositionColumns.append(out, position).bytes();
  }

  /** The rows of a batch: each {@link #row} after the batch's {@code ingested_at}. */
  public static Buffer rows(List<byte[]> rows, long ingestedAtMillis) {
    int bytes = 0;
    for (byte[] row : rows) {
      bytes += Long.BYTES + row.length;
    }
    Buffer out = Buffer.buffer(bytes);
    for (byte[] row : rows) {
      out.appendLongLE(ingestedAtMillis).appendBytes(row);
    }
    return out;
  }

  /**
   * A row of {@link #SELECT} as the event again, in the shape the producer sent it: the columns a type does not use
   * (empty strings, zero status codes, NULLs) are left out, and {@code geo} is nested again.
   */
  public static JsonObject event(JsonObject row) {
    String type = row.getString("type");
    JsonObject event = new JsonObject()
      .put("id", row.getString("event_id"))
      .put("timestamp", StoredValues.formatMillis(StoredValues.longOf(row, "timestamp_ms")))
      .put("type", type)
      .put("schemaVersion", (int) StoredValues.longOf(row, "schema_version"))
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
        .put("statusCode", (int) StoredValues.longOf(row, "status_code"))
        .put("responseTimeMs", StoredValues.longOf(row, "response_time_ms"))
        .put("requestBytes", StoredValues.longOf(row, "request_bytes"))
        .put("responseBytes", StoredValues.longOf(row, "response_bytes"));
    }
    JsonObject geo = geo(row);
    if (!geo.isEmpty()) {
      event.put("geo", geo);
    }
    return event;
  }

  /** Where and when the worker stored the event of a row of {@link #SELECT}. */
  public static JsonObject storage(JsonObject row) {
    return new JsonObject()
      .put("ingestedAt", StoredValues.formatMillis(StoredValues.longOf(row, "ingested_at_ms")))
      .put("topic", row.getString("kafka_topic"))
      .put("partition", StoredValues.longOf(row, "kafka_partition"))
      .put("offset", StoredValues.longOf(row, "kafka_offset"));
  }

  /** What the worker stored of the row's source address from the IP intelligence database. */
  public static IpInfo ipInfo(JsonObject row) {
    Object hosting = row.getValue("ip_hosting");
    return new IpInfo(row.getString("ip_country", ""), StoredValues.longOf(row, "asn"), row.getString("as_org", ""),
      Boolean.TRUE.equals(hosting) || "true".equals(String.valueOf(hosting)) || "1".equals(String.valueOf(hosting)),
      row.getString("ip_prefix", ""));
  }

  public static long timestampMillis(JsonObject row) {
    return StoredValues.longOf(row, "timestamp_ms");
  }

  /** The members of an object-valued field; empty when absent. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> members(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static String text(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    return value == null ? "" : (String) value;
  }

  /**
   * An integer field as the bits of its unsigned column: {@link IntegerFields#fit} has proved it fits, so a value past
   * {@code Long.MAX_VALUE} (a {@link BigInteger}) keeps its low 64 bits, which are the UInt64 it is.
   */
  private static long whole(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static Double decimal(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    return value == null ? null : ((Number) value).doubleValue();
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
