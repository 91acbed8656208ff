package io.tspipe.worker;

import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** How the worker's records become rows of the {@code clickhouse/} tables, in RowBinary, column by column. */
public final class ClickHouseRows {

  /** The columns of {@code events} every insert names, in the order its RowBinary rows hold them. */
  public static final List<String> EVENT_COLUMNS = List.of("id", "type", "schema_version", "timestamp", "ingested_at",
    "source_ip", "user_id", "user_agent", "action", "success", "failure_reason", "country", "city", "lat", "lon",
    "method", "path", "status_code", "response_time_ms", "request_bytes", "response_bytes", "recipient_email",
    "template_id", "message_id", "bounce_type", "kafka_topic", "kafka_partition", "kafka_offset");

  static final List<String> REJECTED_COLUMNS = List.of("rejected_at", "kafka_topic", "kafka_partition", "kafka_offset",
    "event_type", "event_id", "reason_code", "field", "reason", "payload", "payload_bytes");

  static final List<String> DUPLICATE_COLUMNS = List.of("detected_at", "id", "type", "timestamp", "kafka_topic",
    "kafka_partition", "kafka_offset", "first_topic", "first_partition", "first_offset");

  static final List<String> ATTACK_WINDOW_COLUMNS = List.of("window_id", "started_at", "ended_at", "trigger", "recorded_at");

  private static final int BYTES_PER_EVENT = 320;

  private ClickHouseRows() {
  }

  static Buffer events(List<Classified.NewEvent> events, long ingestedAtMillis) {
    RowBinary out = new RowBinary(events.size() * BYTES_PER_EVENT);
    for (Classified.NewEvent record : events) {
      JsonObject event = record.event().event();
      JsonObject geo = event.getJsonObject("geo", new JsonObject());
      out.uuid(record.event().id())
        .string(record.event().type().wireName())
        .uint16(event.getInteger("schemaVersion"))
        .dateTime64Millis(record.event().timestampMillis())
        .dateTime64Millis(ingestedAtMillis)
        .string(event.getString("sourceIp"))
        .uuid(UUID.fromString(event.getString("userId")))
        .string(event.getString("userAgent", ""))
        .string(event.getString("action", ""))
        .nullableBool(event.getBoolean("success"))
        .string(event.getString("failureReason", ""))
        .string(geo.getString("country", ""))
        .string(geo.getString("city", ""))
        .nullableFloat64(geo.getDouble("lat"))
        .nullableFloat64(geo.getDouble("lon"))
        .string(event.getString("method", ""))
        .string(event.getString("path", ""))
        .uint16(event.getInteger("statusCode", 0))
        .uint32(event.getLong("responseTimeMs", 0L))
        .uint64(event.getLong("requestBytes", 0L))
        .uint64(event.getLong("responseBytes", 0L))
        .string(event.getString("recipientEmail", ""))
        .string(event.getString("templateId", ""))
        .string(event.getString("messageId", ""))
        .string(event.getString("bounceType", ""));
      position(out, record.position());
    }
    return out.buffer();
  }

  static Buffer rejects(List<Classified.Reject> rejects, long rejectedAtMillis, int payloadMaxBytes) {
    RowBinary out = new RowBinary(rejects.size() * (payloadMaxBytes / 4 + 128));
    for (Classified.Reject record : rejects) {
      Verdict.Rejected verdict = record.verdict();
      Buffer payload = record.payload();
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

  /** The version column ({@code recorded_at}) is the window's latest instant, so an end always supersedes a start. */
  static Buffer attackWindows(List<Classified.AttackWindow> windows) {
    RowBinary out = new RowBinary(windows.size() * 64);
    for (Classified.AttackWindow record : windows) {
      JsonObject window = record.window();
      long startedAt = Instant.parse(window.getString("startedAt")).toEpochMilli();
      String endedAtText = window.getString("endedAt");
      Long endedAt = endedAtText == null ? null : Instant.parse(endedAtText).toEpochMilli();
      out.uuid(UUID.fromString(window.getString("windowId")))
        .dateTime64Millis(startedAt)
        .nullableDateTime64Millis(endedAt)
        .string(window.getString("trigger"))
        .dateTime64Millis(endedAt == null ? startedAt : endedAt);
    }
    return out.buffer();
  }

  private static void position(RowBinary out, RecordPosition position) {
    out.string(position.topic()).uint16(position.partition()).uint64(position.offset());
  }
}
