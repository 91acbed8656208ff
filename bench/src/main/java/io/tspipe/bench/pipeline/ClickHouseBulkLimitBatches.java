package io.tspipe.bench.pipeline;

import io.vertx.core.buffer.Buffer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows exported by ClickHouse as {@code RowBinaryWithNamesAndTypes}, cut into RowBinary bodies of {@code batchRows}
 * rows each (the last one shorter), ready to be INSERT bodies: the header is read and dropped, every row is copied
 * byte for byte, never decoded into values and encoded again. RowBinary has no row delimiter, so rows are walked
 * column by column using the widths of their types; a type whose width is not known here is refused.
 *
 * @param columns   the column names of the header, in order
 * @param types     their types, as ClickHouse names them
 * @param batches   the RowBinary bodies, headerless
 * @param rows      rows in all the batches
 * @param batchRows rows per batch; only the last batch may hold fewer
 */
record ClickHouseBulkLimitBatches(List<String> columns, List<String> types, List<Buffer> batches, long rows,
                                  int batchRows) {

  private static final Pattern WRAPPER = Pattern.compile("(Nullable|LowCardinality)\\((.*)\\)");
  private static final Pattern FIXED_STRING = Pattern.compile("FixedString\\((\\d+)\\)");

  long bytes() {
    return batches.stream().mapToLong(Buffer::length).sum();
  }

  /** Rows in batch {@code index}. */
  int rowsIn(int index) {
    return (int) Math.min(batchRows, rows - (long) index * batchRows);
  }

  /** Reads a whole {@code RowBinaryWithNamesAndTypes} stream; the caller closes it. */
  static ClickHouseBulkLimitBatches read(InputStream rowBinaryWithNamesAndTypes, int batchRows) throws IOException {
    if (batchRows < 1) {
      throw new IllegalArgumentException("a batch holds at least one row, not " + batchRows);
    }
    Cursor in = new Cursor(rowBinaryWithNamesAndTypes);
    int columnCount = (int) in.varUInt(null);
    List<String> columns = new ArrayList<>(columnCount);
    List<String> types = new ArrayList<>(columnCount);
    for (int i = 0; i < columnCount; i++) {
      columns.add(in.string());
    }
    List<Column> layout = new ArrayList<>(columnCount);
    for (int i = 0; i < columnCount; i++) {
      types.add(in.string());
      layout.add(column(types.get(i)));
    }
    List<Buffer> batches = new ArrayList<>();
    Buffer batch = null;
    long rows = 0;
    while (in.hasMore()) {
      if (rows % batchRows == 0) {
        batch = Buffer.buffer(batch == null ? 64 * 1024 : batch.length() + batch.length() / 8);
        batches.add(batch);
      }
      for (Column column : layout) {
        column.copy(in, batch);
      }
      rows++;
    }
    return new ClickHouseBulkLimitBatches(List.copyOf(columns), List.copyOf(types), List.copyOf(batches), rows,
      batchRows);
  }

  /** How one value of a type is laid out in RowBinary. */
  @FunctionalInterface
  private interface Column {
    void copy(Cursor in, Buffer out) throws IOException;
  }

  private static Column column(String type) {
    Matcher wrapper = WRAPPER.matcher(type);
    if (wrapper.matches()) {
      Column inner = column(wrapper.group(2));
      return wrapper.group(1).equals("LowCardinality") ? inner : (in, out) -> {
        byte isNull = in.copy(1, out);
        if (isNull == 0) {
          inner.copy(in, out);
        }
      };
    }
    Matcher fixedString = FIXED_STRING.matcher(type);
    if (fixedString.matches()) {
      int width = Integer.parseInt(fixedString.group(1));
      return (in, out) -> in.copy(width, out);
    }
    if (type.equals("String")) {
      return (in, out) -> in.copy(Math.toIntExact(in.varUInt(out)), out);
    }
    int width = fixedWidth(type);
    return (in, out) -> in.copy(width, out);
  }

  private static int fixedWidth(String type) {
    String base = type.replaceFirst("\\(.*", "");
    return switch (base) {
      case "UInt8", "Int8", "Bool", "Enum8" -> 1;
      case "UInt16", "Int16", "Date", "Enum16" -> 2;
      case "UInt32", "Int32", "Float32", "Date32", "DateTime", "IPv4" -> 4;
      case "UInt64", "Int64", "Float64", "DateTime64" -> 8;
      case "UUID", "IPv6", "UInt128", "Int128" -> 16;
      case "UInt256", "Int256" -> 32;
      default -> throw new IllegalArgumentException("the RowBinary layout of type " + type + " is not known here");
    };
  }

  /** A buffered reader of the stream that copies what it reads into the current batch. */
  private static final class Cursor {

    private final InputStream in;
    private final byte[] chunk = new byte[256 * 1024];
    private int position;
    private int limit;

    Cursor(InputStream in) {
      this.in = in;
    }

    boolean hasMore() throws IOException {
      return position < limit || fill();
    }

    /** Copies {@code length} bytes to {@code out} (when not null); answers the first, or 0 when length is 0. */
    byte copy(int length, Buffer out) throws IOException {
      byte first = 0;
      int left = length;
      while (left > 0) {
        if (position == limit && !fill()) {
          throw new EOFException("the stream ends inside a row");
        }
        int n = Math.min(left, limit - position);
        if (left == length) {
          first = chunk[position];
        }
        if (out != null) {
          out.appendBytes(chunk, position, n);
        }
        position += n;
        left -= n;
      }
      return first;
    }

    /** An unsigned LEB128 number, copied to {@code out} (when not null) as it was. */
    long varUInt(Buffer out) throws IOException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = copy(1, out);
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IOException("a variable-length number longer than 64 bits");
    }

    String string() throws IOException {
      Buffer text = Buffer.buffer();
      copy(Math.toIntExact(varUInt(null)), text);
      return text.toString();
    }

    private boolean fill() throws IOException {
      int n = in.readNBytes(chunk, 0, chunk.length);
      position = 0;
      limit = n;
      return n > 0;
    }
  }
}
