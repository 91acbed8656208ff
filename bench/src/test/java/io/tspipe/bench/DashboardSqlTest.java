package io.tspipe.bench;

import io.tspipe.bench.QueryMix.Query;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.web.dashboard.DashboardApis;
import io.tspipe.web.dashboard.MetricsWindow;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which statements go straight to the engine beside each dashboard request; none is sent here. */
class DashboardSqlTest {

  private static final Instant NOW = Instant.parse("2026-12-07T15:40:12.345Z");

  /** The engine side, which this test never reaches: it only records what it would be sent. */
  private static final class Sent implements ClickHouseReads {
    final List<String> sql = new ArrayList<>();

    @Override
    public String database() {
      return "bench";
    }

    @Override
    public Future<List<JsonObject>> select(String statement, Map<String, String> parameters) {
      sql.add(statement);
      return Future.succeededFuture(List.of());
    }
  }

  private final Sent engine = new Sent();
  private final DashboardSql dashboardSql = new DashboardSql(engine,
    reads -> new DashboardApis(reads, 60, Duration.ZERO, List.of("api-requests")));

  @Test
  @DisplayName("each dashboard kind is sent the statements its API runs, in its database, for the window read now")
  void eachKindIsSentItsApisStatements() {
    Map<QueryKind, Integer> expected = Map.of(QueryKind.KPIS_1H, 2, QueryKind.KPIS_24H, 2, QueryKind.TIMESERIES_1H, 2,
      QueryKind.TIMESERIES_24H, 2, QueryKind.QUALITY_1H, 3, QueryKind.SUSPICIOUS_IPS, 1, QueryKind.ATTACKS_24H, 3);
    QueryMix mix = new QueryMix(Mix.DASHBOARD, null);
    for (int i = 0; i < Mix.DASHBOARD.kinds().size(); i++) {
      Query query = mix.next(NOW);
      List<DashboardSql.Statement> statements = dashboardSql.statements(query, NOW);
      assertEquals(expected.get(query.kind()), statements.size(), query.path());
      statements.forEach(statement -> assertTrue(statement.sql().contains("bench."), statement.sql()));
    }
  }

  @Test
  @DisplayName("the parameters are those the web role reads from the same query string: the same whole minutes")
  void parametersAreTheWebRolesOwn() {
    Query kpis = new Query(QueryKind.KPIS_24H, QueryMix.KPIS_PATH + "?range=24h", null);
    MultiMap range = MultiMap.caseInsensitiveMultiMap().add("range", "24h");
    for (DashboardSql.Statement statement : dashboardSql.statements(kpis, NOW)) {
      assertEquals(MetricsWindow.parse(range, NOW).parameters(), statement.parameters());
    }
    Query series = new Query(QueryKind.TIMESERIES_24H, QueryMix.TIMESERIES_PATH + "?range=24h&step=300", null);
    assertEquals("300", dashboardSql.statements(series, NOW).get(0).parameters().get("step"));
  }

  @Test
  @DisplayName("sending runs every statement of the request once; a kind of another mix is refused")
  void sendsEveryStatementOnce() {
    Query quality = new Query(QueryKind.QUALITY_1H, QueryMix.QUALITY_PATH + "?range=1h", null);
    assertTrue(dashboardSql.send(quality, NOW).succeeded());
    assertEquals(3, engine.sql.size());
    assertThrows(IllegalArgumentException.class,
      () -> dashboardSql.statements(new Query(QueryKind.LABELS, QueryMix.LABELS_PATH, null), NOW));
  }

  @Test
  @DisplayName("query strings are decoded as the router decodes them")
  void decodesQueryStrings() {
    MultiMap parameters = DashboardSql.parameters("/api/v1/attacks?from=2026-12-07T10%3A00%3A00Z&scenario=a+b");
    assertEquals("2026-12-07T10:00:00Z", parameters.get("from"));
    assertEquals("a b", parameters.get("scenario"));
    assertTrue(DashboardSql.parameters("/api/v1/labels").isEmpty());
  }
}
