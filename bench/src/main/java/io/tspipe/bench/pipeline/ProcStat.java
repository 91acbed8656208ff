package io.tspipe.bench.pipeline;

/** Reads a process's CPU time from the text of Linux's {@code /proc/<pid>/stat}. */
final class ProcStat {

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
}
