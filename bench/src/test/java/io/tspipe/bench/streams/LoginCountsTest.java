package io.tspipe.bench.streams;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginCountsTest {

  private static LoginCounts after(String outcomes) {
    LoginCounts counts = LoginCounts.NONE;
    for (int i = 0; i < outcomes.length(); i++) {
      counts = counts.add(new LoginAttempt("198.51.100.7", 1_000L + i, outcomes.charAt(i) == 's'));
    }
    return counts;
  }

  @Test
  @DisplayName("the condition holds from the fifth failure while at least half the attempts fail, as the rule says")
  void conditionOfTheRule() {
    assertFalse(after("ffff").held(), "four failures are not enough");
    assertTrue(after("fffff").held());
    assertTrue(after("sssssfffff").held(), "5 of 10 is a rate of 0.5");
    assertFalse(after("ssssssfffff").held(), "5 of 11 is under 0.5");
    assertEquals(5.0 / 11, after("ssssssfffff").failureRate(), 1e-12);
    assertEquals(0, LoginCounts.NONE.failureRate(), "no attempts: a rate of 0, as the rule compiler divides");
  }

  @Test
  @DisplayName("a window marks the one update at which the condition first held, and never again")
  void firstHeldOnce() {
    assertTrue(after("fffff").firstHeldNow());
    assertFalse(after("ffffff").firstHeldNow(), "it already held");
    LoginCounts dipped = after("fffffsssss");
    assertFalse(dipped.firstHeldNow());
    assertTrue(dipped.held(), "once held, the window has fired even if the rate dips under 0.5 later");
    assertFalse(dipped.add(new LoginAttempt("198.51.100.7", 2_000, false)).firstHeldNow(),
      "holding again is not a new detection");
    assertEquals(1_004, after("fffff").lastEventMs(), "the login that completed the evidence");
  }

  @Test
  @DisplayName("the aggregate goes through the changelog's serde unchanged")
  void serdeRoundTrip() {
    LoginCounts counts = after("sfffff");
    byte[] bytes = LoginCounts.SERDE.serializer().serialize("changelog", counts);
    assertEquals(25, bytes.length);
    assertEquals(counts, LoginCounts.SERDE.deserializer().deserialize("changelog", bytes));
  }
}
