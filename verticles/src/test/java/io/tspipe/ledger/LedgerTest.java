package io.tspipe.ledger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LedgerTest {

  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final Instant MINUTE = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant SETTLED = MINUTE.plus(Duration.ofMinutes(1)).plus(SETTLE);
  private static final Ledger.Partition P0 = new Ledger.Partition("api-requests", 0);
  private static final Ledger.Partition P1 = new Ledger.Partition("api-requests", 1);

  private static Ledger.Range range(Ledger.Partition partition, Instant minute, long from, long to, long stored,
                                    long rejected, long duplicates, long offsets) {
    return new Ledger.Range(partition, minute, from, to, minute, stored, rejected, duplicates, offsets);
  }

  @Test
  @DisplayName("a range whose every offset is stored, rejected or recognised once balances, once settled")
  void balances() {
    Ledger.Entry entry = Ledger.account(range(P0, MINUTE, 100, 200, 90, 6, 4, 100), new Ledger.Committed(200, 180),
      SETTLED, SETTLE);
    assertEquals(Ledger.State.BALANCED, entry.state());
    assertEquals(new Ledger.Counts(100, 100, 90, 6, 4, 80, 0, 0, 0), entry.counts());
    assertEquals(0, entry.counts().difference());
  }

  @Test
  @DisplayName("within the settle time a range is pending, whatever it holds; after it, behind until the worker commits"
    + " past its end")
  void pendingThenBehind() {
    Ledger.Range empty = range(P0, MINUTE, 100, 200, 0, 0, 0, 0);
    assertEquals(Ledger.State.PENDING,
      Ledger.account(empty, new Ledger.Committed(200, 200), SETTLED.minusMillis(1), SETTLE).state());
    Ledger.Entry behind = Ledger.account(empty, new Ledger.Committed(150, 120), SETTLED, SETTLE);
    assertEquals(Ledger.State.BEHIND, behind.state());
    assertEquals(new Ledger.Counts(100, 50, 0, 0, 0, 20, 0, 0, 100), behind.counts());
  }

  @Test
  @DisplayName("a settled range missing offsets is lost, by how many; one with an offset stored twice is duplicated")
  void lostAndDuplicated() {
    Ledger.Committed committed = new Ledger.Committed(500, 500);
    Ledger.Entry lost = Ledger.account(range(P0, MINUTE, 100, 200, 97, 0, 0, 97), committed, SETTLED, SETTLE);
    assertEquals(Ledger.State.LOST, lost.state());
    assertEquals(3, lost.counts().lost());
    assertEquals(3, lost.counts().difference());
    Ledger.Entry duplicated = Ledger.account(range(P0, MINUTE, 100, 200, 101, 0, 0, 100), committed, SETTLED, SETTLE);
    assertEquals(Ledger.State.DUPLICATED, duplicated.state());
    assertEquals(1, duplicated.counts().duplicated());
    assertEquals(-1, duplicated.counts().difference());
    Ledger.Entry both = Ledger.account(range(P0, MINUTE, 100, 200, 99, 1, 0, 98), committed, SETTLED, SETTLE);
    assertEquals(Ledger.State.LOST, both.state(), "a loss outweighs a duplicate");
    assertEquals(2, both.counts().lost());
    assertEquals(2, both.counts().duplicated());
  }

  @Test
  @DisplayName("a report sums per minute and per partition, newest range first, each sum as alarming as its worst part")
  void sums() {
    Instant next = MINUTE.plus(Duration.ofMinutes(1));
    Ledger.Report report = Ledger.report(List.of(
        range(P0, MINUTE, 0, 10, 10, 0, 0, 10),
        range(P1, MINUTE, 0, 5, 4, 0, 0, 4),
        range(P0, next, 10, 30, 20, 0, 0, 20)),
      Map.of(P0, new Ledger.Committed(30, 30), P1, new Ledger.Committed(5, 5)), next.plus(Duration.ofMinutes(1)).plus(SETTLE),
      SETTLE);
    assertEquals(List.of(next, MINUTE, MINUTE), report.entries().stream().map(entry -> entry.range().minute()).toList());
    assertEquals(Ledger.State.LOST, report.state());
    assertEquals(new Ledger.Counts(35, 35, 34, 0, 0, 35, 1, 0, 0), report.totals());
    assertEquals(List.of(MINUTE, next), report.minutes().stream().map(Ledger.Sum::key).toList());
    assertEquals(Ledger.State.LOST, report.minutes().get(0).state());
    assertEquals(Ledger.State.BALANCED, report.minutes().get(1).state());
    assertEquals(List.of(P0, P1), report.partitions().stream().map(Ledger.Sum::key).toList());
    assertEquals(30, report.partitions().get(0).counts().produced());
    assertEquals(Ledger.State.LOST, report.partitions().get(1).state());
  }

  @Test
  @DisplayName("a partition nobody has committed on yet is behind once settled, never lost")
  void neverCommitted() {
    Ledger.Report report = Ledger.report(List.of(range(P0, MINUTE, 0, 10, 0, 0, 0, 0)), Map.of(), SETTLED, SETTLE);
    assertEquals(Ledger.State.BEHIND, report.state());
    assertEquals(0, report.totals().lost());
    assertEquals(10, report.totals().unsettled());
  }
}
