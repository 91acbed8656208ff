package io.tspipe.event;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The integer fields of an event and the unsigned columns of {@code events} they are stored in: an event is valid only
 * if each of them fits its column exactly, which a schema's {@code maximum} cannot say for a number read as a double.
 */
public final class IntegerFields {

  /** An unsigned integer column of {@code events}: the event field it is read from, and the largest value it holds. */
  public record IntegerColumn(String field, BigInteger max) {

    IntegerColumn(String field, int bits) {
      this(field, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    }

    /** Whether a whole number read as a {@code long} fits, without allocating for the usual value. */
    public boolean holds(long value) {
      return value >= 0 && (max.bitLength() > 63 || value <= max.longValue());
    }

    public boolean holds(BigInteger value) {
      return value.signum() >= 0 && value.compareTo(max) <= 0;
    }
  }

  public static final List<IntegerColumn> COLUMNS = List.of(new IntegerColumn("schemaVersion", 16),
    new IntegerColumn("statusCode", 16), new IntegerColumn("responseTimeMs", 32),
    new IntegerColumn("requestBytes", 64), new IntegerColumn("responseBytes", 64));

  /** Integers written with a fraction or an exponent are read as doubles, exact only up to 2^53. */
  private static final double LARGEST_EXACT_DOUBLE = 0x1p53;

  private IntegerFields() {
  }

  /**
   * Checks every integer field of {@code event} against its column, and answers the reject of the first its column
   * cannot hold as written: outside the column's range, or written with a fraction or an exponent beyond 2^53, where
   * the double it was read as may differ from it; {@code null} when every one fits. A whole number read as a double
   * ({@code 1e3}) is replaced by the {@code long} it is, so what is stored and indexed is the integer.
   */
  public static Verdict.Rejected fit(Map<String, Object> event) {
    for (IntegerColumn column : COLUMNS) {
      Object value = event.get(column.field());
      if (value == null) {
        continue;
      }
      String field = "/" + column.field();
      BigInteger whole;
      if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
        if (column.holds(((Number) value).longValue())) {
          continue;
        }
        whole = BigInteger.valueOf(((Number) value).longValue());
      } else if (value instanceof BigInteger integer) {
        whole = integer;
      } else if (value instanceof Number number && isExactWhole(number.doubleValue())) {
        whole = BigInteger.valueOf(number.longValue());
        event.put(column.field(), number.longValue());
      } else {
        return new Verdict.Rejected(RejectReason.INVALID_VALUE, field, "field '" + field + "': " + value
          + " cannot be stored exactly: an integer past 2^53 must be written as digits, without a fraction or exponent",
          "", "");
      }
      if (!column.holds(whole)) {
        return new Verdict.Rejected(RejectReason.INVALID_VALUE, field, "field '" + field + "': " + whole
          + " is outside the range its column holds (0 to " + column.max() + ")", "", "");
      }
    }
    return null;
  }

  private static boolean isExactWhole(double value) {
    return value == Math.rint(value) && Math.abs(value) <= LARGEST_EXACT_DOUBLE;
  }
}
