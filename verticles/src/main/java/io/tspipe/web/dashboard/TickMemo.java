package io.tspipe.web.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers computed at most once per key and tick, and shared by every caller asking for that key within the tick.
 * Ticks are the clock's milliseconds divided by {@code tickMillis}, so they start on whole multiples of it, the same
 * in every process. A caller finding its key's answer held, done or still being computed, gets that same future; the
 * first caller of a tick starts the computation. A computation that fails is let go as it fails: the callers already
 * waiting for it share its failure, and the next caller computes again. Answers of earlier ticks are let go by the
 * first caller of a later tick. At most {@code maxEntries} answers are held; while that many are, a caller with a
 * new key computes its own answer, held by nobody.
 *
 * <p>Thread-safe, and pure: no event loop, no I/O, the clock passed in. The futures it hands out complete on the
 * thread that completes the computation, so a caller on another event loop must go back to its own before it
 * answers from one.
 *
 * @param <K> what identical requests are recognised by; its {@code equals} and {@code hashCode} say which are
 * @param <V> the answer
 */
public final class TickMemo<K, V> {

  /** Whether a caller's answer was computed for it or shared with another caller. */
  public enum Outcome {
    COMPUTED, SHARED;

    /** Its name in meters and reports: {@code computed} or {@code shared}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A caller's answer, and how it got it. */
  public record Answer<V>(Future<V> value, Outcome outcome) {
  }

  private record Slot<K>(long tick, K key) {
  }

  private final long tickMillis;
  private final int maxEntries;
  private final LongSupplier clockMillis;
  private final Map<Slot<K>, Future<V>> held = new ConcurrentHashMap<>();
  private final AtomicInteger holding = new AtomicInteger();
  private final AtomicLong sweptTick = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param tickMillis  the length of a tick, above zero
   * @param maxEntries  the most answers held at once, above zero
   * @param clockMillis the time in milliseconds since the epoch
   */
  public TickMemo(long tickMillis, int maxEntries, LongSupplier clockMillis) {
    if (tickMillis <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("a tick of " + tickMillis + " ms and " + maxEntries + " entries: both must be"
        + " above zero");
    }
    this.tickMillis = tickMillis;
    this.maxEntries = maxEntries;
    this.clockMillis = clockMillis;
  }

  /**
   * The answer for {@code key} in the tick of now: the one held, else the one {@code compute} starts now (its future,
   * or a failed one when it throws).
   */
  public Answer<V> answer(K key, Supplier<Future<V>> compute) {
    long tick = Math.floorDiv(clockMillis.getAsLong(), tickMillis);
    letGoBefore(tick);
    Slot<K> slot = new Slot<>(tick, key);
    Future<V> shared = held.get(slot);
    if (shared != null) {
      return new Answer<>(shared, Outcome.SHARED);
    }
    if (holding.incrementAndGet() > maxEntries) {
      holding.decrementAndGet();
      return new Answer<>(started(compute), Outcome.COMPUTED);
    }
    Promise<V> promise = Promise.promise();
    Future<V> raced = held.putIfAbsent(slot, promise.future());
    if (raced != null) {
      holding.decrementAndGet();
      return new Answer<>(raced, Outcome.SHARED);
    }
    started(compute).onComplete(result -> {
      if (result.failed()) {
        letGo(slot, promise.future());
      }
      promise.handle(result);
    });
    return new Answer<>(promise.future(), Outcome.COMPUTED);
  }

  /** How many answers are held now. */
  public int size() {
    return held.size();
  }

  private static <V> Future<V> started(Supplier<Future<V>> compute) {
    try {
      return compute.get();
    } catch (RuntimeException failure) {
      return Future.failedFuture(failure);
    }
  }

  /** Lets go of every answer of a tick before {@code tick}, once per tick, by whichever caller sees it first. */
  private void letGoBefore(long tick) {
    long swept = sweptTick.get();
    if (swept < tick && sweptTick.compareAndSet(swept, tick)) {
      for (Map.Entry<Slot<K>, Future<V>> entry : held.entrySet()) {
        if (entry.getKey().tick() < tick) {
          letGo(entry.getKey(), entry.getValue());
        }
      }
    }
  }

  private void letGo(Slot<K> slot, Future<V> answer) {
    if (held.remove(slot, answer)) {
      holding.decrementAndGet();
    }
  }
}
