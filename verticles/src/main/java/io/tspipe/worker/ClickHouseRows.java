package io.tspipe.worker;

import io.tspipe.event.IntegerFields;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpAddresses.Ip;
import io.tspipe.ipintel.IpAddresses;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.ipintel.IpIntelligence;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** How the worker's records become rows of the {@code clickhouse/} tables, in RowBinary, column by column. */
public final class ClickHouseRows {

  /**
   * The columns of {@code events} every insert names, in the order its RowBinary rows hold them. {@code ingested_at}
   * comes first: it is the one value known only when the batch is written, so the rest of a row can be encoded as soon
   * as the event is classified ({@link #eventRow}).
   */
  public static final List<String> EVENT_COLUMNS = List.of("ingested_at", "id", "type", "schema_version", "timestamp",
    "source_ip", "source_addr", "ip_prefix", "ip_country", "asn", "as_org", "ip_hosting", "user_id", "user_agent",
    "action", "success", "failure_reason", "country", "city", "lat", "lon", "method", "path", "status_code", "response_time_ms", "request_bytes", "response_bytes", "recipient_email",
    "template_id", "message_id", "bounce_type", "kafka_topic", "kafka_partition", "kafka_offset");

  static final List<String> REJECTED_COLUMNS = List.of("rejected_at", "kafka_topic", "kafka_partition", "kafka_offset",
    "event_type", "event_id", "reason_code", "field", "reason", "payload", "payload_bytes");

  static final List<String> DUPLICATE_COLUMNS = List.of("detected_at", "id", "type", "timestamp", "kafka_topic",
    "kafka_partition", "kafka_offset", "first_topic", "first_partition", "first_offset");

  static final List<String> ATTACK_WINDOW_COLUMNS = List.of("window_id", "started_at", "ended_at", "trigger", "recorded_at",
    "scenario", "parameters");

  static final List<String> ATTACK_ENTITY_COLUMNS = List.of("window_id", "kind", "value", "role", "first_seen_at",
    "recorded_at");

  /** The scenario of a window recorded before scenarios existed (the column's default too). */
  static final String CLASSIC_SCENARIO = "classic";

  private static final int BYTES_PER_EVENT = 384;

  private ClickHouseRows() {
  }

  /**
   * One {@code events} row of a validated event, every column of {@link #EVENT_COLUMNS} but the leading
   * {@code ingested_at}. Reads the fields the schemas guarantee without checking their types again. The source
   * address's intelligence comes from {@code intelligence}; an address it cannot parse is stored as {@code ::} with
   * unknown intelligence.
   */
  static byte[] eventRow(Verdict.Accepted accepted, RecordPosition position, IpIntelligence intelligence) {
    Map<String, Object> event = accepted.event().getMap();
    String sourceIp = (String) event.get("sourceIp");
    Ip address = IpAddresses.parse(sourceIp);
    IpInfo info = address == null ? IpInfo.UNKNOWN : intelligence.lookup(address);
    Map<String, Object> geo = members(event.get("geo"));
    RowBinary out = new RowBinary(BYTES_PER_EVENT);
    out.uuid(accepted.id())
      .string(accepted.type().wireName())
      .uint16(((Number) event.get("schemaVersion")).intValue())
      .dateTime64Millis(accepted.timestampMillis())
      .string(sourceIp)
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
    position(out, position);
    return out.bytes();
  }

  /** The rows of {@code events}: each event's encoded row after the batch's {@code ingested_at}. */
  static Buffer events(List<Classified.NewEvent> events, long ingestedAtMillis) {
    int bytes = 0;
    for (Classified.NewEvent event : events) {
      bytes += Long.BYTES + event.row().length;
    }
    Buffer out = Buffer.buffer(bytes);
    for (Classified.NewEvent event : events) {
      out.appendLongLE(ingestedAtMillis).appendBytes(event.row());
    }
    return out;
  }

  /** The members of an object-valued field as the decoder left it; empty when absent. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> members(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map
      : value instanceof JsonObject object ? object.getMap() : Map.of();
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

  static Buffer rejects(List<Classified.Reject> rejects, long rejectedAtMillis, int payloadMaxBytes) {
    RowBinary out = new RowBinary(rejects.size() * (payloadMaxBytes / 4 + 128));
    for (Classified.Reject record : rejects) {
      Verdict.Rejected verdict = record.verdict();
      Buffer payload = record.payload() == null ? Buffer.buffer() : record.payload();
      out.dateTime64Millis(rejectedAtMillis);
      position(out, record.position());
      out.string(verdict.eventType())
        .string(verdict.eventId())
        .string(verdict.reason().code())
        .string(verdict.field())
        .string(verdict.message())
        .bytes(payload.length() > payloadMaxBytes ? payload.getBuffer(0, payloadMaxBytes) : payload)
        .uint32(payload.length());
    }
    return out.buffer();
  }

  static Buffer duplicates(List<Classified.Duplicate> duplicates, long detectedAtMillis) {
    RowBinary out = new RowBinary(duplicates.size() * 96);
    for (Classified.Duplicate record : duplicates) {
      out.dateTime64Millis(detectedAtMillis)
        .uuid(record.event().id())
        .string(record.event().type().wireName())
        .dateTime64Millis(record.event().timestampMillis());
      position(out, record.position());
      position(out, record.firstSeenAt());
    }
    return out.buffer();
  }

  /**
   * The version column ({@code recorded_at}) is the window's latest instant, so an end always supersedes a start. A
   * window without {@code scenario} (written before scenarios existed) is stored as {@value #CLASSIC_SCENARIO}, its
   * {@code parameters} as {@code {}}.
   */
  static Buffer attackWindows(List<Classified.AttackWindow> windows) {
    RowBinary out = new RowBinary(windows.size() * 128);
    for (Classified.AttackWindow record : windows) {
      JsonObject window = record.window();
      long startedAt = Instant.parse(window.getString("startedAt")).toEpochMilli();
      String endedAtText = window.getString("endedAt");
      Long endedAt = endedAtText == null ? null : Instant.parse(endedAtText).toEpochMilli();
      out.uuid(UUID.fromString(window.getString("windowId")))
        .dateTime64Millis(startedAt)
        .nullableDateTime64Millis(endedAt)
        .string(window.getString("trigger"))
        .dateTime64Millis(endedAt == null ? startedAt : endedAt)
        .string(window.getString("scenario", CLASSIC_SCENARIO))
        .string(window.getJsonObject("parameters", new JsonObject()).encode());
    }
    return out.buffer();
  }

  /** One row per record; the table keeps the earliest {@code first_seen_at} of a repeated entity. */
  static Buffer attackEntities(List<Classified.AttackEntity> entities, long recordedAtMillis) {
    RowBinary out = new RowBinary(entities.size() * 96);
    for (Classified.AttackEntity record : entities) {
      JsonObject entity = record.entity();
      out.uuid(UUID.fromString(entity.getString("windowId")))
        .string(entity.getString("kind"))
        .string(entity.getString("value"))
        .string(entity.getString("role"))
        .dateTime64Millis(Instant.parse(entity.getString("firstSeenAt")).toEpochMilli())
        .dateTime64Millis(recordedAtMillis);
    }
    return out.buffer();
  }

  private static void position(RowBinary out, RecordPosition position) {
    out.string(position.topic()).uint16(position.partition()).uint64(position.offset());
  }
}
