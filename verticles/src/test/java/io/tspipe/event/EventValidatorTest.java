package io.tspipe.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class EventValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00.000Z");
  private final EventValidator validator = new EventValidator(Duration.ofDays(30), Duration.ofMinutes(5));

  public static JsonObject apiRequest() {
    return new JsonObject()
      .put("id", "6f1c2a4e-0b7d-4c1e-9a55-2f0e8f3c1a01")
      .put("timestamp", "2026-11-24T11:59:59.123Z")
      .put("type", "api_request")
      .put("schemaVersion", 1)
      .put("sourceIp", "203.0.113.7")
      .put("userId", "0b8e7c52-5d0a-4b8e-8f55-7d1c9e2a3b44")
      .put("method", "GET")
      .put("path", "/api/v1/orders")
      .put("statusCode", 200)
      .put("responseTimeMs", 87)
      .put("requestBytes", 312)
      .put("responseBytes", 2048)
      .put("userAgent", "Mozilla/5.0");
  }

  public static JsonObject emailSend() {
    return new JsonObject()
      .put("id", "7a2d3b5f-1c8e-4d2f-8b66-3a1f9a4d2b12")
      .put("timestamp", "2026-11-24T11:59:58.000Z")
      .put("type", "email_send")
      .put("schemaVersion", 1)
      .put("sourceIp", "2001:db8::1")
      .put("userId", "0b8e7c52-5d0a-4b8e-8f55-7d1c9e2a3b44")
      .put("recipientEmail", "ana@example.com")
      .put("templateId", "welcome")
      .put("success", false)
      .put("failureReason", "mailbox full")
      .put("bounceType", "soft");
  }

  private Verdict check(EventType topic, JsonObject event) {
    return validator.validate(topic, event.toBuffer(), NOW.toEpochMilli());
  }

  private Verdict.Rejected rejected(EventType topic, JsonObject event) {
    return assertInstanceOf(Verdict.Rejected.class, check(topic, event));
  }

  @Test
  @DisplayName("a complete api_request and a failed email_send over IPv6 are accepted with their id and time")
  void acceptsValidEvents() {
    Verdict.Accepted api = assertInstanceOf(Verdict.Accepted.class, check(EventType.API_REQUEST, apiRequest()));
    assertEquals("6f1c2a4e-0b7d-4c1e-9a55-2f0e8f3c1a01", api.id().toString());
    assertEquals(Instant.parse("2026-11-24T11:59:59.123Z").toEpochMilli(), api.timestampMillis());
    assertInstanceOf(Verdict.Accepted.class, check(EventType.EMAIL_SEND, emailSend()));
  }

  @Test
  @DisplayName("bytes that are not JSON are rejected as malformed_json")
  void rejectsMalformedJson() {
    Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class,
      validator.validate(EventType.API_REQUEST, Buffer.buffer("{\"id\": \"abc\", \"type\":"), NOW.toEpochMilli()));
    assertEquals(RejectReason.MALFORMED_JSON, r.reason());
    assertTrue(r.message().startsWith("payload is not valid JSON"), r.message());
  }

  @Test
  @DisplayName("a missing required field is named in the reject")
  void namesMissingField() {
    JsonObject withoutUser = apiRequest();
    withoutUser.remove("userId");
    Verdict.Rejected r = rejected(EventType.API_REQUEST, withoutUser);
    assertEquals(RejectReason.MISSING_FIELD, r.reason());
    assertEquals("/userId", r.field());
    assertEquals("api_request", r.eventType());
    assertEquals("6f1c2a4e-0b7d-4c1e-9a55-2f0e8f3c1a01", r.eventId());
  }

  @Test
  @DisplayName("a mistyped field is rejected as invalid_type naming the field")
  void namesMistypedField() {
    Verdict.Rejected r = rejected(EventType.API_REQUEST, apiRequest().put("statusCode", "200"));
    assertEquals(RejectReason.INVALID_TYPE, r.reason());
    assertEquals("/statusCode", r.field());
  }

  @Test
  @DisplayName("out-of-domain values are rejected as invalid_value: bad enum, bad UUID, bad IP, bad timestamp format")
  void rejectsInvalidValues() {
    assertEquals("/method", rejected(EventType.API_REQUEST, apiRequest().put("method", "TRACE")).field());
    assertEquals("/id", rejected(EventType.API_REQUEST, apiRequest().put("id", "not-a-uuid")).field());
    assertEquals("/sourceIp", rejected(EventType.API_REQUEST, apiRequest().put("sourceIp", "999.1.1.1")).field());
    assertEquals("/timestamp", rejected(EventType.API_REQUEST, apiRequest().put("timestamp", "2026-11-24 11:59:59")).field());
    assertEquals(RejectReason.INVALID_VALUE, rejected(EventType.API_REQUEST, apiRequest().put("statusCode", 700)).reason());
  }

  @Test
  @DisplayName("a failed email without failureReason, and a delivered one without messageId, are refused")
  void enforcesConditionalFields() {
    JsonObject noReason = emailSend();
    noReason.remove("failureReason");
    assertEquals(RejectReason.MISSING_FIELD, rejected(EventType.EMAIL_SEND, noReason).reason());
    JsonObject delivered = emailSend().put("success", true).put("bounceType", "none");
    delivered.remove("failureReason");
    Verdict.Rejected r = rejected(EventType.EMAIL_SEND, delivered);
    assertEquals(RejectReason.MISSING_FIELD, r.reason());
    assertEquals("/messageId", r.field());
  }

  @Test
  @DisplayName("an empty recipient email, on which the schema library throws, is refused as invalid_value")
  void refusesWhatTheLibraryCannotCheck() {
    Verdict.Rejected r = rejected(EventType.EMAIL_SEND, emailSend().put("recipientEmail", ""));
    assertEquals(RejectReason.INVALID_VALUE, r.reason());
    assertEquals("7a2d3b5f-1c8e-4d2f-8b66-3a1f9a4d2b12", r.eventId());
  }

  @Test
  @DisplayName("an event on another type's topic, an unknown type and a JSON array are refused with their reasons")
  void rejectsWrongShapes() {
    assertEquals(RejectReason.WRONG_TOPIC, rejected(EventType.EMAIL_SEND, apiRequest()).reason());
    assertEquals(RejectReason.UNKNOWN_TYPE, rejected(EventType.API_REQUEST, apiRequest().put("type", "sms_send")).reason());
    Verdict.Rejected array = assertInstanceOf(Verdict.Rejected.class,
      validator.validate(EventType.API_REQUEST, Buffer.buffer("[1,2]"), NOW.toEpochMilli()));
    assertEquals(RejectReason.NOT_AN_OBJECT, array.reason());
  }

  @Test
  @DisplayName("timestamps older than retention or too far in the future are refused")
  void rejectsTimestampsOutOfRange() {
    assertEquals(RejectReason.TIMESTAMP_OUT_OF_RANGE,
      rejected(EventType.API_REQUEST, apiRequest().put("timestamp", "2019-01-01T00:00:00.000Z")).reason());
    assertEquals(RejectReason.TIMESTAMP_OUT_OF_RANGE,
      rejected(EventType.API_REQUEST, apiRequest().put("timestamp", "2026-11-24T12:30:00.000Z")).reason());
  }
}
