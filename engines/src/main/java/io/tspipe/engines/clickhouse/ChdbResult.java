package io.tspipe.engines.clickhouse;

import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A successful result held in native memory until {@link #close()}. */
final class ChdbResult implements AutoCloseable {

  private static final int COPY_CHUNK_BYTES = 1 << 16;

  private final ChdbLibrary library;
  private final Pointer result;

  ChdbResult(ChdbLibrary library, Pointer result) {
    this.library = library;
    this.result = result;
  }

  long length() {
    return library.chdb_result_length(result);
  }

  void writeTo(OutputStream out) throws IOException {
    long length = length();
    if (length == 0) {
      return;
    }
    ByteBuffer bytes = library.chdb_result_buffer(result).getByteBuffer(0, length);
    byte[] chunk = new byte[(int) Math.min(COPY_CHUNK_BYTES, length)];
    while (bytes.hasRemaining()) {
      int count = Math.min(chunk.length, bytes.remaining());
      bytes.get(chunk, 0, count);
      out.write(chunk, 0, count);
    }
  }

  String text() {
    long length = length();
    if (length == 0) {
      return "";
    }
    byte[] bytes = library.chdb_result_buffer(result).getByteArray(0, Math.toIntExact(length));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  QuerySummary summary() {
    return new QuerySummary(
      library.chdb_result_storage_rows_read(result),
      library.chdb_result_storage_bytes_read(result),
      library.chdb_result_rows_written(result),
      library.chdb_result_bytes_written(result),
      library.chdb_result_rows_read(result),
      library.chdb_result_bytes_read(result),
      Math.round(library.chdb_result_elapsed(result) * 1e9));
  }

  @Override
  public void close() {
    library.chdb_destroy_query_result(result);
  }
}
