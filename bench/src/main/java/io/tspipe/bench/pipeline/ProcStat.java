package io.tspipe.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads CPU time from Linux's {@code /proc}: a process's from {@code /proc/<pid>/stat}, the machine's from {@code /proc/stat}. */
public final class ProcStat {

  /** Linux reports {@code utime} and {@code stime} in clock ticks of 1/100 s ({@code USER_HZ}) on every architecture. */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcStat() {
  }

  /**
   * {@code utime + stime} in seconds. The command name (field 2) is in parentheses and may hold spaces, so fields are
   * counted from the last {@code ')'}: {@code utime} and {@code stime} are fields 14 and 15.
   */
  static double cpuSeconds(String stat) {
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
    }
    String[] fields = stat.substring(end + 2).trim().split("\\s+");
    // fields[0] is field 3 (state), so field n is fields[n - 3]
    long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    return ticks / TICKS_PER_SECOND;
  }

  /** {@link #cpuSeconds(String)} of the process {@code pid} now. */
  public static double cpuSeconds(long pid) throws IOException {
    return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
  }

  /**
   * The seconds every CPU together spent busy, from the aggregate {@code cpu} line of {@code /proc/stat}: everything
   * but {@code idle} and {@code iowait} (fields 4 and 5). {@code guest} time is already inside {@code user}.
   */
  static double machineBusySeconds(String procStat) {
    for (String line : procStat.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields[0].equals("cpu")) {
        long busy = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
          busy += i == 4 || i == 5 ? 0 : Long.parseLong(fields[i]);
        }
        return busy / TICKS_PER_SECOND;
      }
    }
    throw new IllegalArgumentException("no aggregate cpu line in /proc/stat");
  }

  /** {@link #machineBusySeconds(String)} of this machine now. */
  static double machineBusySeconds() throws IOException {
    return machineBusySeconds(Files.readString(Path.of("/proc/stat")));
  }
}
