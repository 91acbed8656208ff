package io.tspipe.store;

import io.tspipe.sink.clickhouse.RowBinary;

import java.util.List;

/**
 * The {@code ledger_offsets} table, the ledger's samples of each event topic partition's end offset and of the
 * offsets the worker's and the indexer's groups committed: created by {@code clickhouse/V010__ledger.sql}. The web
 * role's ledger writes it, {@link #COLUMNS} in the order {@link #append} encodes them, and reads it back to reconcile.
 */
public final class LedgerOffsetsTable {

  public static final String NAME = "ledger_offsets";

  /** Every column of the table, in the order {@link #append} writes them. */
  public static final List<String> COLUMNS = List.of("sampled_at", "topic", "partition", "produced", "log_start",
    "consumed", "indexed");

  private LedgerOffsetsTable() {
  }

  /** The table in {@code database}, as statements name it. */
  public static String in(String database) {
    return database + "." + NAME;
  }

  /** Appends one partition's sample; an offset a group never committed is 0. */
  public static RowBinary append(RowBinary out, long sampledAtMillis, String topic, int partition, long produced,
                                 long logStart, long consumed, long indexed) {
    return out.dateTime64Millis(sampledAtMillis).string(topic).uint16(partition).uint64(produced).uint64(logStart)
      .uint64(consumed).uint64(indexed);
  }
}
