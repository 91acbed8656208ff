package io.tspipe.generator;

import io.tspipe.model.EventType;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Makes good events: valid against the JSON Schemas in {@code schemas/}, drawn from the {@link Pools} with the
 * numbers of a {@link TrafficProfile}, stamped with the clock. Pure apart from the clock and the generator.
 */
public final class EventFactory {

  public static final int SCHEMA_VERSION = 1;

  private static final Weighted<String> METHODS = Weighted.<String>builder()
    .add("GET", 60).add("POST", 20).add("PUT", 8).add("PATCH", 7).add("DELETE", 5).build();

  private static final Map<String, List<String>> ACCOUNT_FAILURES = Map.of(
    "login", List.of("invalid_password", "account_locked", "invalid_mfa_code", "too_many_attempts"),
    "logout", List.of("session_expired", "invalid_session"),
    "password_change", List.of("invalid_current_password", "password_too_weak", "password_reused"),
    "two_factor_enabled", List.of("invalid_mfa_code", "mfa_setup_expired"),
    "two_factor_disabled", List.of("invalid_mfa_code", "reauthentication_required"),
    "account_created", List.of("email_already_registered", "captcha_failed", "disposable_email"),
    "account_deleted", List.of("reauthentication_required", "confirmation_expired"));

  private static final List<String> HARD_BOUNCES = List.of(
    "mailbox_does_not_exist", "domain_not_found", "recipient_rejected");

  private static final List<String> SOFT_BOUNCES = List.of(
    "mailbox_full", "temporary_failure", "greylisted", "message_too_large", "rate_limited_by_recipient");

  private final RandomGenerator random;
  private final Pools pools;
  private final Clock clock;
  private long stampedMillis = Long.MIN_VALUE;
  private String stamp;

  public EventFactory(RandomGenerator random, Pools pools, Clock clock) {
    this.random = random;
    this.pools = pools;
    this.clock = clock;
  }

  public JsonObject next(TrafficProfile profile) {
    EventType type = profile.types().pick(random);
    User user = pools.randomUser(random);
    JsonObject event = common(type, user, profile);
    return switch (type) {
      case ACCOUNT_ACTIVITY -> accountActivity(event, user, profile);
      case API_REQUEST -> apiRequest(event, user, profile);
      case EMAIL_SEND -> emailSend(event, user, profile);
    };
  }

  private JsonObject common(EventType type, User user, TrafficProfile profile) {
    return new JsonObject()
      .put("id", RandomDraws.uuid(random).toString())
      .put("timestamp", now())
      .put("type", type.wireName())
      .put("schemaVersion", SCHEMA_VERSION)
      .put("sourceIp", pools.randomIp(random, profile.ipPoolShare()))
      .put("userId", user.userId());
  }

  private JsonObject accountActivity(JsonObject event, User user, TrafficProfile profile) {
    String action = profile.actions().pick(random);
    boolean success = !RandomDraws.chance(random, profile.accountFailureRate());
    event.put("action", action).put("success", success);
    if (!success) {
      event.put("failureReason", RandomDraws.pick(random, ACCOUNT_FAILURES.get(action)));
    }
    return event
      .put("userAgent", userAgent(user, profile))
      .put("geo", new JsonObject()
        .put("country", user.country())
        .put("city", user.city().name())
        .put("lat", user.city().lat())
        .put("lon", user.city().lon()));
  }

  private JsonObject apiRequest(JsonObject event, User user, TrafficProfile profile) {
    String method = METHODS.pick(random);
    int status = profile.statusCodes().pick(random);
    boolean spike = RandomDraws.chance(random, profile.latencySpikeShare());
    return event
      .put("method", method)
      .put("path", RandomDraws.pick(random, Pools.API_PATHS))
      .put("statusCode", status)
      .put("responseTimeMs", (spike ? profile.spikeMs() : profile.latencyMs()).draw(random))
      .put("requestBytes", requestBytes(method))
      .put("responseBytes", responseBytes(status))
      .put("userAgent", userAgent(user, profile));
  }

  private JsonObject emailSend(JsonObject event, User user, TrafficProfile profile) {
    boolean success = !RandomDraws.chance(random, profile.emailFailureRate());
    event
      .put("recipientEmail", user.email())
      .put("templateId", RandomDraws.pick(random, Pools.EMAIL_TEMPLATES))
      .put("success", success);
    if (success) {
      return event.put("messageId", "msg_" + RandomDraws.hex(random, 24)).put("bounceType", "none");
    }
    boolean hard = RandomDraws.chance(random, profile.hardBounceShare());
    return event
      .put("failureReason", RandomDraws.pick(random, hard ? HARD_BOUNCES : SOFT_BOUNCES))
      .put("bounceType", hard ? "hard" : "soft");
  }

  private String userAgent(User user, TrafficProfile profile) {
    return RandomDraws.chance(random, profile.botShare())
      ? RandomDraws.pick(random, Pools.BOT_AGENTS)
      : user.userAgent();
  }

  private int requestBytes(String method) {
    return switch (method) {
      case "GET", "DELETE" -> RandomDraws.between(random, 0, 256);
      default -> RandomDraws.between(random, 200, 16_384);
    };
  }

  private int responseBytes(int status) {
    return status == 200
      ? RandomDraws.between(random, 256, 65_536)
      : RandomDraws.between(random, 60, 600);
  }

  private String now() {
    long millis = clock.millis();
    if (millis != stampedMillis) {
      stampedMillis = millis;
      stamp = Timestamps.format(Instant.ofEpochMilli(millis));
    }
    return stamp;
  }
}
