package io.tspipe.engines;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes rows in ClickHouse's RowBinary format, for the columns the tests use. */
final class RowBinary {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  RowBinary uint64(long value) {
    out.writeBytes(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    return this;
  }

  /** DateTime64(3): milliseconds since the epoch as a little-endian Int64. */
  RowBinary dateTime64Millis(long epochMillis) {
    return uint64(epochMillis);
  }

  RowBinary string(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    long length = bytes.length;
    while (length >= 0x80) {
      out.write((int) (length & 0x7F | 0x80));
      length >>>= 7;
    }
    out.write((int) length);
    out.writeBytes(bytes);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
