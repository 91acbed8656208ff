package io.tspipe.search;

import io.tspipe.event.EventType;
import io.tspipe.event.EventValidator;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.testing.IpDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchDocumentsTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00.000Z");

  private static Verdict.Accepted login() {
    JsonObject event = new JsonObject()
      .put("id", "6f1c2a4e-0b7d-4c1e-9a55-2f0e8f3c1a01")
      .put("timestamp", "2026-11-24T11:59:59.123Z")
      .put("type", "account_activity")
      .put("schemaVersion", 1)
      .put("sourceIp", "203.0.113.7")
      .put("userId", "0b8e7c52-5d0a-4b8e-8f55-7d1c9e2a3b44")
      .put("action", "login")
      .put("success", false)
      .put("failureReason", "invalid_password")
      .put("userAgent", "Mozilla/5.0")
      .put("geo", new JsonObject().put("country", "DE").put("city", "Berlin").put("lat", 52.52).put("lon", 13.405));
    return assertInstanceOf(Verdict.Accepted.class,
      new EventValidator(Duration.ofDays(30), Duration.ofMinutes(5)).validate(EventType.ACCOUNT_ACTIVITY, event.toBuffer(), NOW.toEpochMilli()));
  }

  @Test
  @DisplayName("a document keeps every field, flattens geo, and carries the time as sortable milliseconds")
  void mapsAnEventToADocument() {
    JsonObject document = SearchDocuments.document(login(), IpDatabase.load().lookup("8.8.8.8"));
    assertEquals("6f1c2a4e-0b7d-4c1e-9a55-2f0e8f3c1a01", document.getString(SearchDocuments.PRIMARY_KEY));
    assertEquals(Instant.parse("2026-11-24T11:59:59.123Z").toEpochMilli(), document.getLong("timestamp"));
    assertEquals("2026-11-24T11:59:59.123Z", document.getString("occurredAt"));
    assertEquals("DE", document.getString("country"));
    assertEquals("Berlin", document.getString("city"));
    assertFalse(document.containsKey("geo"));
    assertEquals("invalid_password", document.getString("failureReason"));
    assertEquals("US", document.getString("ipCountry"));
    assertEquals(15169L, document.getLong("asn"));
    assertEquals("Google LLC", document.getString("asOrg"));
    assertEquals("8.8.8.0/24", document.getString("ipPrefix"));
    assertTrue(document.getBoolean("ipHosting"));
  }

  @Test
  @DisplayName("undoing a document gives back the event, without the source address's intelligence")
  void undoesADocument() {
    Verdict.Accepted login = login();
    JsonObject event = SearchDocuments.event(SearchDocuments.document(login, IpDatabase.load().lookup("8.8.8.8")));
    assertEquals(new JsonObject(login.event()), event);
  }

  @Test
  @DisplayName("documents go out as NDJSON, one per line")
  void writesNdjson() {
    String body = SearchDocuments.ndjson(List.of(SearchDocuments.document(login(), IpInfo.UNKNOWN), new JsonObject().put("id", "x"))).toString();
    String[] lines = body.split("\n");
    assertEquals(2, lines.length);
    assertEquals("x", new JsonObject(lines[1]).getString("id"));
    assertTrue(body.endsWith("\n"));
  }

  @Test
  @DisplayName("ids, IPs and emails are searchable, filterable and exempt from typo tolerance")
  void exactLookupsForIdentifiers() {
    JsonObject settings = SearchDocuments.indexSettings();
    for (String field : List.of("userId", "sourceIp", "recipientEmail")) {
      assertTrue(settings.getJsonArray("searchableAttributes").contains(field), field);
      assertTrue(settings.getJsonArray("filterableAttributes").contains(field), field);
      assertTrue(settings.getJsonObject("typoTolerance").getJsonArray("disableOnAttributes").contains(field), field);
    }
    assertTrue(settings.getJsonArray("sortableAttributes").contains("timestamp"));
    assertEquals(false, settings.getBoolean("facetSearch"), "facet counts need no facet-search structures");
  }
}
