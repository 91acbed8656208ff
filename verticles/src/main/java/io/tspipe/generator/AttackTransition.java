package io.tspipe.generator;

import io.tspipe.truth.AttackWindow;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * The generator entered or left attack mode at {@code at}; {@code window} is the ground-truth record to write:
 * the window just opened (entering) or just closed (leaving).
 */
public record AttackTransition(boolean attacking, Instant at, AttackWindow window) {

  /** The body published on {@code Addresses.GENERATOR_ATTACK_CHANGED}. */
  public JsonObject changedMessage() {
    return new JsonObject().put("attacking", attacking).put("at", Timestamps.format(at));
  }
}
