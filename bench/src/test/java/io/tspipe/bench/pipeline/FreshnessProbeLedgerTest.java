package io.tspipe.bench.pipeline;

import io.tspipe.bench.pipeline.FreshnessProbeLedger.Pending;
import io.tspipe.bench.pipeline.FreshnessProbeLedger.Store;
import io.tspipe.bench.pipeline.ProbeEvents.Probe;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreshnessProbeLedgerTest {

  private static final long MS = 1_000_000L;
  private static final FreshnessProbeSettings SETTINGS = FreshnessProbeSettings.defaults();

  private final FreshnessProbeLedger ledger = new FreshnessProbeLedger(Duration.ofSeconds(30));

  /** A probe stamped {@code atMs} into the run, wall clock and monotonic clock alike. */
  private static Probe probe(long atMs) {
    return new Probe(UUID.randomUUID(), UUID.randomUUID(), 1_700_000_000_000L + atMs, atMs * MS);
  }

  @Test
  @DisplayName("each store asks for its outstanding probes by its own match value, from the oldest timestamp")
  void pendingNamesTheOutstandingProbes() {
    Probe first = probe(0);
    Probe second = probe(50);
    ledger.sent(first);
    ledger.sent(second);

    Pending clickHouse = ledger.pending(Store.CLICKHOUSE).orElseThrow();
    Pending search = ledger.pending(Store.SEARCH).orElseThrow();

    assertEquals(List.of(first.id().toString(), second.id().toString()), clickHouse.values());
    assertEquals(List.of(first.userId().toString(), second.userId().toString()), search.values());
    assertEquals(first.timestampMillis(), clickHouse.oldestTimestampMillis());
  }

  @Test
  @DisplayName("an interval between two marks holds only the probes found and lost in between, store by store")
  void intervalsCountFromTheirMark() {
    Probe early = probe(0);
    Probe late = probe(1_000);
    Probe lost = probe(2_000);
    ledger.sent(early);
    ledger.sent(late);
    ledger.sent(lost);
    ledger.found(Store.CLICKHOUSE, List.of(early.id().toString()), 300 * MS);

    FreshnessProbeLedger.Mark from = ledger.mark();
    ledger.found(Store.CLICKHOUSE, List.of(late.id().toString()), 1_800 * MS);
    ledger.expire(Store.CLICKHOUSE, 32_000 * MS);
    FreshnessProbeLedger.Mark to = ledger.mark();
    ledger.found(Store.SEARCH, List.of(early.userId().toString()), 40_000 * MS);
    FreshnessProbeLedger.Interval clickHouse = ledger.between(Store.CLICKHOUSE, from, to);
    FreshnessProbeLedger.Interval search = ledger.between(Store.SEARCH, from, to);

    assertEquals(1, clickHouse.freshness().count());
    assertEquals(800.0, clickHouse.freshness().p99());
    assertEquals(1, clickHouse.lost());
    assertEquals(0, search.freshness().count());
    assertEquals(0, search.lost());
  }

  @Test
  @DisplayName("a found probe's freshness is the finding poll's start minus its stamp, and it is asked for no more")
  void foundProbesRecordTheirFreshness() {
    Probe probe = probe(100);
    ledger.sent(probe);

    int found = ledger.found(Store.CLICKHOUSE, List.of(probe.id().toString()), 700 * MS);
    int again = ledger.found(Store.CLICKHOUSE, List.of(probe.id().toString()), 900 * MS);

    assertEquals(1, found);
    assertEquals(0, again);
    assertTrue(ledger.pending(Store.CLICKHOUSE).isEmpty());
    assertTrue(ledger.pending(Store.SEARCH).isPresent(), "search still owes it");
    FreshnessProbeResult result = ledger.result(1, SETTINGS);
    assertEquals(1, result.clickHouse().found());
    assertEquals(600.0, result.clickHouse().freshness().max());
    assertEquals(0, result.search().found());
  }

  @Test
  @DisplayName("values the store answers that match no outstanding probe are ignored")
  void unknownValuesAreIgnored() {
    Probe probe = probe(0);
    ledger.sent(probe);

    assertEquals(0, ledger.found(Store.SEARCH, List.of(UUID.randomUUID().toString(), probe.id().toString()), 10 * MS));
    assertEquals(1, ledger.found(Store.SEARCH, List.of(probe.userId().toString()), 10 * MS));
  }

  @Test
  @DisplayName("a probe not found by a poll that started a timeout after its stamp is lost to that store only")
  void probesAreLostAfterTheTimeout() {
    Probe probe = probe(0);
    ledger.sent(probe);
    ledger.found(Store.SEARCH, List.of(probe.userId().toString()), 2_000 * MS);

    int early = ledger.expire(Store.CLICKHOUSE, 29_999 * MS);
    int late = ledger.expire(Store.CLICKHOUSE, 30_000 * MS);

    assertEquals(0, early);
    assertEquals(1, late);
    assertTrue(ledger.settled());
    FreshnessProbeResult result = ledger.result(1, SETTINGS);
    assertEquals(1, result.clickHouse().lost());
    assertEquals(List.of(probe.id()), result.clickHouse().lostIds());
    assertEquals(0, result.search().lost());
    assertEquals(1, result.search().found());
  }

  @Test
  @DisplayName("a probe the broker refused is a send failure, owed by no store and never lost")
  void sendFailuresAreNotLosses() {
    Probe probe = probe(0);
    ledger.sent(probe);

    ledger.sendFailed(probe);
    ledger.expire(Store.CLICKHOUSE, 60_000 * MS);

    assertTrue(ledger.settled());
    FreshnessProbeResult result = ledger.result(1, SETTINGS);
    assertEquals(1, result.sent());
    assertEquals(1, result.sendFailures());
    assertEquals(0, result.clickHouse().lost());
  }

  @Test
  @DisplayName("what is still owed when the run ends is lost")
  void outstandingProbesAreLostAtTheEnd() {
    ledger.sent(probe(0));
    assertFalse(ledger.settled());

    ledger.abandonOutstanding();

    assertTrue(ledger.settled());
    FreshnessProbeResult result = ledger.result(1, SETTINGS);
    assertEquals(1, result.clickHouse().lost());
    assertEquals(1, result.search().lost());
  }

  @Test
  @DisplayName("percentiles are exact nearest-rank order statistics of every found probe")
  void percentilesOfFreshness() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      Probe probe = probe(0);
      ledger.sent(probe);
      ledger.found(Store.CLICKHOUSE, List.of(probe.id().toString()), i * 10 * MS);
      ids.add(probe.id().toString());
    }

    FreshnessProbeResult result = ledger.result(5, SETTINGS);

    assertEquals(100, result.clickHouse().found());
    assertEquals(500.0, result.clickHouse().freshness().p50());
    assertEquals(950.0, result.clickHouse().freshness().p95());
    assertEquals(990.0, result.clickHouse().freshness().p99());
    assertEquals(1_000.0, result.clickHouse().freshness().max());
  }

  @Test
  @DisplayName("polls, their failures and round trips, and broker acknowledgements are counted")
  void pollsAndAcknowledgementsAreCounted() {
    Probe probe = probe(0);
    ledger.sent(probe);
    ledger.acknowledged(probe, 3 * MS);
    ledger.polled(Store.SEARCH, 4 * MS, false);
    ledger.polled(Store.SEARCH, 8 * MS, true);

    FreshnessProbeResult result = ledger.result(1, SETTINGS);

    assertEquals(3.0, result.produceAck().max());
    assertEquals(2, result.search().polls());
    assertEquals(1, result.search().pollErrors());
    assertEquals(8.0, result.search().pollRoundTrip().max());
    assertEquals(0, result.clickHouse().polls());
    assertTrue(ledger.progressLine(5).startsWith("freshness-probe 5 s: 1 sent"), ledger.progressLine(5));
  }
}
