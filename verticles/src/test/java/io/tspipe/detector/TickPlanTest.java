package io.tspipe.detector;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TickPlanTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  @DisplayName("a rule that keeps up evaluates every due tick; none when nothing is due")
  void everyTickWhenKeepingUp() {
    assertEquals(List.of(at(1), at(2), at(3)), TickPlan.ticks(at(1), at(3), 1000, 5));
    assertEquals(List.of(at(3)), TickPlan.ticks(at(3), at(3), 1000, 5));
    assertEquals(List.of(), TickPlan.ticks(at(4), at(3), 1000, 5));
  }

  @Test
  @DisplayName("a rule far behind evaluates at most that many ticks, evenly spread, ending at the newest")
  void spreadWhenBehind() {
    // 30 ticks due (1..30), 5 per turn: every 6th, ending at 30
    assertEquals(List.of(at(6), at(12), at(18), at(24), at(30)), TickPlan.ticks(at(1), at(30), 1000, 5));
    // 7 due, 5 per turn: every 2nd from the newest
    assertEquals(List.of(at(1), at(3), at(5), at(7)), TickPlan.ticks(at(1), at(7), 1000, 5));
    // ticks of 10 s: 6 due (10..60), 3 per turn
    assertEquals(List.of(at(20), at(40), at(60)), TickPlan.ticks(at(10), at(60), 10_000, 3));
  }

  @Test
  @DisplayName("a rule's grid is the multiples of its step since the epoch: the newest tick at or before an instant")
  void floorOnTheGrid() {
    assertEquals(at(10), TickPlan.floor(at(14).plusMillis(999), 5_000));
    assertEquals(at(15), TickPlan.floor(at(15), 5_000));
    assertEquals(Instant.ofEpochMilli(-5_000), TickPlan.floor(Instant.ofEpochMilli(-1), 5_000));
  }
}
