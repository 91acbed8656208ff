package io.tspipe.testing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventuallyTest {

  @Test
  @DisplayName("a check that fails a few times and then passes answers what it answered on passing")
  void answersOnceTheCheckPasses() {
    AtomicInteger runs = new AtomicInteger();
    int answer = eventually(Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
      int run = runs.incrementAndGet();
      assertTrue(run >= 3, "run " + run);
      return run;
    });
    assertEquals(3, answer);
  }

  @Test
  @DisplayName("on timeout the failure says how long it waited and carries the last failure's message, as its cause too")
  void failsWithTheLastFailure() {
    AtomicInteger runs = new AtomicInteger();
    AssertionError failure = assertThrows(AssertionError.class, () -> eventually(Duration.ofSeconds(1),
      Duration.ofMillis(10), () -> assertEquals(1, 2, "attempt " + runs.incrementAndGet())));
    assertTrue(failure.getMessage().startsWith("still failing after PT1S (" + runs.get() + " attempts): "),
      failure.getMessage());
    assertTrue(failure.getMessage().contains("attempt " + runs.get() + " ==> expected: <1> but was: <2>"),
      failure.getMessage());
    assertInstanceOf(AssertionError.class, failure.getCause());
    assertTrue(runs.get() > 1, "the check was run again: " + runs.get());
  }

  @Test
  @DisplayName("an exception is a failure to try again, and names its type when it is the last")
  void exceptionsAreRetried() {
    AssertionError failure = assertThrows(AssertionError.class, () -> eventually(Duration.ofMillis(50),
      Duration.ofMillis(5), () -> {
        throw new java.io.IOException("connection refused");
      }));
    assertTrue(failure.getMessage().endsWith(": IOException: connection refused"), failure.getMessage());
  }

  @Test
  @DisplayName("a check that gives up ends the wait at once")
  void givingUpEndsTheWait() {
    AtomicInteger runs = new AtomicInteger();
    Eventually.GiveUp hopeless = new Eventually.GiveUp("the process exited");
    Eventually.GiveUp thrown = assertThrows(Eventually.GiveUp.class, () -> eventually(Duration.ofSeconds(30), () -> {
      runs.incrementAndGet();
      throw hopeless;
    }));
    assertSame(hopeless, thrown);
    assertEquals(1, runs.get());
  }

  @Test
  @DisplayName("an assertion failed in a step run at once ends the wait with its message; an exception there is retried")
  void aStepRunAtOnceFailsTheWait() {
    AtomicInteger runs = new AtomicInteger();
    Eventually.GiveUp wrongStatus = assertThrows(Eventually.GiveUp.class, () -> eventually(Duration.ofSeconds(30),
      () -> {
        runs.incrementAndGet();
        Eventually.atOnce(() -> assertEquals(200, 503, "the answer's status"));
      }));
    assertEquals(1, runs.get());
    assertTrue(wrongStatus.getMessage().startsWith("the answer's status ==> expected: <200> but was: <503>"),
      wrongStatus.getMessage());
    assertInstanceOf(AssertionError.class, wrongStatus.getCause());

    AtomicInteger reads = new AtomicInteger();
    int read = eventually(Duration.ofSeconds(5), Duration.ofMillis(1), () -> Eventually.atOnce(() -> {
      if (reads.incrementAndGet() < 3) {
        throw new java.io.IOException("not listening yet");
      }
      return reads.get();
    }));
    assertEquals(3, read);
  }
}
