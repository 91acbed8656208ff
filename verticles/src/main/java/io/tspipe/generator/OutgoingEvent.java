package io.tspipe.generator;

import io.tspipe.event.EventType;

/**
 * One record for Kafka: the topic of {@code type}, key {@code key} (the user id), value {@code value} (JSON text,
 * or deliberately not). {@code kind} says whether it is a good event, a deliberately bad one, or the exact bytes
 * of a recent good one sent again.
 */
public record OutgoingEvent(EventType type, String key, String value, Kind kind) {

  public enum Kind { GOOD, BAD, DUPLICATE }

  public OutgoingEvent asDuplicate() {
    return new OutgoingEvent(type, key, value, Kind.DUPLICATE);
  }

  public OutgoingEvent asGood() {
    return new OutgoingEvent(type, key, value, Kind.GOOD);
  }
}
