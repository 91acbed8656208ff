package io.tspipe.engines.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The statement chDB runs for one request, and the file its INSERT data was spooled to, if any. */
record PreparedStatement(byte[] sql, Path spooledData) implements AutoCloseable {

  @Override
  public void close() {
    if (spooledData == null) {
      return;
    }
    try {
      Files.deleteIfExists(spooledData);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
