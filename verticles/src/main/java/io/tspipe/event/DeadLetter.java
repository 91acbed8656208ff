package io.tspipe.event;

import io.tspipe.kafka.RecordPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * A record of the dead-letter topic ({@code kafka.topics.rejected}): where a refused record came from, which stage
 * refused it and why, and its payload. A dead letter is bounded whatever the record held, so the broker always takes
 * it: the payload is kept up to {@code payloadMaxBytes} (whole when smaller), as text when it is well-formed UTF-8 and
 * as standard base64 ({@code payloadBase64}) when not, with {@code payloadBytes} its full size and {@code payloadTruncated}
 * whether it was cut; the key is kept up to {@value #KEY_MAX_CHARS} characters; the reason texts are bounded by
 * {@link Verdict.Rejected}.
 *
 * <pre>{@code
 * {"topic": "api-requests", "partition": 3, "offset": 1234, "stage": "worker", "rejectedAt": "2026-12-06T21:00:00Z",
 *  "reasonCode": "invalid_value", "field": "/statusCode", "reason": "...", "eventType": "api_request",
 *  "eventId": "...", "payload": "{...}", "payloadBytes": 412, "payloadTruncated": false}
 * }</pre>
 */
public final class DeadLetter {

  /** The stage that refused the record: the worker on its way to ClickHouse, or the indexer on its way to search. */
  public enum Stage { WORKER, INDEXER }

  /** The longest payload any dead letter may keep: escaped as JSON text it still fits the broker's 1 MiB default. */
  public static final int PAYLOAD_MAX_BYTES_LIMIT = 128 * 1024;
  public static final int KEY_MAX_CHARS = 1024;

  private DeadLetter() {
  }

  /** The dead-letter value of a record refused at {@code position}; {@code payload} is null for a tombstone. */
  public static Buffer value(RecordPosition position, Stage stage, Verdict.Rejected verdict, Buffer payload,
                             long rejectedAtMillis, int payloadMaxBytes) {
    Buffer whole = payload == null ? Buffer.buffer() : payload;
    Buffer kept = whole.length() <= payloadMaxBytes ? whole : whole.getBuffer(0, utf8Boundary(whole, payloadMaxBytes));
    JsonObject letter = new JsonObject()
      .put("topic", position.topic())
      .put("partition", position.partition())
      .put("offset", position.offset())
      .put("stage", stage.name().toLowerCase(Locale.ROOT))
      .put("rejectedAt", Instant.ofEpochMilli(rejectedAtMillis).toString())
      .put("reasonCode", verdict.reason().code())
      .put("field", verdict.field())
      .put("reason", verdict.message())
      .put("eventType", verdict.eventType())
      .put("eventId", verdict.eventId());
    if (WellFormedText.firstMalformedUtf8(kept) == WellFormedText.WELL_FORMED) {
      letter.put("payload", kept.toString());
    } else {
      letter.put("payloadBase64", Base64.getEncoder().encodeToString(kept.getBytes()));
    }
    return letter
      .put("payloadBytes", payload == null ? null : whole.length())
      .put("payloadTruncated", kept.length() < whole.length())
      .toBuffer();
  }

  /** The key of the dead letter: the record's own, cut to {@value #KEY_MAX_CHARS} characters. */
  public static String key(String recordKey) {
    return recordKey == null ? null : Verdict.Rejected.clip(recordKey, KEY_MAX_CHARS);
  }

  /** {@code max}, moved back to the start of the UTF-8 sequence it falls in, so a cut never splits a character. */
  private static int utf8Boundary(Buffer bytes, int max) {
    int end = max;
    while (end > 0 && end > max - 3 && (bytes.getUnsignedByte(end) & 0xC0) == 0x80) {
      end--;
    }
    return end;
  }
}
