package io.tspipe.generator;

import io.tspipe.event.EventType;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Makes good events, valid against the JSON Schemas in {@code schemas/}: one per event type, from who acts, from
 * where, and what happened, stamped with the clock. Calm traffic and every scenario build their events here, so
 * nothing in an event tells which of them made it. Pure apart from the clock and the generator.
 */
public final class EventFactory {

  public static final int SCHEMA_VERSION = 1;

  static final Map<String, List<String>> ACCOUNT_FAILURES = Map.of(
    "login", List.of("invalid_password", "account_locked", "invalid_mfa_code", "too_many_attempts"),
    "logout", List.of("session_expired", "invalid_session"),
    "password_change", List.of("invalid_current_password", "password_too_weak", "password_reused"),
    "two_factor_enabled", List.of("invalid_mfa_code", "mfa_setup_expired"),
    "two_factor_disabled", List.of("invalid_mfa_code", "reauthentication_required"),
    "account_created", List.of("email_already_registered", "captcha_failed", "disposable_email"),
    "account_deleted", List.of("reauthentication_required", "confirmation_expired"));

  static final List<String> HARD_BOUNCES = List.of("mailbox_does_not_exist", "domain_not_found", "recipient_rejected");

  static final List<String> SOFT_BOUNCES = List.of(
    "mailbox_full", "temporary_failure", "greylisted", "message_too_large", "rate_limited_by_recipient");

  /** How an email ended. */
  enum Delivery { DELIVERED, SOFT_BOUNCE, HARD_BOUNCE }

  private final RandomGenerator random;
  private final Clock clock;
  private long stampedMillis = Long.MIN_VALUE;
  private String stamp;

  public EventFactory(RandomGenerator random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  long millis() {
    return clock.millis();
  }

  /** An account action; a failure names a reason of that action drawn at random. */
  JsonObject account(String userId, Origin origin, Geography.City city, String userAgent, String action,
                     boolean success) {
    return account(userId, origin, city, userAgent, action, success,
      success ? null : RandomDraws.pick(random, ACCOUNT_FAILURES.get(action)));
  }

  JsonObject account(String userId, Origin origin, Geography.City city, String userAgent, String action,
                     boolean success, String failureReason) {
    JsonObject event = common(EventType.ACCOUNT_ACTIVITY, userId, origin)
      .put("action", action)
      .put("success", success);
    if (!success) {
      event.put("failureReason", failureReason);
    }
    return event
      .put("userAgent", userAgent)
      .put("geo", new JsonObject()
        .put("country", origin.country().code())
        .put("city", city.name())
        .put("lat", city.lat())
        .put("lon", city.lon()));
  }

  JsonObject apiRequest(String userId, Origin origin, String userAgent, String method, String path, int status,
                        int responseTimeMs) {
    return common(EventType.API_REQUEST, userId, origin)
      .put("method", method)
      .put("path", path)
      .put("statusCode", status)
      .put("responseTimeMs", responseTimeMs)
      .put("requestBytes", requestBytes(method))
      .put("responseBytes", responseBytes(status))
      .put("userAgent", userAgent);
  }

  JsonObject email(String userId, Origin origin, String recipient, String template, Delivery delivery) {
    JsonObject event = common(EventType.EMAIL_SEND, userId, origin)
      .put("recipientEmail", recipient)
      .put("templateId", template)
      .put("success", delivery == Delivery.DELIVERED);
    return switch (delivery) {
      case DELIVERED -> event.put("messageId", "msg_" + RandomDraws.hex(random, 24)).put("bounceType", "none");
      case SOFT_BOUNCE -> event.put("failureReason", RandomDraws.pick(random, SOFT_BOUNCES)).put("bounceType", "soft");
      case HARD_BOUNCE -> event.put("failureReason", RandomDraws.pick(random, HARD_BOUNCES)).put("bounceType", "hard");
    };
  }

  private JsonObject common(EventType type, String userId, Origin origin) {
    return new JsonObject()
      .put("id", RandomDraws.uuid(random).toString())
      .put("timestamp", now())
      .put("type", type.wireName())
      .put("schemaVersion", SCHEMA_VERSION)
      .put("sourceIp", origin.ip())
      .put("userId", userId);
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
