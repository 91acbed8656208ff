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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryMixTest {

  private static final Instant NOW = Instant.parse("2025-06-02T12:00:00.123456Z");
  private static final SampledValues VALUES = new SampledValues(
    List.of("3f6c1a52-0000-4000-8000-000000000001", "3f6c1a52-0000-4000-8000-000000000002"),
    List.of("10.0.0.1", "10.0.0.2", "2001:db8::3"),
    List.of("a+tag@example.com"));
  private static final List<QueryKind> SEARCH_KINDS = List.of(QueryKind.BY_USER, QueryKind.BY_IP, QueryKind.BY_EMAIL,
    QueryKind.FILTERED, QueryKind.RANGE_SORTED, QueryKind.DEEP_PAGE, QueryKind.ENTITY);
  private static final List<QueryKind> DASHBOARD_KINDS = List.of(QueryKind.KPIS_1H, QueryKind.KPIS_24H,
    QueryKind.TIMESERIES_1H, QueryKind.TIMESERIES_24H, QueryKind.QUALITY_1H, QueryKind.SUSPICIOUS_IPS,
    QueryKind.ATTACKS_24H);
  private static final List<QueryKind> PAGES_KINDS = List.of(QueryKind.ENTITY_USER, QueryKind.ENTITY_IP,
    QueryKind.EVENT, QueryKind.VERDICT_IP, QueryKind.DETECTIONS, QueryKind.SCORE_1H, QueryKind.SUSPICIOUS_USERS,
    QueryKind.LABELS);

  @Test
  @DisplayName("each kind belongs to one mix, which lists its kinds in the order they take turns")
  void mixesAndTheirKinds() {
    assertEquals(SEARCH_KINDS, Mix.SEARCH.kinds());
    assertEquals(DASHBOARD_KINDS, Mix.DASHBOARD.kinds());
    List<QueryKind> every = new ArrayList<>(SEARCH_KINDS);
    every.addAll(DASHBOARD_KINDS);
    every.addAll(PAGES_KINDS);
    assertEquals(List.of(QueryKind.values()), every, "every kind is in exactly one mix");
    assertEquals(List.of("kpis-1h", "kpis-24h", "timeseries-1h", "timeseries-24h", "quality-1h", "suspicious-ips",
      "attacks-24h"), DASHBOARD_KINDS.stream().map(QueryKind::label).toList());
    DASHBOARD_KINDS.forEach(kind -> {
      assertFalse(kind.isSearch(), kind.label());
      assertTrue(kind.inAggregate(), kind.label());
    });
    assertFalse(QueryKind.ENTITY.inAggregate());
    assertTrue(Mix.SEARCH.samplesValues());
    assertFalse(Mix.DASHBOARD.samplesValues());
  }

  @Test
  @DisplayName("the kinds take turns in a fixed order, each searching the sampled values round-robin")
  void takesTurns() {
    QueryMix mix = new QueryMix(Mix.SEARCH, VALUES);
    List<Query> queries = IntStream.range(0, 3 * SEARCH_KINDS.size()).mapToObj(i -> mix.next(NOW)).toList();
    List<QueryKind> kinds = queries.stream().map(Query::kind).toList();
    List<QueryKind> expected = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      expected.addAll(SEARCH_KINDS);
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
    QueryMix mix = new QueryMix(Mix.SEARCH, VALUES);
    List<Query> queries = IntStream.range(0, SEARCH_KINDS.size()).mapToObj(i -> mix.next(NOW)).toList();
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
    QueryMix mix = new QueryMix(Mix.SEARCH, VALUES);
    List<Query> entities = IntStream.range(0, 2 * SEARCH_KINDS.size()).mapToObj(i -> mix.next(NOW))
      .filter(query -> query.kind() == QueryKind.ENTITY).toList();
    assertEquals(List.of("/api/v1/entities/user/3f6c1a52-0000-4000-8000-000000000001",
      "/api/v1/entities/user/3f6c1a52-0000-4000-8000-000000000002"), entities.stream().map(Query::path).toList());
    entities.forEach(query -> assertNull(query.body()));
  }

  @Test
  @DisplayName("the dashboard mix needs no sampled value and GETs its APIs round-robin, in a fixed order")
  void dashboardTakesTurns() {
    QueryMix mix = new QueryMix(Mix.DASHBOARD, null);
    List<Query> queries = IntStream.range(0, 2 * DASHBOARD_KINDS.size()).mapToObj(i -> mix.next(NOW)).toList();
    List<QueryKind> expected = new ArrayList<>(DASHBOARD_KINDS);
    expected.addAll(DASHBOARD_KINDS);
    assertEquals(expected, queries.stream().map(Query::kind).toList());
    List<String> paths = List.of(
      "/api/v1/metrics/kpis?range=1h",
      "/api/v1/metrics/kpis?range=24h",
      "/api/v1/metrics/timeseries?range=1h",
      "/api/v1/metrics/timeseries?range=24h&step=300",
      "/api/v1/quality?range=1h",
      "/api/v1/suspicious?kind=ip&range=15m",
      "/api/v1/attacks?range=24h");
    List<String> expectedPaths = new ArrayList<>(paths);
    expectedPaths.addAll(paths);
    assertEquals(expectedPaths, queries.stream().map(Query::path).toList());
    queries.forEach(query -> assertNull(query.body(), query.kind().label() + " is a GET"));
  }

  @Test
  @DisplayName("the pages mix GETs each page round-robin over the sampled users, IPs and event ids")
  void pagesTakeTurns() {
    QueryMix mix = new QueryMix(Mix.PAGES, new SampledValues(List.of("u1"), List.of("10.0.0.1", "2001:db8::3"),
      List.of(), List.of("e1")));
    List<Query> queries = IntStream.range(0, 2 * PAGES_KINDS.size()).mapToObj(i -> mix.next(NOW)).toList();
    assertEquals(List.of(
      "/api/v1/entities/user/u1",
      "/api/v1/entities/ip/10.0.0.1",
      "/api/v1/events/e1",
      "/api/v1/verdicts/ip/10.0.0.1",
      "/api/v1/detections",
      "/api/v1/detections/score?range=1h",
      "/api/v1/suspicious?kind=user&range=1h",
      "/api/v1/labels"), queries.subList(0, PAGES_KINDS.size()).stream().map(Query::path).toList());
    assertEquals("/api/v1/entities/ip/2001%3Adb8%3A%3A3", queries.get(PAGES_KINDS.size() + 1).path());
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
      () -> new QueryMix(Mix.PAGES, new SampledValues(List.of("u1"), List.of("10.0.0.1"), List.of("a@example.com"))));
    assertTrue(failure.getMessage().contains("sampled 1, 1 and 0"), failure.getMessage());
  }

  @Test
  @DisplayName("the dashboard mix ignores sampled values, even empty ones")
  void dashboardIgnoresValues() {
    QueryMix mix = new QueryMix(Mix.DASHBOARD, new SampledValues(List.of(), List.of(), List.of()));
    assertEquals(QueryKind.KPIS_1H, mix.next(NOW).kind());
  }

  @Test
  @DisplayName("a mix without a user id, an IP or an email to query is refused")
  void needsEveryValue() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
      () -> new QueryMix(Mix.SEARCH, new SampledValues(List.of("u1"), List.of("10.0.0.1"), List.of())));
    assertTrue(failure.getMessage().contains("sampled 1, 1 and 0"), failure.getMessage());
    failure = assertThrows(IllegalArgumentException.class, () -> new QueryMix(Mix.SEARCH, null));
    assertTrue(failure.getMessage().contains("sampled none"), failure.getMessage());
  }

  private static List<String> freeText(List<Query> queries, QueryKind kind) {
    return queries.stream().filter(query -> query.kind() == kind).map(query -> query.body().getString("q")).toList();
  }

  private static JsonObject body(List<Query> queries, QueryKind kind) {
    return queries.stream().filter(query -> query.kind() == kind).findFirst().orElseThrow().body();
  }
}
