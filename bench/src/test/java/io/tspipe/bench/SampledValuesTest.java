package io.tspipe.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampledValuesTest {

  @Test
  @DisplayName("users, IPs and emails are taken from the hits once each, in the order first met")
  void takesDistinctValues() {
    JsonArray hits = new JsonArray()
      .add(event("u1", "10.0.0.1").put("type", "account_activity").put("geo", new JsonObject().put("country", "FR")))
      .add(event("u2", "10.0.0.2").put("recipientEmail", "a@example.com"))
      .add(event("u1", "2001:db8::1").put("recipientEmail", "b@example.com"))
      .add(event("u2", "10.0.0.1").put("recipientEmail", "a@example.com"))
      .add(new JsonObject().put("userId", "").put("sourceIp", 7))
      .add("not an event");
    SampledValues values = SampledValues.of(hits);
    assertEquals(List.of("u1", "u2"), values.userIds());
    assertEquals(List.of("10.0.0.1", "10.0.0.2", "2001:db8::1"), values.sourceIps());
    assertEquals(List.of("a@example.com", "b@example.com"), values.recipientEmails());
  }

  @Test
  @DisplayName("values of a second sample are added after the first's, without repeats")
  void addsASecondSample() {
    SampledValues first = new SampledValues(List.of("u1"), List.of("10.0.0.1"), List.of());
    SampledValues second = new SampledValues(List.of("u2", "u1"), List.of("10.0.0.1"), List.of("a@example.com"));
    assertEquals(new SampledValues(List.of("u1", "u2"), List.of("10.0.0.1"), List.of("a@example.com")),
      first.plus(second));
  }

  @Test
  @DisplayName("no hits, no values")
  void emptyIndex() {
    assertTrue(SampledValues.of(new JsonArray()).isEmpty());
  }

  private static JsonObject event(String userId, String sourceIp) {
    return new JsonObject().put("userId", userId).put("sourceIp", sourceIp);
  }
}
