package io.tspipe.web.labels;

import io.tspipe.detection.EntityKind;
import io.tspipe.web.BadRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelRequestTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static JsonObject body() {
    return new JsonObject().put("kind", "ip").put("value", "203.0.113.9").put("label", "abuse_source")
      .put("connotation", "bad").put("reason", "credential stuffing").put("by", "ana");
  }

  private static String refused(JsonObject body) {
    return assertThrows(BadRequest.class, () -> LabelRequest.set(body, NOW)).field();
  }

  @Test
  @DisplayName("a label is read with its source person:<by> and its expiry from expiresInSeconds or expiresAt")
  void reads() {
    LabelRequest.Setting set = LabelRequest.set(body(), NOW);
    assertEquals(EntityKind.IP, set.kind());
    assertEquals("person:ana", set.source());
    assertNull(set.expiresAt());
    assertEquals(NOW.plusSeconds(3600), LabelRequest.set(body().put("expiresInSeconds", 3600), NOW).expiresAt());
    assertEquals(Instant.parse("2026-11-25T09:00:00Z"),
      LabelRequest.set(body().put("expiresAt", "2026-11-25T10:00:00+01:00"), NOW).expiresAt());
    assertEquals("203.0.113.0/24", LabelRequest.set(body().put("kind", "prefix").put("value", "203.0.113.0/24"), NOW)
      .value());
  }

  @Test
  @DisplayName("what the contract cannot say is refused with the field at fault; the rest is the contract's")
  void refusesNamingTheField() {
    assertEquals("value", refused(body().put("value", "ana@example.org")));
    assertEquals("value", refused(body().put("kind", "stream")));
    assertEquals("reason", refused(body().put("reason", "  ")));
    assertEquals("reason", refused(body().put("reason", "a\nb")));
    assertEquals("expiresAt", refused(body().put("expiresAt", "2026-11-24T09:00:00Z")));
    assertEquals("expiresAt", refused(body().put("expiresAt", "2026-02-30T09:00:00Z")));
    assertEquals("expiresAt", refused(body().put("expiresAt", "2027-01-01T00:00:00Z").put("expiresInSeconds", 60)));
  }

  @Test
  @DisplayName("a removal needs a reason and who, from the query or else the body")
  void removal() {
    assertEquals(new LabelRequest.Removal("cleared", "ana"), LabelRequest.removal("cleared", "ana", null));
    assertEquals(new LabelRequest.Removal("cleared", "ana"), LabelRequest.removal(null, null,
      new JsonObject().put("reason", "cleared").put("by", "ana")));
    assertEquals("reason", assertThrows(BadRequest.class, () -> LabelRequest.removal(null, "ana", null)).field());
    assertEquals("by", assertThrows(BadRequest.class, () -> LabelRequest.removal("r", "", null)).field());
    assertEquals("force", assertThrows(BadRequest.class, () -> LabelRequest.removal("r", "b",
      new JsonObject().put("force", true))).field());
  }
}
