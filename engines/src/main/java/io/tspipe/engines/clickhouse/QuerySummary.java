package io.tspipe.engines.clickhouse;

/** What a statement read and wrote, as clickhouse-server reports it in {@code X-ClickHouse-Summary}. */
record QuerySummary(
  long readRows,
  long readBytes,
  long writtenRows,
  long writtenBytes,
  long resultRows,
  long resultBytes,
  long elapsedNanos) {

  /** The header value: a JSON object whose numbers are strings, like the server's. */
  String toHeaderJson() {
    return "{\"read_rows\":\"" + readRows
      + "\",\"read_bytes\":\"" + readBytes
      + "\",\"written_rows\":\"" + writtenRows
      + "\",\"written_bytes\":\"" + writtenBytes
      + "\",\"total_rows_to_read\":\"0"
      + "\",\"result_rows\":\"" + resultRows
      + "\",\"result_bytes\":\"" + resultBytes
      + "\",\"elapsed_ns\":\"" + elapsedNanos + "\"}";
  }
}
