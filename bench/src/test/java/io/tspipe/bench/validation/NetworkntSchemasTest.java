package io.tspipe.bench.validation;

import io.tspipe.event.RejectReason;
import io.tspipe.event.SchemaDocuments;
import io.tspipe.event.SchemaEngine;
import io.tspipe.event.Verdict;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkntSchemasTest {

  private static final SchemaEngine.Check API_REQUEST =
    new NetworkntSchemas(SchemaDocuments.load()).check(SchemaDocuments.id("api_request"));

  private static JsonObject apiRequest() {
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

  @Test
  @DisplayName("the networknt engine accepts a valid event and names the field of an invalid one")
  void decidesAndNamesTheField() {
    assertNull(API_REQUEST.reject(apiRequest()));
    JsonObject missing = apiRequest();
    missing.remove("path");
    Verdict.Rejected noPath = API_REQUEST.reject(missing);
    assertNotNull(noPath);
    assertEquals(RejectReason.MISSING_FIELD, noPath.reason());
    assertEquals("/path", noPath.field());
    Verdict.Rejected wrongType = API_REQUEST.reject(apiRequest().put("statusCode", "200"));
    assertNotNull(wrongType);
    assertEquals(RejectReason.INVALID_TYPE, wrongType.reason());
    assertEquals("/statusCode", wrongType.field());
    Verdict.Rejected badAddress = API_REQUEST.reject(apiRequest().put("sourceIp", "256.0.0.1"));
    assertNotNull(badAddress, "formats are asserted");
    assertTrue(badAddress.field().equals("/sourceIp"), badAddress.toString());
  }
}
