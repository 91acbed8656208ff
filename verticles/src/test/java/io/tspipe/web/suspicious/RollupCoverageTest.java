package io.tspipe.web.suspicious;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RollupCoverageTest {

  private static final Duration SKEW = Duration.ofSeconds(300);
  private static final Instant FROM = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-24T10:15:00Z");

  @Test
  @DisplayName("the rollups start at the migration's applied_at plus the future skew, rounded up to the minute")
  void startsAtAppliedAtPlusSkewRoundedUp() {
    assertEquals(Instant.parse("2026-11-24T10:06:00Z"),
      RollupCoverage.start(Instant.parse("2026-11-24T10:00:00.001Z"), SKEW));
    assertEquals(Instant.parse("2026-11-24T10:06:00Z"),
      RollupCoverage.start(Instant.parse("2026-11-24T10:00:59.999Z"), SKEW));
    assertEquals(Instant.parse("2026-11-24T10:05:00Z"), RollupCoverage.start(Instant.parse("2026-11-24T10:00:00Z"), SKEW));
    assertEquals(Instant.parse("2026-11-24T10:01:00Z"),
      RollupCoverage.start(Instant.parse("2026-11-24T10:00:30Z"), Duration.ZERO));
  }

  @Test
  @DisplayName("a window turns to rollups at their start when it falls inside, else is all raw or all rollups")
  void splitsAWindowAtTheStart() {
    Instant inside = Instant.parse("2026-11-24T10:07:00Z");
    assertEquals(inside, RollupCoverage.split(FROM, TO, Optional.of(inside)));
    assertEquals(FROM, RollupCoverage.split(FROM, TO, Optional.of(FROM)));
    assertEquals(FROM, RollupCoverage.split(FROM, TO, Optional.of(FROM.minusSeconds(3600))));
    assertEquals(TO, RollupCoverage.split(FROM, TO, Optional.of(TO)));
    assertEquals(TO, RollupCoverage.split(FROM, TO, Optional.of(TO.plusSeconds(60))));
    assertEquals(TO, RollupCoverage.split(FROM, TO, Optional.empty()));
  }
}
