package io.tspipe.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementsTest {

  private static final long MS = 1_000_000;

  @Test
  @DisplayName("one row per search kind, then all searches together, then the entity profile apart")
  void rows() {
    Measurements measurements = new Measurements();
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
  @DisplayName("every sample is kept, however many there are")
  void keepsEverySample() {
    Measurements measurements = new Measurements();
    for (int i = 1; i <= 10_000; i++) {
      measurements.answered(QueryKind.FILTERED, i * MS, -1);
    }
    Figures filtered = measurements.figures(10_000 * MS).get(QueryKind.FILTERED.ordinal());
    assertEquals(new LatencyStats(10_000, 5_000.0, 9_500.0, 9_900.0, 10_000.0), filtered.latency());
    assertTrue(filtered.meanProcessingTimeMs().isEmpty(), "answers without processingTimeMs are not averaged");
  }
}
