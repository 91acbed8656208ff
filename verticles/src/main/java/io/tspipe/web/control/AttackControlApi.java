package io.tspipe.web.control;

import io.tspipe.bus.Addresses;
import io.tspipe.web.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/generator/attack} {@code {"mode": "on"|"off"|"auto"}}: forces the built-in generator's attack
 * mode, for demos. Guarded by the admin key ({@code web.adminKey}, sent as {@code Authorization: Bearer <key>}); with
 * no key configured the endpoint is closed. The generator is asked over the event bus, so it must run in the same
 * process as the web role (as {@code tools/up} runs them); otherwise the answer is 503.
 */
public final class AttackControlApi {

  public static final List<String> MODES = List.of("on", "off", "auto");
  private static final long REPLY_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final byte[] adminKey;

  public AttackControlApi(Vertx vertx, String adminKey) {
    this.vertx = vertx;
    this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
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
    for (String field : body.fieldNames()) {
      if (!Set.of("mode").contains(field)) {
        throw new BadRequest(field, "unknown field; the body is {\"mode\": \"on\"|\"off\"|\"auto\"}");
      }
    }
    Object mode = body.getValue("mode");
    if (!(mode instanceof String text) || !MODES.contains(text)) {
      throw new BadRequest("mode", "expected one of " + String.join(", ", MODES) + ", got " + mode);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.GENERATOR_ATTACK_MODE, new JsonObject().put("mode", text),
        new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MS))
      .map(Message::body);
  }
}
