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

  /**
   * What the contract cannot say; every other refusal of a search is the contract's, named in
   * {@code ApiValidationTest}, and never reaches this.
   */
  @ParameterizedTest(name = "{0} is refused, naming {1}")
  @CsvSource(delimiter = '|', value = {
    "{\"filters\": {\"from\": \"2026-11-24T10:00:00Z\", \"to\": \"2026-11-24T09:00:00Z\"}} | filters.to",
    "{\"filters\": {\"from\": \"2026-02-30T10:00:00Z\"}}                    | filters.from",
    "{\"filters\": {\"status\": [{\"min\": 500, \"max\": 400}]}}  | filters.status[0].max",
    "{\"filters\": {\"ip\": \"dead:beef\"}}                       | filters.ip",
    "{\"page\": 101, \"limit\": 100}                             | page",
  })
  void refusesWhatTheContractCannotSayNamingTheField(String json, String field) {
    BadRequest refused = assertThrows(BadRequest.class, () -> SearchRequest.parse(new JsonObject(json)));
    assertEquals(field, refused.field(), refused.getMessage());
    assertTrue(refused.getMessage().startsWith(refused.field() + ": "), refused.getMessage());
  }

  @Test
  void nullIsAbsent() {
    SearchRequest request = SearchRequest.parse(new JsonObject("{\"q\": null, \"sort\": null, \"page\": null, "
      + "\"limit\": null, \"facets\": null, \"filters\": {\"status\": [{\"min\": 500, \"max\": null}], "
      + "\"success\": null}}"));
    assertEquals(new SearchRequest("", List.of("statusCode 500 TO 500"), SearchRequest.DEFAULT_SORT, 1,
      SearchRequest.DEFAULT_LIMIT, List.of()), request);
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
