package io.tspipe.generator;

import io.tspipe.truth.AttackWindow;

import java.time.Instant;

/**
 * The generator entered or left attack mode at {@code at}; {@code window} is the ground-truth record to write:
 * the window just opened (entering) or just closed (leaving).
 */
public record AttackTransition(boolean attacking, Instant at, AttackWindow window) {
}
