package io.tspipe.kafka;

import io.tspipe.config.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creates the topics of {@code kafka.topics} that are missing, so no role depends on broker-side auto-creation;
 * a topic that already exists (another role created it first) is fine. The control topic has one partition, so
 * commands keep their order.
 */
public final class KafkaTopics {

  private KafkaTopics() {
  }

  public static Future<Void> ensure(Vertx vertx, KafkaSettings kafka) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, KafkaClientConfig.admin(kafka));
    return admin.listTopics()
      .compose(existing -> createMissing(admin, kafka, existing))
      .eventually(admin::close);
  }

  public static List<String> topicNames(KafkaSettings kafka) {
    List<String> names = new ArrayList<>(kafka.eventTopicNames());
    names.add(kafka.rejectedTopic());
    names.add(kafka.attackWindowsTopic());
    names.add(kafka.attackEntitiesTopic());
    names.add(kafka.detectionsTopic());
    names.add(kafka.controlTopic());
    return names;
  }

  private static Future<Void> createMissing(KafkaAdminClient admin, KafkaSettings kafka, Set<String> existing) {
    List<Future<Void>> creations = topicNames(kafka).stream()
      .filter(name -> !existing.contains(name))
      .map(name -> create(admin, new NewTopic(name, name.equals(kafka.controlTopic()) ? 1 : kafka.partitions(),
        kafka.replicationFactor())))
      .toList();
    return Future.all(creations).mapEmpty();
  }

  private static Future<Void> create(KafkaAdminClient admin, NewTopic topic) {
    return admin.createTopics(List.of(topic))
      .recover(error -> alreadyExists(error) ? Future.succeededFuture() : Future.failedFuture(error));
  }

  private static boolean alreadyExists(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof TopicExistsException) {
        return true;
      }
    }
    return false;
  }
}
