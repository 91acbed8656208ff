package io.tspipe.web.investigation;

import io.tspipe.web.BadRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchRequestTest {

  @Test
  void defaultsWhenTheBodyIsEmpty() {
    SearchRequest request = SearchRequest.parse(new JsonObject());
    assertEquals(new JsonObject().put("q", "").put("matchingStrategy", "all").put("page", 1).put("hitsPerPage", 20)
      .put("sort", new JsonArray().add("timestamp:desc")), request.meilisearchQuery());
  }

  @Test
  void everyFilterBecomesAClauseOfCheckedValues() {
    JsonObject body = new JsonObject()
      .put("q", "checkout")
      .put("filters", new JsonObject()
        .put("type", new JsonArray().add("api_request").add("account_activity"))
        .put("from", "2026-11-24T10:00:00Z")
        .put("to", "2026-11-24T11:00:00.500+01:00")
        .put("success", false)
        .put("action", new JsonArray().add("login"))
        .put("method", new JsonArray().add("POST"))
        .put("status", new JsonArray().add(new JsonObject().put("min", 500).put("max", 599))
          .add(new JsonObject().put("min", 429)))
        .put("bounceType", new JsonArray().add("hard"))
        .put("country", new JsonArray().add("US").add("DE"))
        .put("ip", "2001:db8::1")
        .put("userId", "6F1C5A8E-7A51-4C2E-9B8E-5D1F6A2B7C90")
        .put("email", "a\"b\\c@example.org"))
      .put("sort", "responseTimeMs:asc")
      .put("page", 3)
      .put("limit", 100)
      .put("facets", new JsonArray().add("type").add("statusCode").add("type"));
    SearchRequest request = SearchRequest.parse(body);
    assertEquals(List.of(
      "type IN [\"api_request\", \"account_activity\"]",
      "timestamp >= 1795514400000",
      "timestamp < 1795514400500",
      "success = false",
      "action IN [\"login\"]",
      "method IN [\"POST\"]",
      "(statusCode 500 TO 599 OR statusCode 429 TO 429)",
      "bounceType IN [\"hard\"]",
      "country IN [\"US\", \"DE\"]",
      "sourceIp = \"2001:db8::1\"",
      "userId = \"6f1c5a8e-7a51-4c2e-9b8e-5d1f6a2b7c90\"",
      "recipientEmail = \"a\\\"b\\\\c@example.org\""), request.filters());
    JsonObject query = request.meilisearchQuery();
    assertEquals(3, query.getInteger("page"));
    assertEquals(100, query.getInteger("hitsPerPage"));
    assertEquals(new JsonArray().add("responseTimeMs:asc"), query.getJsonArray("sort"));
    assertEquals(new JsonArray().add("type").add("statusCode"), query.getJsonArray("facets"));
    assertEquals(12, query.getJsonArray("filter").size());
  }

  @ParameterizedTest(name = "{0} is refused, naming {1}")
  @CsvSource(delimiter = '|', value = {
    "[]                                                          | body",
    "{\"filter\": \"type = x\"}                                   | filter",
    "{\"q\": 5}                                                  | q",
    "{\"filters\": \"type = account_activity\"}                  | filters",
    "{\"filters\": {\"raw\": \"1 = 1\"}}                          | filters.raw",
    "{\"filters\": {\"type\": [\"account_activity\\\" OR type EXISTS\"]}} | filters.type[0]",
    "{\"filters\": {\"type\": \"account_activity\"}}              | filters.type",
    "{\"filters\": {\"from\": \"yesterday\"}}                     | filters.from",
    "{\"filters\": {\"from\": \"2026-11-24T10:00:00Z\", \"to\": \"2026-11-24T09:00:00Z\"}} | filters.to",
    "{\"filters\": {\"success\": \"true\"}}                       | filters.success",
    "{\"filters\": {\"action\": [\"login OR 1\"]}}                | filters.action[0]",
    "{\"filters\": {\"method\": [\"get\"]}}                       | filters.method[0]",
    "{\"filters\": {\"status\": [{\"min\": 99}]}}                 | filters.status[0].min",
    "{\"filters\": {\"status\": [{\"min\": 500, \"max\": 400}]}}  | filters.status[0].max",
    "{\"filters\": {\"status\": [{\"min\": \"500 OR 1=1\"}]}}     | filters.status[0].min",
    "{\"filters\": {\"status\": [500]}}                          | filters.status[0]",
    "{\"filters\": {\"bounceType\": [\"hard\", \"x\"]}}          | filters.bounceType[1]",
    "{\"filters\": {\"country\": [\"US' OR 1=1\"]}}               | filters.country[0]",
    "{\"filters\": {\"ip\": \"10.0.0.1 OR userId EXISTS\"}}       | filters.ip",
    "{\"filters\": {\"ip\": \"example.org\"}}                     | filters.ip",
    "{\"filters\": {\"ip\": \"dead:beef\"}}                       | filters.ip",
    "{\"filters\": {\"userId\": \"42\"}}                          | filters.userId",
    "{\"filters\": {\"email\": \"x\\\" OR type EXISTS\"}}         | filters.email",
    "{\"sort\": \"timestamp:desc, userId:asc\"}                  | sort",
    "{\"sort\": \"userId:asc\"}                                  | sort",
    "{\"page\": 0}                                               | page",
    "{\"page\": \"2\"}                                           | page",
    "{\"page\": 1.5}                                             | page",
    "{\"page\": 101, \"limit\": 100}                             | page",
    "{\"limit\": 101}                                            | limit",
    "{\"facets\": [\"*\"]}                                       | facets[0]",
    "{\"facets\": [\"userId\"]}                                  | facets[0]",
  })
  void refusesBadInputNamingTheField(String json, String field) {
    Object parsed = new JsonArray("[" + json + "]").getValue(0);
    JsonObject body = parsed instanceof JsonObject object ? object : null;
    BadRequest refused = assertThrows(BadRequest.class, () -> SearchRequest.parse(body));
    assertEquals(field.equals("body") ? "body" : field, refused.field(), refused.getMessage());
    assertTrue(refused.getMessage().startsWith(refused.field() + ": "), refused.getMessage());
  }

  @Test
  void aLongQueryIsRefused() {
    BadRequest refused = assertThrows(BadRequest.class,
      () -> SearchRequest.parse(new JsonObject().put("q", "x".repeat(SearchRequest.MAX_QUERY_LENGTH + 1))));
    assertEquals("q", refused.field());
  }

  @Test
  void networkFiltersBecomeClausesOnTheSourceAddressIntelligence() {
    SearchRequest request = SearchRequest.parse(new JsonObject().put("filters", new JsonObject()
      .put("asn", new JsonArray().add(15169).add(4294967295L))
      .put("prefix", "2001:DB8:0001::/48")
      .put("hosting", true)));
    assertEquals(java.util.List.of("asn IN [15169, 4294967295]", "ipPrefix = \"2001:db8:1::/48\"", "ipHosting = true"),
      request.filters());
    assertEquals("filters.prefix", assertThrows(BadRequest.class, () -> SearchRequest.parse(new JsonObject()
      .put("filters", new JsonObject().put("prefix", "203.0.0.0/16")))).field());
  }
}
