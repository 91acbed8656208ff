package io.tspipe.web.control;

import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

import java.time.Instant;

/**
 * How the web role reaches the generator: over the event bus when a generator runs in this process (request/reply,
 * at most {@value #REPLY_TIMEOUT_MS} ms), else through the one-partition control topic ({@code kafka.topics.control}),
 * which every generator reads, the command stamped with {@code at}. The producer is made on first use and shared by
 * every command.
 */
public final class GeneratorChannel {

  /** Where a command went, with the generator's reply when it went over the event bus (null when through Kafka). */
  public record Delivery(String delivered, JsonObject reply) {

    public static final String EVENT_BUS = "event-bus";
    public static final String KAFKA = "kafka";

    public boolean overKafka() {
      return KAFKA.equals(delivered);
    }
  }

  static final long REPLY_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private Future<KafkaProducer<String, String>> producer;

  public GeneratorChannel(Vertx vertx, KafkaSettings kafka) {
    this.vertx = vertx;
    this.kafka = kafka;
  }

  /**
   * Sends {@code command} to {@code address}; with no consumer there, to the control topic under {@code key}. Fails
   * with the generator's {@link ReplyException} when it refused the command, or with the failure of both ways.
   */
  public Future<Delivery> send(String address, JsonObject command, String key) {
    return vertx.eventBus().<JsonObject>request(address, command, new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MS))
      .map(reply -> new Delivery(Delivery.EVENT_BUS, reply.body()))
      .recover(failure -> noGeneratorHere(failure)
        ? toControlTopic(key, command.copy().put("at", Instant.now().toString())).map(sent -> new Delivery(Delivery.KAFKA, null))
        : Future.failedFuture(failure));
  }

  private static boolean noGeneratorHere(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private Future<Void> toControlTopic(String key, JsonObject command) {
    if (producer == null) {
      producer = vertx.executeBlocking(() -> KafkaProducer.<String, String>create(vertx,
        KafkaClientConfig.controlProducer(kafka, "tspipe-web-control")));
    }
    return producer.compose(ready -> ready.send(KafkaProducerRecord.create(kafka.controlTopic(), key, command.encode())))
      .mapEmpty();
  }

  public Future<Void> close() {
    return producer == null ? Future.succeededFuture()
      : producer.compose(KafkaProducer::close).otherwiseEmpty().mapEmpty();
  }
}
