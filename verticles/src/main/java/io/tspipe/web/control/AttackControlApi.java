package io.tspipe.web.control;

import io.tspipe.bus.Addresses;
import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/generator/attack} {@code {"mode": "on"|"off"|"auto"}}: forces the built-in generator's attack
 * mode, for demos. Guarded by the admin key ({@code web.adminKey}, sent as {@code Authorization: Bearer <key>}); with
 * no key configured the endpoint is closed. A generator in this process (as {@code tools/up} runs the roles) is asked
 * over the event bus and its reply answered: {@code {"mode", "attacking", "delivered": "event-bus"}}. With none here
 * (compose runs each role in its own container) the command goes to the control topic, which every generator reads,
 * and the answer is {@code {"mode", "attacking": null, "delivered": "kafka"}}, once Kafka has it.
 */
public final class AttackControlApi {

  public static final List<String> MODES = List.of("on", "off", "auto");
  private static final long REPLY_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final byte[] adminKey;
  private final KafkaSettings kafka;
  private Future<KafkaProducer<String, String>> producer;

  public AttackControlApi(Vertx vertx, String adminKey, KafkaSettings kafka) {
    this.vertx = vertx;
    this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    this.kafka = kafka;
  }

  /** Whether {@code authorization} (the header's value) carries the admin key; compared in constant time. */
  public boolean authorized(String authorization) {
    if (adminKey.length == 0 || authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] offered = authorization.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(adminKey, offered);
  }

  public boolean open() {
    return adminKey.length > 0;
  }

  /** Answers the generator's reply {@code {"mode", "attacking"}}; a {@link BadRequest} for a bad body. */
  public Future<JsonObject> force(JsonObject body) {
    Values.wellFormedJson("", body);
    for (String field : body.fieldNames()) {
      if (!Set.of("mode").contains(field)) {
        throw new BadRequest(field, "unknown field; the body is {\"mode\": \"on\"|\"off\"|\"auto\"}");
      }
    }
    Object mode = body.getValue("mode");
    if (!(mode instanceof String text) || !MODES.contains(text)) {
      throw new BadRequest("mode", "expected one of " + String.join(", ", MODES) + ", got " + Values.describe(mode));
    }
    JsonObject command = new JsonObject().put("mode", text);
    return vertx.eventBus().<JsonObject>request(Addresses.GENERATOR_ATTACK_MODE, command,
        new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MS))
      .map(reply -> reply.body().copy().put("delivered", "event-bus"))
      .recover(failure -> noGeneratorHere(failure)
        ? toControlTopic(command.put("at", Instant.now().toString())).map(sent -> new JsonObject().put("mode", text)
          .putNull("attacking").put("delivered", "kafka"))
        : Future.failedFuture(failure));
  }

  private static boolean noGeneratorHere(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private Future<Void> toControlTopic(JsonObject command) {
    if (producer == null) {
      producer = vertx.executeBlocking(() -> KafkaProducer.<String, String>create(vertx,
        KafkaClientConfig.controlProducer(kafka, "tspipe-web-control")));
    }
    return producer.compose(ready -> ready.send(KafkaProducerRecord.create(kafka.controlTopic(), "attack", command.encode())))
      .mapEmpty();
  }

  public Future<Void> close() {
    return producer == null ? Future.succeededFuture()
      : producer.compose(KafkaProducer::close).otherwiseEmpty().mapEmpty();
  }
}
