package io.tspipe.sink.clickhouse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RowBinaryTest {

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  @DisplayName("strings are UTF-8 after a LEB128 length, ASCII or not, short or long")
  void strings() {
    assertArrayEquals(bytes(2, 'a', 'b'), new RowBinary(1).string("ab").bytes());
    assertArrayEquals(bytes(0), new RowBinary(1).string("").bytes());
    assertArrayEquals(bytes(3, 'x', 0xC3, 0xA9), new RowBinary(1).string("xé").bytes());
    byte[] long300 = new RowBinary(1).string("z".repeat(300)).bytes();
    assertArrayEquals(bytes(0xAC, 0x02, 'z'), java.util.Arrays.copyOf(long300, 3));
    assertArrayEquals(bytes(0xAC, 0x02), java.util.Arrays.copyOf(new RowBinary(1).string("é".repeat(150)).bytes(), 2));
  }

  @Test
  @DisplayName("numbers are little-endian at their width, UUIDs their two halves, Nullable a flag before the value")
  void fixedWidth() {
    assertArrayEquals(bytes(0x02, 0x01), new RowBinary(1).uint16(0x0102).bytes());
    assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF), new RowBinary(1).uint32(0xFFFF_FFFFL).bytes());
    assertArrayEquals(bytes(8, 7, 6, 5, 4, 3, 2, 1), new RowBinary(1).uint64(0x0102030405060708L).bytes());
    assertArrayEquals(bytes(1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0), new RowBinary(1).uuid(new UUID(1, 2)).bytes());
    assertArrayEquals(bytes(1, 0, 1), new RowBinary(1).nullableBool(null).nullableBool(true).bytes());
    assertArrayEquals(bytes(0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F), new RowBinary(1).nullableFloat64(1.0).bytes());
  }

  @Test
  @DisplayName("the reader gives back what the writer wrote, value by value, until the rows end")
  void readsWhatWasWritten() {
    UUID id = UUID.randomUUID();
    RowBinary.Reader in = new RowBinary.Reader(new RowBinary(1).uuid(id).string("tópico-" + "x".repeat(200))
      .uint16(65_535).uint64(-2).buffer());
    assertEquals(id, in.uuid());
    assertEquals("tópico-" + "x".repeat(200), in.string());
    assertEquals(65_535, in.uint16());
    assertEquals(-2, in.uint64());
    assertFalse(in.hasMore());
  }
}
