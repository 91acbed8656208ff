package io.tspipe.ledger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LedgerMetersTest {

  private static final Instant MINUTE = Instant.parse("2026-12-07T10:00:00Z");
  private static final Ledger.Partition P0 = new Ledger.Partition("api-requests", 0);
  private static final Ledger.Partition P1 = new Ledger.Partition("api-requests", 1);

  private static Ledger.Report report(long storedOfP1) {
    return Ledger.report(List.of(
        new Ledger.Range(P0, MINUTE, 0, 10, MINUTE, 10, 0, 0, 10),
        new Ledger.Range(P1, MINUTE, 0, 10, MINUTE, storedOfP1, 0, 0, Math.min(storedOfP1, 10))),
      Map.of(P0, new Ledger.Committed(10, 8), P1, new Ledger.Committed(10, 10)), MINUTE.plus(Duration.ofMinutes(5)),
      Duration.ofMinutes(2));
  }

  @Test
  @DisplayName("lost and duplicated records per partition, records per stage per topic, and a partition back to 0 once"
    + " its loss leaves the window")
  void gauges() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LedgerMeters meters = new LedgerMeters(registry);
    meters.update(report(7), 1_000);
    assertEquals(0, registry.get("tspipe.ledger.lost.records").tags("topic", "api-requests", "partition", "0").gauge().value());
    assertEquals(3, registry.get("tspipe.ledger.lost.records").tags("topic", "api-requests", "partition", "1").gauge().value());
    assertEquals(20, registry.get("tspipe.ledger.records").tags("topic", "api-requests", "stage", "produced").gauge().value());
    assertEquals(17, registry.get("tspipe.ledger.records").tags("topic", "api-requests", "stage", "stored").gauge().value());
    assertEquals(18, registry.get("tspipe.ledger.records").tags("topic", "api-requests", "stage", "indexed").gauge().value());
    assertEquals(1_000, registry.get("tspipe.ledger.last.check.seconds").gauge().value());

    meters.update(report(12), 2_000);
    assertEquals(0, registry.get("tspipe.ledger.lost.records").tags("topic", "api-requests", "partition", "1").gauge().value());
    assertEquals(2, registry.get("tspipe.ledger.duplicated.records").tags("topic", "api-requests", "partition", "1").gauge().value());

    meters.update(Ledger.report(List.of(), Map.of(), MINUTE, Duration.ZERO), 3_000);
    assertEquals(0, registry.get("tspipe.ledger.duplicated.records").tags("topic", "api-requests", "partition", "1").gauge().value());
    assertEquals(0, registry.get("tspipe.ledger.records").tags("topic", "api-requests", "stage", "produced").gauge().value());
  }
}
