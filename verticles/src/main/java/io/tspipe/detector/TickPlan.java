package io.tspipe.detector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a rule's due ticks one turn evaluates. A rule that keeps up evaluates every tick. One that has fallen
 * behind by more than {@code perTurn} ticks evaluates {@code perTurn} of them, spread evenly over what it owes and
 * ending at the newest, so it catches up at a coarser grid instead of falling further behind: no gap between two
 * evaluated ticks is longer than the backlog divided by {@code perTurn}, which stays small beside a rule's window.
 * Pure: the same backlog gives the same ticks.
 */
final class TickPlan {

  private TickPlan() {
  }

  /** The newest tick of the grid of {@code stepMillis} (its multiples since the epoch) at or before {@code at}. */
  static Instant floor(Instant at, long stepMillis) {
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), stepMillis) * stepMillis);
  }

  /** How many ticks of {@code stepMillis} are due from {@code first} to {@code latest}, both included. */
  static long due(Instant first, Instant latest, long stepMillis) {
    return first.isAfter(latest) ? 0 : (latest.toEpochMilli() - first.toEpochMilli()) / stepMillis + 1;
  }

  /** The ticks from {@code first} to {@code latest} (both on the grid of {@code stepMillis}) to evaluate, oldest first. */
  static List<Instant> ticks(Instant first, Instant latest, long stepMillis, int perTurn) {
    long due = due(first, latest, stepMillis);
    if (due == 0) {
      return List.of();
    }
    long stride = due <= perTurn ? 1 : (due + perTurn - 1) / perTurn;
    List<Instant> ticks = new ArrayList<>();
    for (Instant tick = latest; !tick.isBefore(first); tick = tick.minusMillis(stride * stepMillis)) {
      ticks.add(0, tick);
    }
    return ticks;
  }
}
