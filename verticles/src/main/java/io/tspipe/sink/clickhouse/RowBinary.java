package io.tspipe.sink.clickhouse;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Writes values in ClickHouse's RowBinary format: little-endian fixed-width numbers, LEB128-prefixed strings,
 * UUIDs as their two 64-bit halves, Nullable as a null flag byte before the value. Rows are the columns in the
 * order the INSERT names them; nothing else delimits them.
 */
public final class RowBinary {

  private byte[] out;
  private int size;

  public RowBinary(int initialBytes) {
    this.out = new byte[Math.max(16, initialBytes)];
  }

  /** One row per record, each written by {@code row}, as one buffer; {@code bytesPerRow} sizes it at first. */
  public static <T> Buffer rows(List<T> records, int bytesPerRow, BiConsumer<RowBinary, T> row) {
    RowBinary out = new RowBinary(records.size() * bytesPerRow);
    for (T record : records) {
      row.accept(out, record);
    }
    return out.buffer();
  }

  /** What was written, as a buffer of its own. */
  public Buffer buffer() {
    return Buffer.buffer(bytes());
  }

  /** What was written, as an array of its own. */
  public byte[] bytes() {
    return Arrays.copyOf(out, size);
  }

  /** UTF-8 after its length; ASCII, the common case, is copied char by char without an intermediate array. */
  public RowBinary string(String value) {
    int length = value.length();
    if (length < 0x80 && isAscii(value, length)) {
      ensure(1 + length);
      out[size++] = (byte) length;
      for (int i = 0; i < length; i++) {
        out[size++] = (byte) value.charAt(i);
      }
      return this;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    varint(bytes.length);
    append(bytes, bytes.length);
    return this;
  }

  public RowBinary bytes(Buffer value) {
    varint(value.length());
    append(value.getBytes(), value.length());
    return this;
  }

  public RowBinary uuid(UUID value) {
    return uint64(value.getMostSignificantBits()).uint64(value.getLeastSignificantBits());
  }

  /**
   * IPv6: the 16 bytes of the address in network order (big-endian), unlike every number; {@code high} and
   * {@code low} are its two 64-bit halves. IPv4 is stored IPv4-mapped ({@code ::ffff:a.b.c.d}).
   */
  public RowBinary ipv6(long high, long low) {
    ensure(16);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out[size++] = (byte) (high >>> shift);
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
      out[size++] = (byte) (low >>> shift);
    }
    return this;
  }

  /** Bool: one byte, 1 or 0. */
  public RowBinary bool(boolean value) {
    return uint8(value ? 1 : 0);
  }

  /** DateTime64(3): milliseconds since the epoch. */
  public RowBinary dateTime64Millis(long epochMillis) {
    return uint64(epochMillis);
  }

  public RowBinary uint8(int value) {
    ensure(1);
    out[size++] = (byte) value;
    return this;
  }

  public RowBinary uint16(int value) {
    ensure(2);
    out[size++] = (byte) value;
    out[size++] = (byte) (value >>> 8);
    return this;
  }

  public RowBinary uint32(long value) {
    ensure(4);
    for (int shift = 0; shift < 32; shift += 8) {
      out[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public RowBinary uint64(long value) {
    ensure(8);
    for (int shift = 0; shift < 64; shift += 8) {
      out[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public RowBinary float64(double value) {
    return uint64(Double.doubleToRawLongBits(value));
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

  /** Reads what {@link RowBinary} writes, value by value, from a buffer of whole rows. */
  public static final class Reader {

    private final Buffer in;
    private int at;

    public Reader(Buffer in) {
      this.in = in;
    }

    public boolean hasMore() {
      return at < in.length();
    }

    public UUID uuid() {
      return new UUID(uint64(), uint64());
    }

    public String string() {
      int length = 0;
      int shift = 0;
      byte next;
      do {
        next = in.getByte(at++);
        length |= (next & 0x7F) << shift;
        shift += 7;
      } while ((next & 0x80) != 0);
      String value = in.getString(at, at + length, StandardCharsets.UTF_8.name());
      at += length;
      return value;
    }

    public int uint16() {
      int value = in.getUnsignedShortLE(at);
      at += 2;
      return value;
    }

    public long uint64() {
      long value = in.getLongLE(at);
      at += 8;
      return value;
    }

    /** IPv6: 16 bytes in network order, as the address's two 64-bit halves. */
    public long[] ipv6() {
      long high = 0;
      long low = 0;
      for (int i = 0; i < 8; i++) {
        high = (high << 8) | (in.getByte(at++) & 0xff);
      }
      for (int i = 0; i < 8; i++) {
        low = (low << 8) | (in.getByte(at++) & 0xff);
      }
      return new long[] {high, low};
    }

    public boolean bool() {
      return in.getByte(at++) != 0;
    }

    public long uint32() {
      long value = in.getUnsignedIntLE(at);
      at += 4;
      return value;
    }

    public Boolean nullableBool() {
      return in.getByte(at++) != 0 ? null : in.getByte(at++) != 0;
    }

    public Double nullableFloat64() {
      return in.getByte(at++) != 0 ? null : Double.longBitsToDouble(uint64());
    }
  }

  private void varint(int value) {
    ensure(5);
    int remaining = value;
    while ((remaining & ~0x7F) != 0) {
      out[size++] = (byte) ((remaining & 0x7F) | 0x80);
      remaining >>>= 7;
    }
    out[size++] = (byte) remaining;
  }

  private static boolean isAscii(String value, int length) {
    for (int i = 0; i < length; i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private void append(byte[] bytes, int length) {
    ensure(length);
    System.arraycopy(bytes, 0, out, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
    }
  }
}
