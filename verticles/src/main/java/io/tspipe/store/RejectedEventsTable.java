package io.tspipe.store;

import io.tspipe.event.Verdict;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The {@code rejected_events} table, every record the worker refused, with its reason and raw payload: created by
 * {@code clickhouse/V001__core_tables.sql}; {@code quality_minute} ({@link RollupTables}) is fed from it. The worker
 * writes it: {@link #COLUMNS} in the order {@link #append} encodes them.
 */
public final class RejectedEventsTable {

  public static final String NAME = "rejected_events";

  /** Every column of the table, in the order {@link #append} writes them. */
  public static final List<String> COLUMNS = List.of("rejected_at", "kafka_topic", "kafka_partition", "kafka_offset",
    "event_type", "event_id", "reason_code", "field", "reason", "payload", "payload_bytes");

  private RejectedEventsTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /**
   * Appends the row of a record read from {@code position}, refused with {@code verdict} at {@code rejectedAtMillis}:
   * the first {@code payloadMaxBytes} of its {@code payload} (none when null), and the payload's whole length.
   */
  public static RowBinary append(RowBinary out, long rejectedAtMillis, RecordPosition position, Verdict.Rejected verdict,
                            Buffer payload, int payloadMaxBytes) {
    Buffer stored = payload == null ? Buffer.buffer() : payload;
    out.dateTime64Millis(rejectedAtMillis);
    PositionColumns.append(out, position);
    return out.string(verdict.eventType())
      .string(verdict.eventId())
      .string(verdict.reason().code())
      .string(verdict.field())
      .string(verdict.message())
      .bytes(stored.length() > payloadMaxBytes ? stored.getBuffer(0, payloadMaxBytes) : stored)
      .uint32(stored.length());
  }
}
