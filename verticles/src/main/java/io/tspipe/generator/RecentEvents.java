package io.tspipe.generator;

import java.util.Optional;
import java.util.random.RandomGenerator;

/** A fixed-size ring of the most recent good records, the source of deliberate duplicates. */
public final class RecentEvents {

  private final OutgoingEvent[] ring;
  private int next;
  private int size;

  public RecentEvents(int capacity) {
    this.ring = new OutgoingEvent[capacity];
  }

  public void add(OutgoingEvent event) {
    ring[next] = event;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  public Optional<OutgoingEvent> pick(RandomGenerator random) {
    return size == 0 ? Optional.empty() : Optional.of(ring[random.nextInt(size)]);
  }

  public int size() {
    return size;
  }
}
