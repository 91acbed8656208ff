package io.tspipe.generator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RatePacerTest {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("50 per second on a 10 ms tick emits exactly 50 in every second, 3000 in a minute")
  void trickleIsExactEverySecond() {
    long start = 123 * SECOND;
    RatePacer pacer = RatePacer.startingAt(50, start);
    long total = 0;
    long lastSecondTotal = 0;
    for (long t = 10 * MS; t <= 60 * SECOND; t += 10 * MS) {
      long due = pacer.due(start + t);
      total += due;
      pacer.sent(due);
      if (t % SECOND == 0) {
        assertEquals(50, total - lastSecondTotal, "records in the second ending at " + t / SECOND + " s");
        lastSecondTotal = total;
      }
    }
    assertEquals(3000, total);
    assertEquals(0, pacer.forfeited());
  }

  @Test
  @DisplayName("irregular ticks still add up to exactly floor(rate × elapsed)")
  void irregularTicksStayExact() {
    RatePacer pacer = RatePacer.startingAt(123.4, 0);
    SplittableRandom random = new SplittableRandom(5);
    long total = 0;
    long t = 0;
    while (t < 100 * SECOND) {
      t += random.nextLong(1, 37) * MS + random.nextLong(MS);
      long due = pacer.due(t);
      total += due;
      pacer.sent(due);
      assertEquals(1234L * t / 10_000_000_000L, total, "at " + t + " ns");
    }
  }

  @Test
  @DisplayName("a fractional rate carries its remainder: half a record per second gives one every two seconds")
  void fractionalRateCarriesRemainder() {
    RatePacer pacer = RatePacer.startingAt(0.5, 0);
    assertEquals(0, pacer.due(1_900 * MS));
    assertEquals(1, pacer.due(2_000 * MS));
    pacer.sent(1);
    assertEquals(0, pacer.due(3_999 * MS));
    assertEquals(1, pacer.due(4_000 * MS));
  }

  @Test
  @DisplayName("a firehose of 100k per second asks for 1000 records on every 10 ms tick")
  void firehosePerTick() {
    RatePacer pacer = RatePacer.startingAt(100_000, 0);
    for (long t = 10 * MS; t <= SECOND; t += 10 * MS) {
      long due = pacer.due(t);
      assertEquals(1000, due, "at " + t / MS + " ms");
      pacer.sent(due);
    }
  }

  @Test
  @DisplayName("what is not sent stays owed, and a backlog past its cap is forfeited and counted")
  void backlogIsBounded() {
    RatePacer pacer = new RatePacer(50, 100, 0);
    assertEquals(10, pacer.due(200 * MS));
    pacer.sent(4);
    assertEquals(6, pacer.due(200 * MS), "partly sent: the rest is still owed");
    assertEquals(100, pacer.due(10 * SECOND), "a 10 s stall owes only the capped backlog");
    assertEquals(500 - 4 - 100, pacer.forfeited());
    pacer.sent(100);
    assertEquals(50, pacer.due(11 * SECOND), "after catching up, the steady rate resumes");
  }

  @Test
  @DisplayName("the default backlog holds one second's worth of records")
  void defaultBacklogIsOneSecond() {
    RatePacer pacer = RatePacer.startingAt(50, 0);
    assertEquals(50, pacer.due(5 * SECOND));
    assertEquals(200, pacer.forfeited());
  }

  @Test
  @DisplayName("a rate of zero or less is refused")
  void refusesNonPositiveRate() {
    assertThrows(IllegalArgumentException.class, () -> RatePacer.startingAt(0, 0));
  }
}
