package io.tspipe.engines.clickhouse;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One chDB connection: a session that runs one statement at a time. Not for concurrent use. */
final class ChdbSession implements AutoCloseable {

  private final ChdbLibrary library;
  private final Pointer connection;
  private final Pointer handle;

  ChdbSession(ChdbLibrary library, Pointer connection) {
    this.library = library;
    this.connection = connection;
    this.handle = connection.getPointer(0);
  }

  /**
   * Runs one statement. {@code sql} may hold any bytes (NUL included); {@code format} is the output format unless the
   * statement names one; {@code parameters} fill its {@code {name:Type}} placeholders, values in escaped text form.
   */
  ChdbResult query(byte[] sql, String format, Map<String, String> parameters) throws ClickHouseException {
    Memory text = new Memory(Math.max(1, sql.length));
    text.write(0, sql, 0, sql.length);
    String[] names = parameters.keySet().toArray(String[]::new);
    String[] values = parameters.values().toArray(String[]::new);
    long[] valueLengths = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      valueLengths[i] = values[i].getBytes(StandardCharsets.UTF_8).length;
    }
    Pointer result = library.chdb_query_with_params_n(handle, text, sql.length,
      format, format.getBytes(StandardCharsets.UTF_8).length,
      names.length == 0 ? null : names, null,
      values.length == 0 ? null : values, values.length == 0 ? null : valueLengths, names.length);
    if (result == null) {
      throw new ClickHouseException(ClickHouseException.STD_EXCEPTION, "chDB returned no result");
    }
    String error = library.chdb_result_error(result);
    if (error != null) {
      library.chdb_destroy_query_result(result);
      throw ClickHouseException.fromEngine(error);
    }
    return new ChdbResult(library, result);
  }

  /** Runs a statement whose output does not matter ({@code USE}, {@code SET}, DDL). */
  void execute(String sql) throws ClickHouseException {
    query(sql.getBytes(StandardCharsets.UTF_8), "TabSeparated", Map.of()).close();
  }

  /** Runs a query and returns its output, TabSeparated unless the query names a format. */
  String text(String sql) throws ClickHouseException {
    try (ChdbResult result = query(sql.getBytes(StandardCharsets.UTF_8), "TabSeparated", Map.of())) {
      return result.text();
    }
  }

  @Override
  public void close() {
    library.chdb_close_conn(connection);
  }
}
