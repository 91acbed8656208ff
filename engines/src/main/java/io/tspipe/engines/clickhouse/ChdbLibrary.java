package io.tspipe.engines.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of chDB's C API ({@code chdb.h}, chDB 26.5) this front end calls. {@code size_t} and {@code uint64_t}
 * map to Java {@code long}, which holds on the LP64 platforms chDB ships for.
 *
 * <pre>
 * chdb_connection *chdb_connect(int argc, char **argv);
 * void             chdb_close_conn(chdb_connection *conn);
 * chdb_result     *chdb_query_with_params_n(chdb_connection conn,
 *                      const char *query, size_t query_len, const char *format, size_t format_len,
 *                      const char *const *param_names, const size_t *param_name_lens,
 *                      const char *const *param_values, const size_t *param_value_lens, size_t param_count);
 * char            *chdb_result_buffer(chdb_result *result);
 * size_t           chdb_result_length(chdb_result *result);
 * const char      *chdb_result_error(chdb_result *result);
 * uint64_t         chdb_result_rows_read(chdb_result *result);      // rows in the result set
 * uint64_t         chdb_result_bytes_read(chdb_result *result);
 * uint64_t         chdb_result_storage_rows_read(chdb_result *result);
 * uint64_t         chdb_result_storage_bytes_read(chdb_result *result);
 * uint64_t         chdb_result_rows_written(chdb_result *result);
 * uint64_t         chdb_result_bytes_written(chdb_result *result);
 * double           chdb_result_elapsed(chdb_result *result);        // seconds
 * void             chdb_destroy_query_result(chdb_result *result);
 * </pre>
 *
 * A {@code chdb_connection} is one session (current database, settings); it runs one statement at a time, and
 * separate connections to the same path run in parallel. Null {@code param_name_lens} means NUL-terminated names.
 */
interface ChdbLibrary extends Library {

  Pointer chdb_connect(int argc, String[] argv);

  void chdb_close_conn(Pointer connection);

  Pointer chdb_query_with_params_n(Pointer connection, Pointer query, long queryLength,
                                   String format, long formatLength,
                                   String[] parameterNames, long[] parameterNameLengths,
                                   String[] parameterValues, long[] parameterValueLengths, long parameterCount);

  Pointer chdb_result_buffer(Pointer result);

  long chdb_result_length(Pointer result);

  String chdb_result_error(Pointer result);

  long chdb_result_rows_read(Pointer result);

  long chdb_result_bytes_read(Pointer result);

  long chdb_result_storage_rows_read(Pointer result);

  long chdb_result_storage_bytes_read(Pointer result);

  long chdb_result_rows_written(Pointer result);

  long chdb_result_bytes_written(Pointer result);

  double chdb_result_elapsed(Pointer result);

  void chdb_destroy_query_result(Pointer result);
}
