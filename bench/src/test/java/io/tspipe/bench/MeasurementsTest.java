package io.tspipe.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementsTest {

  private static final long MS = 1_000_000;

  @Test
  @DisplayName("one row per search kind, then all searches together, then the entity profile apart")
  void rows() {
    Measurements measurements = new Measurements(Mix.SEARCH);
    measurements.answered(QueryKind.BY_USER, 10 * MS, 2);
    measurements.answered(QueryKind.BY_USER, 30 * MS, 4);
    measurements.answered(QueryKind.DEEP_PAGE, 20 * MS, 9);
    measurements.failed(QueryKind.BY_IP);
    measurements.answered(QueryKind.ENTITY, 500 * MS, -1);
    measurements.failed(QueryKind.ENTITY);

    List<Figures> rows = measurements.figures(2_000 * MS);
    assertEquals(List.of("by-user", "by-ip", "by-email", "filtered", "range-sorted", "deep-page",
      Measurements.ALL_SEARCHES, "entity"), rows.stream().map(Figures::name).toList());
    Figures byUser = rows.get(0);
    assertEquals(new LatencyStats(2, 10.0, 30.0, 30.0, 30.0), byUser.latency());
    assertEquals(1.0, byUser.perSecond());
    assertEquals(OptionalDouble.of(3.0), byUser.meanProcessingTimeMs());
    assertEquals(1, rows.get(1).errors());
    assertTrue(rows.get(2).meanProcessingTimeMs().isEmpty(), "no answer, no mean");

    Figures searches = rows.get(6);
    assertEquals(new LatencyStats(3, 20.0, 30.0, 30.0, 30.0), searches.latency(), "the entity's 500 ms left out");
    assertEquals(1, searches.errors());
    assertEquals(1.5, searches.perSecond());
    assertEquals(OptionalDouble.of(5.0), searches.meanProcessingTimeMs());

    Figures entity = rows.get(7);
    assertEquals(1, entity.count());
    assertEquals(1, entity.errors());
    assertTrue(entity.meanProcessingTimeMs().isEmpty(), "ClickHouse reports no Meilisearch time");
    assertEquals(6, measurements.requests());
    assertEquals(2, measurements.errors());
  }

  @Test
  @DisplayName("the dashboard mix: one row per dashboard kind, then all dashboard (every one of them), no Meilisearch "
    + "time")
  void dashboardRows() {
    Measurements measurements = new Measurements(Mix.DASHBOARD);
    measurements.answered(QueryKind.KPIS_1H, 10 * MS, -1);
    measurements.answered(QueryKind.KPIS_24H, 40 * MS, -1);
    measurements.answered(QueryKind.TIMESERIES_24H, 90 * MS, 7);
    measurements.answered(QueryKind.ATTACKS_24H, 20 * MS, -1);
    measurements.failed(QueryKind.SUSPICIOUS_IPS);
    measurements.failed(QueryKind.QUALITY_1H);

    List<Figures> rows = measurements.figures(4_000 * MS);
    assertEquals(List.of("kpis-1h", "kpis-24h", "timeseries-1h", "timeseries-24h", "quality-1h", "suspicious-ips",
      "attacks-24h", "all dashboard"), rows.stream().map(Figures::name).toList());
    assertEquals(Measurements.ALL_DASHBOARD, Mix.DASHBOARD.aggregateLabel());
    assertEquals(new LatencyStats(1, 40.0, 40.0, 40.0, 40.0), rows.get(1).latency());
    assertEquals(LatencyStats.NONE, rows.get(2).latency());
    assertEquals(1, rows.get(4).errors());
    assertEquals(1, rows.get(5).errors());

    Figures all = rows.get(7);
    assertEquals(new LatencyStats(4, 20.0, 90.0, 90.0, 90.0), all.latency(), "every dashboard kind together");
    assertEquals(2, all.errors());
    assertEquals(1.0, all.perSecond());
    rows.forEach(row -> assertTrue(row.meanProcessingTimeMs().isEmpty(), row.name() + ": Meilisearch answers none"));
    assertEquals(6, measurements.requests());
    assertEquals(2, measurements.errors());
  }

  @Test
  @DisplayName("a kind of another mix is refused rather than lost")
  void refusesKindsOfAnotherMix() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
      () -> new Measurements(Mix.DASHBOARD).answered(QueryKind.BY_USER, MS, 1));
    assertEquals("by-user is not of the dashboard mix", failure.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Measurements(Mix.SEARCH).failed(QueryKind.KPIS_1H));
  }

  @Test
  @DisplayName("every sample is kept, however many there are")
  void keepsEverySample() {
    Measurements measurements = new Measurements(Mix.SEARCH);
    for (int i = 1; i <= 10_000; i++) {
      measurements.answered(QueryKind.FILTERED, i * MS, -1);
    }
    Figures filtered = measurements.figures(10_000 * MS).get(QueryKind.FILTERED.ordinal());
    assertEquals(new LatencyStats(10_000, 5_000.0, 9_500.0, 9_900.0, 10_000.0), filtered.latency());
    assertTrue(filtered.meanProcessingTimeMs().isEmpty(), "answers without processingTimeMs are not averaged");
  }
}
