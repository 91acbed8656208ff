package io.tspipe.event;

import java.util.Optional;

/**
 * The event types the pipeline accepts. {@link #wireName()} is the value of the {@code type} field and the
 * stem of the JSON Schema in {@code schemas/}; {@link #topicKey()} names the {@code kafka.topics} config key
 * of the topic that carries it.
 */
public enum EventType {
  ACCOUNT_ACTIVITY("account_activity", "accountActivity"),
  API_REQUEST("api_request", "apiRequests"),
  EMAIL_SEND("email_send", "emailEvents");

  private static final EventType[] TYPES = values();

  private final String wireName;
  private final String topicKey;

  EventType(String wireName, String topicKey) {
    this.wireName = wireName;
    this.topicKey = topicKey;
  }

  public String wireName() {
    return wireName;
  }

  public String topicKey() {
    return topicKey;
  }

  /** The type whose {@link #wireName()} is {@code name}; called for every record, so a plain loop. */
  public static Optional<EventType> fromWireName(String name) {
    for (EventType type : TYPES) {
      if (type.wireName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
