package io.tspipe.config;

import io.tspipe.event.EventType;
import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The {@code kafka} slice of the configuration: where the broker is and what the topics are called. */
public record KafkaSettings(
  String bootstrapServers,
  int partitions,
  short replicationFactor,
  Map<EventType, String> eventTopics,
  String rejectedTopic,
  String attackWindowsTopic,
  String attackEntitiesTopic,
  String detectionsTopic,
  String controlTopic) {

  public static KafkaSettings from(JsonObject kafka) {
    JsonObject topics = kafka.getJsonObject("topics");
    Map<EventType, String> eventTopics = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      eventTopics.put(type, topics.getString(type.topicKey()));
    }
    return new KafkaSettings(
      kafka.getString("bootstrapServers"),
      kafka.getInteger("partitions"),
      kafka.getInteger("replicationFactor").shortValue(),
      Map.copyOf(eventTopics),
      topics.getString("rejected"),
      topics.getString("attackWindows"),
      topics.getString("attackEntities"),
      topics.getString("detections"),
      topics.getString("control"));
  }

  public String topicOf(EventType type) {
    return eventTopics.get(type);
  }

  public List<String> eventTopicNames() {
    return List.of(topicOf(EventType.ACCOUNT_ACTIVITY), topicOf(EventType.API_REQUEST), topicOf(EventType.EMAIL_SEND));
  }
}
