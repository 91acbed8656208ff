package io.tspipe.bench.streams;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LoginAttemptTest {

  static JsonObject login(String ip, String timestamp, boolean success) {
    JsonObject event = new JsonObject().put("id", "6f1c2f4e-8f7a-4a53-9a55-0f4f2a1b9c10").put("timestamp", timestamp)
      .put("type", "account_activity").put("schemaVersion", 1).put("sourceIp", ip)
      .put("userId", "0b6f8e2c-3f5d-4c8e-9a1f-2d7c5b9e4a31").put("userAgent", "curl/8.5.0").put("action", "login")
      .put("success", success).put("geo", new JsonObject().put("country", "DE").put("city", "Berlin")
        .put("lat", 52.52).put("lon", 13.4));
    return success ? event : event.put("failureReason", "invalid_password");
  }

  private static LoginAttempt parse(JsonObject event) {
    return LoginAttempt.parse(event.encode().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a login event gives its address, its event time and its outcome")
  void readsALogin() {
    assertEquals(new LoginAttempt("203.0.113.9", Instant.parse("2026-11-24T15:04:05.123Z").toEpochMilli(), false),
      parse(login("203.0.113.9", "2026-11-24T15:04:05.123Z", false)));
    assertEquals("2001:db8::1", parse(login("2001:db8::1", "2026-11-24T15:04:05.123Z", true)).ip());
  }

  @Test
  @DisplayName("other actions and records the worker rejects for a field the rule reads are no login")
  void skipsTheRest() {
    JsonObject good = login("203.0.113.9", "2026-11-24T15:04:05.123Z", false);
    assertNull(parse(good.copy().put("action", "logout")));
    assertNull(parse(good.copy().put("sourceIp", "999.14.2.301")));
    assertNull(parse(good.copy().put("sourceIp", "localhost")));
    assertNull(parse(good.copy().put("timestamp", "2026-11-24T15:04:05.123+02:00")));
    assertNull(parse(good.copy().put("timestamp", "yesterday at noon")));
    assertNull(parse(good.copy().put("timestamp", 1_767_225_600_000L)));
    assertNull(parse(good.copy().put("success", "yes")));
    assertNull(parse(good.copy().put("type", "ACCOUNT_ACTIVITY")));
    assertNull(LoginAttempt.parse("{\"id\": \"6f1c2f4e".getBytes(StandardCharsets.UTF_8)));
    assertNull(LoginAttempt.parse("<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)));
    assertNull(LoginAttempt.parse("[1, 2]".getBytes(StandardCharsets.UTF_8)));
    assertNull(LoginAttempt.parse(null));
  }

  @Test
  @DisplayName("the repartition topic's compact form gives the login back")
  void serdeRoundTrip() {
    LoginAttempt login = new LoginAttempt("2001:db8::1", 1_764_000_000_123L, true);
    assertEquals(login, LoginAttempt.SERDE.deserializer().deserialize("t",
      LoginAttempt.SERDE.serializer().serialize("t", login)));
  }
}
