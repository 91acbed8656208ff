package io.tspipe.bench.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProcStatTest {

  @Test
  @DisplayName("CPU seconds are utime + stime in hundredths, counted after a command name that holds spaces and ')'")
  void readsUserAndSystemTime() {
    String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 566 0 0 20 0 40 0 100 0 0";
    assertEquals(18.0, ProcStat.cpuSeconds(stat), 1e-9);
  }

  @Test
  @DisplayName("text that is not a stat line is refused")
  void refusesOtherText() {
    assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuSeconds("no parenthesis here"));
  }
}
