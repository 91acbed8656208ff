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
  @DisplayName("the machine is busy for user, nice, system, irq, softirq and steal time, not idle or iowait")
  void readsTheMachinesBusyTime() {
    String stat = "cpu  100 20 30 5000 400 6 7 8 50 0\ncpu0 50 10 15 2500 200 3 3 4 25 0\nintr 1 2 3\n";
    assertEquals(1.71, ProcStat.machineBusySeconds(stat), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> ProcStat.machineBusySeconds("intr 1 2 3"));
  }

  @Test
  @DisplayName("text that is not a stat line is refused")
  void refusesOtherText() {
    assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuSeconds("no parenthesis here"));
  }
}
