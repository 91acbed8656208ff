package io.tspipe.web.control;

import io.tspipe.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code POST /api/v1/generator/attack} {@code {"mode": "on"|"off"|"auto"}}: forces the built-in generator's attack
 * mode, for demos. Guarded by the admin key ({@code web.adminKey}, sent as {@code Authorization: Bearer <key>}); with
 * no key configured the endpoint is closed. Sent through the {@link GeneratorChannel}: a generator in this process
 * (as {@code tools/up} runs the roles) is asked over the event bus and its reply answered: {@code {"mode", "attacking", "delivered": "event-bus"}}. With none here
 * (compose runs each role in its own container) the command goes to the control topic, which every generator reads,
 * and the answer is {@code {"mode", "attacking": null, "delivered": "kafka"}}, once Kafka has it.
 */
public final class AttackControlApi {


  private final byte[] adminKey;
  private final GeneratorChannel generator;

  public AttackControlApi(String adminKey, GeneratorChannel generator) {
    this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    this.generator = generator;
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

  /** Answers the generator's reply {@code {"mode", "attacking"}} to a body the API contract accepted. */
  public Future<JsonObject> force(JsonObject body) {
    String text = body.getString("mode");
    return generator.send(Addresses.GENERATOR_ATTACK_MODE, new JsonObject().put("mode", text), "attack")
      .map(delivery -> delivery.overKafka()
        ? new JsonObject().put("mode", text).putNull("attacking").put("delivered", delivery.delivered())
        : delivery.reply().copy().put("delivered", delivery.delivered()));
  }
}
