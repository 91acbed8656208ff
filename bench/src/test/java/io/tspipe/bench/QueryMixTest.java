package io.tspipe.bench;

import io.tspipe.bench.QueryMix.Query;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryMixTest {

  private static final Instant NOW = Instant.parse("2025-06-02T12:00:00.123456Z");
  private static final SampledValues VALUES = new SampledValues(
    List.of("3f6c1a52-0000-4000-8000-000000000001", "3f6c1a52-0000-4000-8000-000000000002"),
    List.of("10.0.0.1", "10.0.0.2", "2001:db8::3"),
    List.of("a+tag@example.com"));

  @Test
  @DisplayName("the kinds take turns in a fixed order, each searching the sampled values round-robin")
  void takesTurns() {
    QueryMix mix = new QueryMix(VALUES);
    List<Query> queries = IntStream.range(0, 3 * QueryKind.values().length).mapToObj(i -> mix.next(NOW)).toList();
    List<QueryKind> kinds = queries.stream().map(Query::kind).toList();
    List<QueryKind> expected = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      expected.addAll(List.of(QueryKind.values()));
    }
    assertEquals(expected, kinds);
    assertEquals(List.of("3f6c1a52-0000-4000-8000-000000000001", "3f6c1a52-0000-4000-8000-000000000002",
      "3f6c1a52-0000-4000-8000-000000000001"), freeText(queries, QueryKind.BY_USER));
    assertEquals(List.of("10.0.0.1", "10.0.0.2", "2001:db8::3"), freeText(queries, QueryKind.BY_IP));
    assertEquals(List.of("a+tag@example.com", "a+tag@example.com", "a+tag@example.com"),
      freeText(queries, QueryKind.BY_EMAIL));
  }

  @Test
  @DisplayName("the filtered, range and deep-page searches ask what an investigator would, as the search API takes it")
  void searchBodies() {
    QueryMix mix = new QueryMix(VALUES);
    List<Query> queries = IntStream.range(0, QueryKind.values().length).mapToObj(i -> mix.next(NOW)).toList();
    queries.stream().filter(query -> query.kind().isSearch())
      .forEach(query -> assertEquals(QueryMix.SEARCH_PATH, query.path()));
    assertEquals(new JsonObject()
        .put("filters", new JsonObject().put("type", new JsonArray().add("account_activity")).put("success", false))
        .put("facets", new JsonArray().add("country").add("action")),
      body(queries, QueryKind.FILTERED));
    assertEquals(new JsonObject()
        .put("filters", new JsonObject()
          .put("type", new JsonArray().add("api_request"))
          .put("from", "2025-06-02T11:45:00.123Z")
          .put("status", new JsonArray().add(new JsonObject().put("min", 500).put("max", 599))))
        .put("sort", "responseTimeMs:desc"),
      body(queries, QueryKind.RANGE_SORTED));
    assertEquals(new JsonObject()
        .put("filters", new JsonObject().put("type", new JsonArray().add("api_request")))
        .put("page", 20)
        .put("limit", 50),
      body(queries, QueryKind.DEEP_PAGE));
  }

  @Test
  @DisplayName("the entity query is a GET of the sampled user's profile")
  void entityProfile() {
    QueryMix mix = new QueryMix(VALUES);
    List<Query> entities = IntStream.range(0, 2 * QueryKind.values().length).mapToObj(i -> mix.next(NOW))
      .filter(query -> query.kind() == QueryKind.ENTITY).toList();
    assertEquals(List.of("/api/v1/entities/user/3f6c1a52-0000-4000-8000-000000000001",
      "/api/v1/entities/user/3f6c1a52-0000-4000-8000-000000000002"), entities.stream().map(Query::path).toList());
    entities.forEach(query -> assertNull(query.body()));
  }

  @Test
  @DisplayName("a mix without a user id, an IP or an email to query is refused")
  void needsEveryValue() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
      () -> new QueryMix(new SampledValues(List.of("u1"), List.of("10.0.0.1"), List.of())));
    assertTrue(failure.getMessage().contains("sampled 1, 1 and 0"), failure.getMessage());
  }

  private static List<String> freeText(List<Query> queries, QueryKind kind) {
    return queries.stream().filter(query -> query.kind() == kind).map(query -> query.body().getString("q")).toList();
  }

  private static JsonObject body(List<Query> queries, QueryKind kind) {
    return queries.stream().filter(query -> query.kind() == kind).findFirst().orElseThrow().body();
  }
}
