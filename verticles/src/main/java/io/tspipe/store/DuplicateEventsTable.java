package io.tspipe.store;

import io.tspipe.event.Verdict;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.RowBinary;

import java.util.List;

/**
 * The {@code duplicate_events} table, every re-sent event with where its id was first read: created by
 * {@code clickhouse/V001__core_tables.sql}; {@code quality_minute} ({@link RollupTables}) is fed from it. The worker
 * writes it: {@link #COLUMNS} in the order {@link #append} encodes them.
 */
public final class DuplicateEventsTable {

  public static final String NAME = "duplicate_events";

  /** Every column of the table, in the order {@link #append} writes them. */
  public static final List<String> COLUMNS = List.of("detected_at", "id", "type", "timestamp", "kafka_topic",
    "kafka_partition", "kafka_offset", "first_topic", "first_partition", "first_offset");

  private DuplicateEventsTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /** Appends the row of {@code event}, read again from {@code position} after {@code firstSeenAt}. */
  public static RowBinary append(RowBinary out, long detectedAtMillis, Verdict.Accepted event, RecordPosition position,
                            RecordPosition firstSeenAt) {
    out.dateTime64Millis(detectedAtMillis)
      .uuid(event.id())
      .string(event.type().wireName())
      .dateTime64Millis(event.timestampMillis());
    PositionColumns.append(out, position);
    return PositionColumns.append(out, firstSeenAt);
  }
}
