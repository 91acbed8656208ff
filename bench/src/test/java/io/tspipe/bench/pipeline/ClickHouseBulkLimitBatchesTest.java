package io.tspipe.bench.pipeline;

import io.tspipe.sink.clickhouse.RowBinary;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseBulkLimitBatchesTest {

  private static final List<String> COLUMNS = List.of("id", "type", "timestamp", "success", "lat", "status_code",
    "kafka_offset", "user_agent");
  private static final List<String> TYPES = List.of("UUID", "LowCardinality(String)", "DateTime64(3, 'UTC')",
    "Nullable(Bool)", "Nullable(Float64)", "UInt16", "UInt64", "String");

  @Test
  @DisplayName("rows are cut into batches of the batch size, the last one shorter, each row copied byte for byte")
  void batches() throws IOException {
    List<Buffer> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(row(i, i % 2 == 0 ? null : i % 3 == 0, i == 4 ? null : 48.85 + i, "agent " + i));
    }

    ClickHouseBulkLimitBatches batches = ClickHouseBulkLimitBatches.read(stream(COLUMNS, TYPES, rows), 2);

    assertEquals(COLUMNS, batches.columns());
    assertEquals(TYPES, batches.types());
    assertEquals(5, batches.rows());
    assertEquals(3, batches.batches().size());
    assertEquals(List.of(2, 2, 1), List.of(batches.rowsIn(0), batches.rowsIn(1), batches.rowsIn(2)));
    assertEquals(concat(rows.subList(0, 2)), batches.batches().get(0));
    assertEquals(concat(rows.subList(2, 4)), batches.batches().get(1));
    assertEquals(concat(rows.subList(4, 5)), batches.batches().get(2));
    assertEquals(concat(rows).length(), batches.bytes());
  }

  @Test
  @DisplayName("a whole number of batches leaves no empty batch behind, and no rows make no batch")
  void exactBatches() throws IOException {
    List<Buffer> rows = List.of(row(1, true, 1.0, "a"), row(2, false, 2.0, "b"));
    assertEquals(1, ClickHouseBulkLimitBatches.read(stream(COLUMNS, TYPES, rows), 2).batches().size());
    ClickHouseBulkLimitBatches none = ClickHouseBulkLimitBatches.read(stream(COLUMNS, TYPES, List.of()), 2);
    assertEquals(0, none.rows());
    assertTrue(none.batches().isEmpty());
  }

  @Test
  @DisplayName("values longer than the read buffer, with multi-byte lengths, are copied whole")
  void longValues() throws IOException {
    String agent = "x".repeat(700_000);
    List<Buffer> rows = List.of(row(1, true, 1.0, agent), row(2, null, null, "short"), row(3, false, 3.0, agent));

    ClickHouseBulkLimitBatches batches = ClickHouseBulkLimitBatches.read(stream(COLUMNS, TYPES, rows), 2);

    assertEquals(concat(rows.subList(0, 2)), batches.batches().get(0));
    assertEquals(concat(rows.subList(2, 3)), batches.batches().get(1));
  }

  @Test
  @DisplayName("a stream that ends inside a row, a type of unknown layout, or an empty batch size is refused")
  void refusals() {
    Buffer cut = streamBuffer(COLUMNS, TYPES, List.of(row(1, true, 1.0, "agent")));
    byte[] truncated = cut.getBytes(0, cut.length() - 2);
    assertThrows(EOFException.class, () -> ClickHouseBulkLimitBatches.read(new ByteArrayInputStream(truncated), 10));

    Buffer array = streamBuffer(List.of("tags"), List.of("Array(String)"), List.of());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
      () -> ClickHouseBulkLimitBatches.read(new ByteArrayInputStream(array.getBytes()), 10));
    assertTrue(unknown.getMessage().contains("Array(String)"), unknown.getMessage());

    assertThrows(IllegalArgumentException.class,
      () -> ClickHouseBulkLimitBatches.read(new ByteArrayInputStream(cut.getBytes()), 0));
  }

  private static Buffer row(int i, Boolean success, Double lat, String userAgent) {
    return new RowBinary(64)
      .uuid(new UUID(i, i))
      .string("api_request")
      .dateTime64Millis(1_795_000_000_000L + i)
      .nullableBool(success)
      .nullableFloat64(lat)
      .uint16(200 + i)
      .uint64(1_000_000L * i)
      .string(userAgent)
      .buffer();
  }

  /** {@code RowBinaryWithNamesAndTypes}: the column count, the names, the types, then the rows. */
  private static ByteArrayInputStream stream(List<String> columns, List<String> types, List<Buffer> rows) {
    return new ByteArrayInputStream(streamBuffer(columns, types, rows).getBytes());
  }

  private static Buffer streamBuffer(List<String> columns, List<String> types, List<Buffer> rows) {
    RowBinary header = new RowBinary(256).uint8(columns.size());
    columns.forEach(header::string);
    types.forEach(header::string);
    return header.buffer().copy().appendBuffer(concat(rows));
  }

  private static Buffer concat(List<Buffer> rows) {
    Buffer all = Buffer.buffer();
    rows.forEach(all::appendBuffer);
    return all;
  }
}
