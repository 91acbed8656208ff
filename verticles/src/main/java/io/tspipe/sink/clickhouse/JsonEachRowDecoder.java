package io.tspipe.sink.clickhouse;

import io.tspipe.ipintel.IpAddresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoderImpl;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes each value the ClickHouse JDBC driver reads into what ClickHouse's JSONEachRow writes for it (see
 * {@link ClickHouseReads}), so rows read through JDBC look like rows read over HTTP. Named by vertx-jdbc-client's
 * {@code decoderCls}; public with a no-argument constructor for that reason.
 */
public final class JsonEachRowDecoder extends JDBCDecoderImpl {

  private static final Pattern DATE_TIME_64 = Pattern.compile("DateTime64\\((\\d+)");

  @Override
  public Object parse(ResultSet rs, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    Object value = rs.getObject(pos);
    if (value instanceof Date || value instanceof TemporalAccessor) {
      return dateTimeText(rs.getString(pos), rs.getMetaData().getColumnTypeName(pos));
    }
    if (value instanceof Inet4Address ipv4 && rs.getMetaData().getColumnTypeName(pos).contains("IPv6")) {
      return "::ffff:" + ipv4.getHostAddress();
    }
    return json(value);
  }

  /**
   * A date or time as ClickHouse writes it: the driver's text, whose fraction of a second it cuts short at its last
   * non-zero digit, with every digit a {@code DateTime64(precision)} column has.
   */
  static String dateTimeText(String text, String type) {
    Matcher dateTime64 = DATE_TIME_64.matcher(type);
    if (text == null || !dateTime64.find()) {
      return text;
    }
    int precision = Integer.parseInt(dateTime64.group(1));
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (precision == 0) {
      return whole;
    }
    return whole + "." + (fraction + "0".repeat(precision)).substring(0, Math.max(precision, fraction.length()));
  }

  /** A value the driver read, as JSONEachRow writes it. */
  static Object json(Object value) throws SQLException {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double number) {
      return Double.isFinite(number) ? number : null;
    }
    if (value instanceof Float number) {
      return Float.isFinite(number) ? number : null;
    }
    if (value instanceof Byte || value instanceof Short) {
      return ((Number) value).intValue();
    }
    if (value instanceof BigInteger number) {
      return number.bitLength() < Long.SIZE ? (Object) number.longValue() : number;
    }
    if (value instanceof Number) {
      return value;
    }
    if (value instanceof UUID uuid) {
      return uuid.toString();
    }
    if (value instanceof Inet4Address ipv4) {
      return ipv4.getHostAddress();
    }
    if (value instanceof InetAddress ipv6) {
      return IpAddresses.format(IpAddresses.parse(ipv6.getHostAddress()));
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof java.sql.Array array) {
      return json(array.getArray());
    }
    if (value instanceof List<?> list) {
      JsonArray elements = new JsonArray();
      for (Object element : list) {
        elements.add(json(element));
      }
      return elements;
    }
    if (value.getClass().isArray()) {
      JsonArray elements = new JsonArray();
      for (int i = 0, length = Array.getLength(value); i < length; i++) {
        elements.add(json(Array.get(value, i)));
      }
      return elements;
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject entries = new JsonObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        entries.put(String.valueOf(entry.getKey()), json(entry.getValue()));
      }
      return entries;
    }
    return value.toString();
  }
}
