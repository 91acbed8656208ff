package io.tspipe.web.access;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

  private static final String CONFIG = "fraud-team:0123456789abcdef0123, billing:fedcba9876543210fedc";

  @Test
  @DisplayName("keys name their client; anything else names none; no keys leaves the API open")
  void keysNameTheirClient() {
    ApiKeys keys = ApiKeys.parse(CONFIG);
    assertTrue(keys.required());
    assertEquals(Optional.of("fraud-team"), keys.clientOf("0123456789abcdef0123"));
    assertEquals(Optional.of("billing"), keys.clientOf("fedcba9876543210fedc"));
    assertEquals(Optional.empty(), keys.clientOf("0123456789abcdef012"));
    assertEquals(Optional.empty(), keys.clientOf(null));
    assertFalse(ApiKeys.parse("").required());
    assertFalse(ApiKeys.parse(" , ").required());
  }

  @Test
  @DisplayName("a session is valid until it expires, in any process with the same keys, and not once altered")
  void sessions() {
    ApiKeys keys = ApiKeys.parse(CONFIG);
    String session = keys.session("billing", 2_000);
    assertEquals(Optional.of("billing"), keys.clientOfSession(session, 1_999));
    assertEquals(Optional.empty(), keys.clientOfSession(session, 2_000), "expired");
    assertEquals(Optional.of("billing"), ApiKeys.parse(CONFIG).clientOfSession(session, 1_000), "another process");
    assertEquals(Optional.empty(), ApiKeys.parse("billing:another-key-of-billing-00").clientOfSession(session, 1_000),
      "keys changed: sessions end");
    assertEquals(Optional.empty(), keys.clientOfSession(session.replace("billing.2000", "billing.9999"), 1_000), "later expiry");
    assertEquals(Optional.empty(), keys.clientOfSession(session.replace("billing.", "fraud-team."), 1_000), "other client");
    assertEquals(Optional.empty(), keys.clientOfSession("billing.2000", 1_000));
    assertEquals(Optional.empty(), keys.clientOfSession("garbage", 1_000));
    assertEquals(Optional.empty(), keys.clientOfSession(null, 1_000));
  }

  @Test
  @DisplayName("malformed configuration fails naming the key")
  void malformed() {
    for (String bad : new String[] {"no-colon", ":0123456789abcdef", "team:", "team:short", "bad name:0123456789abcdef0",
      "a:0123456789abcdef0,a:0123456789abcdef1"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(bad), bad);
      assertTrue(refused.getMessage().startsWith("config key web.apiKeys"), refused.getMessage());
    }
  }
}
