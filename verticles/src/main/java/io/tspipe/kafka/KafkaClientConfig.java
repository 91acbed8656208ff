package io.tspipe.kafka;

import io.tspipe.config.KafkaSettings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka client properties shared by the roles: consumers that commit by hand, the dead-letter producer, and admin
 * clients.
 */
public final class KafkaClientConfig {

  private KafkaClientConfig() {
  }

  /**
   * How long a member may hold a rebalance while it finishes the batches of the partitions it gives up
   * ({@link RevocationFence}); {@code max.poll.interval.ms} is set well above it, or Kafka would drop the member.
   */
  public static final Duration REVOKE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * A consumer of {@code groupId} that never commits by itself; a member silent for {@code sessionTimeoutMs} is
   * presumed dead and its partitions go to the others. Rebalances are cooperative: only the partitions that move are
   * revoked, and the other members go on consuming the rest meanwhile. Every member of a group must use the same
   * protocol, so a group that ran eager rebalancing is restarted whole, not member by member, to switch.
   */
  public static Map<String, String> consumer(KafkaSettings kafka, String groupId, int sessionTimeoutMs, int maxPollRecords) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("group.id", groupId);
    config.put("client.id", groupId + "-consumer");
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "earliest");
    config.put("session.timeout.ms", Integer.toString(sessionTimeoutMs));
    config.put("heartbeat.interval.ms", Integer.toString(Math.max(1000, sessionTimeoutMs / 3)));
    config.put("max.poll.records", Integer.toString(maxPollRecords));
    config.put("max.poll.interval.ms", Long.toString(REVOKE_TIMEOUT.multipliedBy(5).toMillis()));
    config.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "io.vertx.kafka.client.serialization.BufferDeserializer");
    return config;
  }

  /**
   * A consumer of the control topic outside any group: it is assigned the topic's one partition and starts at its
   * end, so every generator sees every command given after it started, and none from before.
   */
  public static Map<String, String> controlConsumer(KafkaSettings kafka, String clientId) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("client.id", clientId);
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "latest");
    config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    return config;
  }

  /**
   * A reader of a topic's tail outside any group: assigned its partitions, it starts at their end and never commits,
   * so it sees every record written after it started, and none from before.
   */
  public static Map<String, String> tailConsumer(KafkaSettings kafka, String clientId) {
    Map<String, String> config = controlConsumer(kafka, clientId);
    config.put("allow.auto.create.topics", "false");
    config.put("default.api.timeout.ms", "10000");
    return config;
  }

  /**
   * A producer of small, rare control commands, each acknowledged by every replica, that gives up within seconds
   * (the caller is waiting on an HTTP answer) rather than the producer's default minute.
   */
  public static Map<String, String> controlProducer(KafkaSettings kafka, String clientId) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("client.id", clientId);
    config.put("acks", "all");
    config.put("max.block.ms", "5000");
    config.put("request.timeout.ms", "5000");
    config.put("delivery.timeout.ms", "10000");
    config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    return config;
  }

  /** An admin client whose calls give up after the client's defaults (a minute). */
  public static Map<String, String> admin(KafkaSettings kafka) {
    return Map.of("bootstrap.servers", kafka.bootstrapServers());
  }

  /** An admin client whose every call, retries included, gives up after {@code apiTimeout}. */
  public static Map<String, String> admin(KafkaSettings kafka, Duration apiTimeout) {
    String timeoutMs = Long.toString(apiTimeout.toMillis());
    return Map.of(
      "bootstrap.servers", kafka.bootstrapServers(),
      "request.timeout.ms", timeoutMs,
      "default.api.timeout.ms", timeoutMs);
  }

  /** The producer of the dead-letter topic, named {@code clientId} after the role that refuses records. */
  public static Map<String, String> deadLetterProducer(KafkaSettings kafka, String clientId) {
    return Map.of(
      "bootstrap.servers", kafka.bootstrapServers(),
      "client.id", clientId,
      "acks", "all",
      "enable.idempotence", "true",
      "linger.ms", "5",
      "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "value.serializer", "io.vertx.kafka.client.serialization.BufferSerializer");
  }
}
