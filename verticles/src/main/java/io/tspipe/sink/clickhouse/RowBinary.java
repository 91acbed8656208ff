package io.tspipe.sink.clickhouse;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes values in ClickHouse's RowBinary format: little-endian fixed-width numbers, LEB128-prefixed strings,
 * UUIDs as their two 64-bit halves, Nullable as a null flag byte before the value. Rows are the columns in the
 * order the INSERT names them; nothing else delimits them.
 */
public final class RowBinary {

  private final Buffer out;

  public RowBinary(int initialBytes) {
    this.out = Buffer.buffer(initialBytes);
  }

  public Buffer buffer() {
    return out;
  }

  public RowBinary string(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    varint(bytes.length);
    out.appendBytes(bytes);
    return this;
  }

  public RowBinary bytes(Buffer value) {
    varint(value.length());
    out.appendBuffer(value);
    return this;
  }

  public RowBinary uuid(UUID value) {
    out.appendLongLE(value.getMostSignificantBits());
    out.appendLongLE(value.getLeastSignificantBits());
    return this;
  }

  /** DateTime64(3): milliseconds since the epoch. */
  public RowBinary dateTime64Millis(long epochMillis) {
    out.appendLongLE(epochMillis);
    return this;
  }

  public RowBinary uint8(int value) {
    out.appendByte((byte) value);
    return this;
  }

  public RowBinary uint16(int value) {
    out.appendUnsignedShortLE(value);
    return this;
  }

  public RowBinary uint32(long value) {
    out.appendUnsignedIntLE(value);
    return this;
  }

  public RowBinary uint64(long value) {
    out.appendLongLE(value);
    return this;
  }

  public RowBinary float64(double value) {
    out.appendLongLE(Double.doubleToRawLongBits(value));
    return this;
  }

  /** Nullable(Bool). */
  public RowBinary nullableBool(Boolean value) {
    if (value == null) {
      return uint8(1);
    }
    return uint8(0).uint8(value ? 1 : 0);
  }

  /** Nullable(Float64). */
  public RowBinary nullableFloat64(Double value) {
    if (value == null) {
      return uint8(1);
    }
    return uint8(0).float64(value);
  }

  /** Nullable(DateTime64(3)). */
  public RowBinary nullableDateTime64Millis(Long epochMillis) {
    if (epochMillis == null) {
      return uint8(1);
    }
    return uint8(0).dateTime64Millis(epochMillis);
  }

  private void varint(int value) {
    int remaining = value;
    while ((remaining & ~0x7F) != 0) {
      out.appendByte((byte) ((remaining & 0x7F) | 0x80));
      remaining >>>= 7;
    }
    out.appendByte((byte) remaining);
  }
}
