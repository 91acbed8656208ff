package io.tspipe.engines.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the JVM's signal handlers across the boot of chDB.
 *
 * <p>chDB's first {@code chdb_connect} installs ClickHouse's own handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and
 * more, replacing the JVM's; the JVM needs its SIGSEGV handler for implicit null checks and safepoint polls, so JIT
 * compiled code then kills the process. ({@code chdb_set_signal_handlers_enabled(0)} is no remedy in 26.5: it resets
 * those four signals to SIG_DFL on every connect.) Later connects leave the handlers alone.
 */
final class JvmSignalHandlers {

  private static final int SIGKILL = 9;
  private static final int SIGSTOP = 19;
  private static final int LAST_STANDARD_SIGNAL = 31;
  /** Larger than {@code struct sigaction} on every Linux ABI (152 bytes on x86_64 and aarch64). */
  private static final int SIGACTION_BYTES = 256;

  private interface LibC extends Library {
    int sigaction(int signal, Memory action, Memory previous);
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  private final Map<Integer, Memory> saved;

  private JvmSignalHandlers(Map<Integer, Memory> saved) {
    this.saved = saved;
  }

  static JvmSignalHandlers save() {
    Map<Integer, Memory> saved = new LinkedHashMap<>();
    for (int signal = 1; signal <= LAST_STANDARD_SIGNAL; signal++) {
      if (signal == SIGKILL || signal == SIGSTOP) {
        continue;
      }
      Memory action = new Memory(SIGACTION_BYTES);
      action.clear();
      if (LIBC.sigaction(signal, null, action) == 0) {
        saved.put(signal, action);
      }
    }
    return new JvmSignalHandlers(saved);
  }

  void restore() {
    saved.forEach((signal, action) -> LIBC.sigaction(signal, action, null));
  }
}
