package io.tspipe.web.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tick-keyed memo alone: no event loop, a clock set by hand, computations completed by hand. */
class TickMemoTest {

  private static final long TICK_MS = 1_000;
  private static final long START_MS = 1_800_000_000_000L;

  private final AtomicLong clock = new AtomicLong(START_MS);
  private final TickMemo<String, String> memo = new TickMemo<>(TICK_MS, 4, clock::get);
  private final List<Promise<String>> started = new ArrayList<>();

  /** A computation that starts a query: a promise completed by the test. */
  private Supplier<Future<String>> computation() {
    return () -> {
      Promise<String> query = Promise.promise();
      started.add(query);
      return query.future();
    };
  }

  @Test
  @DisplayName("a request while the first identical one is still computing waits for that same answer")
  void sharesAnAnswerInFlight() {
    TickMemo.Answer<String> first = memo.answer("kpis 1h", computation());
    TickMemo.Answer<String> second = memo.answer("kpis 1h", computation());
    assertEquals(TickMemo.Outcome.COMPUTED, first.outcome());
    assertEquals(TickMemo.Outcome.SHARED, second.outcome());
    assertEquals(1, started.size(), "one computation");
    assertFalse(second.value().isComplete());
    started.get(0).complete("answer");
    assertEquals("answer", first.value().result());
    assertEquals("answer", second.value().result());
  }

  @Test
  @DisplayName("a done answer is shared until its tick ends; the next tick computes a new one and lets the old go")
  void sharesADoneAnswerForItsTickOnly() {
    clock.set(START_MS + 999);
    memo.answer("kpis 1h", computation()).value();
    started.get(0).complete("of the first tick");
    TickMemo.Answer<String> same = memo.answer("kpis 1h", computation());
    assertEquals(TickMemo.Outcome.SHARED, same.outcome());
    assertEquals("of the first tick", same.value().result());
    assertEquals(1, memo.size());
    clock.set(START_MS + TICK_MS);
    TickMemo.Answer<String> next = memo.answer("kpis 1h", computation());
    assertEquals(TickMemo.Outcome.COMPUTED, next.outcome());
    assertEquals(2, started.size());
    started.get(1).complete("of the second tick");
    assertEquals("of the second tick", next.value().result());
    assertEquals(1, memo.size(), "the first tick's answer is let go");
  }

  @Test
  @DisplayName("ticks start on whole multiples of the tick, whenever the first request came")
  void ticksAreAlignedToTheClock() {
    clock.set(START_MS + 10);
    memo.answer("quality", computation());
    clock.set(START_MS + 990);
    assertEquals(TickMemo.Outcome.SHARED, memo.answer("quality", computation()).outcome());
    clock.set(START_MS + 1_010);
    assertEquals(TickMemo.Outcome.COMPUTED, memo.answer("quality", computation()).outcome());
  }

  @Test
  @DisplayName("different requests are answered apart")
  void differentKeysAreComputedApart() {
    memo.answer("kpis 1h", computation());
    memo.answer("kpis 24h", computation());
    assertEquals(2, started.size());
  }

  @Test
  @DisplayName("a failure reaches those waiting for it, and is not kept: the next request computes again")
  void failuresAreNotKept() {
    TickMemo.Answer<String> first = memo.answer("ledger", computation());
    TickMemo.Answer<String> waiting = memo.answer("ledger", computation());
    started.get(0).fail(new IllegalStateException("engine down"));
    assertTrue(first.value().failed());
    assertTrue(waiting.value().failed(), "the request that waited for it shares it");
    assertEquals(0, memo.size());
    TickMemo.Answer<String> after = memo.answer("ledger", computation());
    assertEquals(TickMemo.Outcome.COMPUTED, after.outcome());
    started.get(1).complete("recovered");
    assertEquals("recovered", after.value().result());
    assertEquals("recovered", memo.answer("ledger", computation()).value().result());
  }

  @Test
  @DisplayName("a computation that throws answers a failed future and leaves nothing held")
  void aThrowingComputationFails() {
    TickMemo.Answer<String> thrown = memo.answer("attacks", () -> {
      throw new IllegalArgumentException("no such column");
    });
    assertEquals(TickMemo.Outcome.COMPUTED, thrown.outcome());
    assertEquals("no such column", thrown.value().cause().getMessage());
    assertEquals(0, memo.size());
  }

  @Test
  @DisplayName("at most maxEntries answers are held; beyond, a request is answered without being held")
  void holdsABoundedNumber() {
    for (int i = 0; i < 4; i++) {
      memo.answer("window " + i, computation());
    }
    TickMemo.Answer<String> fifth = memo.answer("window 4", computation());
    TickMemo.Answer<String> fifthAgain = memo.answer("window 4", computation());
    assertEquals(TickMemo.Outcome.COMPUTED, fifth.outcome());
    assertEquals(TickMemo.Outcome.COMPUTED, fifthAgain.outcome());
    assertEquals(4, memo.size());
    assertEquals(TickMemo.Outcome.SHARED, memo.answer("window 0", computation()).outcome());
    clock.addAndGet(TICK_MS);
    assertEquals(TickMemo.Outcome.COMPUTED, memo.answer("window 4", computation()).outcome());
    assertEquals(1, memo.size(), "room again once the tick is over");
  }

  @Test
  @DisplayName("many threads asking the same at once start one computation and all get its future")
  void oneComputationAcrossThreads() throws Exception {
    TickMemo<String, String> shared = new TickMemo<>(TICK_MS, 4, clock::get);
    AtomicInteger computations = new AtomicInteger();
    Promise<String> query = Promise.promise();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<TickMemo.Answer<String>>> callers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        callers.add(() -> shared.answer("timeseries 24h", () -> {
          computations.incrementAndGet();
          return query.future();
        }));
      }
      List<TickMemo.Answer<String>> answers = new ArrayList<>();
      for (var answer : pool.invokeAll(callers)) {
        answers.add(answer.get());
      }
      assertEquals(1, computations.get());
      assertEquals(1, answers.stream().filter(answer -> answer.outcome() == TickMemo.Outcome.COMPUTED).count());
      Future<String> one = answers.get(0).value();
      answers.forEach(answer -> assertSame(one, answer.value()));
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
