package io.tspipe.engines.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.file.Path;
import java.util.Map;

/**
 * chDB booted on one data directory. A primary connection keeps the engine up (closing the last connection shuts it
 * down); every {@link #openSession() session} is a further connection to the same directory, with its own current
 * database and settings, so sessions run in parallel and never see each other's state.
 */
public final class ChdbEngine implements AutoCloseable {

  private final ChdbLibrary library;
  private final String[] connectArguments;
  private final Pointer primaryConnection;

  private ChdbEngine(ChdbLibrary library, String[] connectArguments, Pointer primaryConnection) {
    this.library = library;
    this.connectArguments = connectArguments;
    this.primaryConnection = primaryConnection;
  }

  public static ChdbEngine boot(Path libchdb, Path dataDirectory) {
    ChdbLibrary library = Native.load(libchdb.toString(), ChdbLibrary.class,
      Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
    String[] connectArguments = {"clickhouse", "--path=" + dataDirectory};
    JvmSignalHandlers jvmHandlers = JvmSignalHandlers.save();
    Pointer primaryConnection = library.chdb_connect(connectArguments.length, connectArguments);
    jvmHandlers.restore();
    if (primaryConnection == null) {
      throw new IllegalStateException("chDB did not start on " + dataDirectory);
    }
    return new ChdbEngine(library, connectArguments, primaryConnection);
  }

  ChdbSession openSession() {
    Pointer connection = library.chdb_connect(connectArguments.length, connectArguments);
    if (connection == null) {
      throw new IllegalStateException("chDB refused a new connection");
    }
    return new ChdbSession(library, connection);
  }

  /** Shuts the engine down; every session must be closed first. */
  @Override
  public void close() {
    library.chdb_close_conn(primaryConnection);
  }
}
