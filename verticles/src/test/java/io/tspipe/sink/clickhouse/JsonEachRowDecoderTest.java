package io.tspipe.sink.clickhouse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JsonEachRowDecoderTest {

  @Test
  @DisplayName("numbers stay numbers, NaN and infinities become null, 64-bit unsigned values fit a long when they can")
  void numbers() throws Exception {
    assertEquals(3, JsonEachRowDecoder.json((short) 3));
    assertEquals(-1, JsonEachRowDecoder.json((byte) -1));
    assertEquals(5L, JsonEachRowDecoder.json(BigInteger.valueOf(5)));
    BigInteger huge = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    assertEquals(huge, JsonEachRowDecoder.json(huge));
    assertEquals(1.5, JsonEachRowDecoder.json(1.5));
    assertNull(JsonEachRowDecoder.json(Double.NaN));
    assertNull(JsonEachRowDecoder.json(Float.POSITIVE_INFINITY));
    assertEquals(new BigDecimal("1.25"), JsonEachRowDecoder.json(new BigDecimal("1.25")));
  }

  @Test
  @DisplayName("a DateTime64 is written with every digit of its precision, other dates and times as the driver reads")
  void datesAndTimes() {
    assertEquals("2099-01-01 00:00:00.000", JsonEachRowDecoder.dateTimeText("2099-01-01 00:00:00", "DateTime64(3, 'UTC')"));
    assertEquals("2099-01-01 00:00:00.120", JsonEachRowDecoder.dateTimeText("2099-01-01 00:00:00.12",
      "Nullable(DateTime64(3))"));
    assertEquals("2099-01-01 00:00:00.123456", JsonEachRowDecoder.dateTimeText("2099-01-01 00:00:00.123456",
      "DateTime64(6)"));
    assertEquals("2099-01-01 00:00:00", JsonEachRowDecoder.dateTimeText("2099-01-01 00:00:00", "DateTime64(0)"));
    assertEquals("2099-01-01 00:00:00", JsonEachRowDecoder.dateTimeText("2099-01-01 00:00:00", "DateTime('UTC')"));
    assertEquals("2099-01-01", JsonEachRowDecoder.dateTimeText("2099-01-01", "Date"));
    assertNull(JsonEachRowDecoder.dateTimeText(null, "DateTime64(3)"));
  }

  @Test
  @DisplayName("UUIDs and addresses as ClickHouse writes them, arrays and tuples as arrays, maps as objects")
  void textAndContainers() throws Exception {
    assertEquals("3f6c1a52-0000-4000-8000-000000000001",
      JsonEachRowDecoder.json(UUID.fromString("3f6c1a52-0000-4000-8000-000000000001")));
    assertEquals("1.2.3.4", JsonEachRowDecoder.json(InetAddress.getByName("1.2.3.4")));
    assertEquals("2001:db8::1", JsonEachRowDecoder.json(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
    assertEquals(new JsonArray().add(1f).addNull().add(2f), JsonEachRowDecoder.json(new float[] {1f, Float.NaN, 2f}));
    assertEquals(new JsonArray().add(1).add("a"), JsonEachRowDecoder.json(new Object[] {(short) 1, "a"}));
    assertEquals(new JsonArray().add("x"), JsonEachRowDecoder.json(List.of("x")));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("k", (short) 1);
    assertEquals(new JsonObject().put("k", 1), JsonEachRowDecoder.json(map));
    assertNull(JsonEachRowDecoder.json(null));
    assertEquals(true, JsonEachRowDecoder.json(true));
  }
}
