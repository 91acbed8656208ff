package io.tspipe.generator;

import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;

import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When the generator attacks: a pure state machine, time passed in. In {@link AttackMode#AUTO} every
 * {@link #tick} rolls the dice: with the configured probability the generator is attacking until the next
 * tick, otherwise it is not (as in the original generator). {@link #force} pins the state on or off, or hands
 * it back to the dice without changing it. Each change returns the {@link AttackTransition} to announce,
 * carrying the attack window to record.
 */
public final class AttackSchedule {

  private final double probability;
  private final RandomGenerator random;
  private AttackMode mode = AttackMode.AUTO;
  private AttackWindow openWindow;

  public AttackSchedule(double probability, RandomGenerator random) {
    this.probability = probability;
    this.random = random;
  }

  public AttackMode mode() {
    return mode;
  }

  public boolean attacking() {
    return openWindow != null;
  }

  /** The periodic roll; does nothing unless the mode is {@link AttackMode#AUTO}. */
  public Optional<AttackTransition> tick(Instant now) {
    if (mode != AttackMode.AUTO) {
      return Optional.empty();
    }
    return random.nextDouble() < probability
      ? enter(now, AttackWindow.Trigger.AUTO)
      : leave(now);
  }

  public Optional<AttackTransition> force(AttackMode newMode, Instant now) {
    mode = newMode;
    return switch (newMode) {
      case ON -> enter(now, AttackWindow.Trigger.FORCED);
      case OFF -> leave(now);
      case AUTO -> Optional.empty();
    };
  }

  /** Closes the open window, if any, on shutdown; the mode is kept. */
  public Optional<AttackTransition> end(Instant now) {
    return leave(now);
  }

  private Optional<AttackTransition> enter(Instant now, AttackWindow.Trigger trigger) {
    if (openWindow != null) {
      return Optional.empty();
    }
    openWindow = AttackWindow.open(RandomDraws.uuid(random), ScenarioRequest.defaults(Scenario.CLASSIC), now, trigger);
    return Optional.of(new AttackTransition(true, now, openWindow));
  }

  private Optional<AttackTransition> leave(Instant now) {
    if (openWindow == null) {
      return Optional.empty();
    }
    AttackWindow closed = openWindow.endAt(now);
    openWindow = null;
    return Optional.of(new AttackTransition(false, now, closed));
  }
}
