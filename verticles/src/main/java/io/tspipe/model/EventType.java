package io.tspipe.model;

import java.util.Arrays;
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

  public String schemaResource() {
    return "schemas/" + wireName + ".schema.json";
  }

  public static Optional<EventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
