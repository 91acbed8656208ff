package io.tspipe.grafana;

import io.tspipe.grafana.GrafanaMacros.Range;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrafanaMacrosTest {

  private static final Instant FROM = Instant.parse("2026-11-24T09:59:30.250Z");
  private static final Instant TO = Instant.parse("2026-11-24T10:59:30.750Z");
  private static final Range HOUR = new Range(FROM, TO, Duration.ofSeconds(120));

  @Test
  @DisplayName("$__timeFilter(col) bounds the column by the range's whole seconds, both ends included")
  void timeFilter() {
    assertEquals("WHERE minute >= toDateTime(1795514370) AND minute <= toDateTime(1795517970)",
      GrafanaMacros.expand("WHERE $__timeFilter(minute)", HOUR));
    assertEquals("ts >= toDateTime(1795514370) AND ts <= toDateTime(1795517970)",
      GrafanaMacros.expand("$__timeFilter( ts )", HOUR), "the argument is trimmed");
  }

  @Test
  @DisplayName("the _ms variants keep milliseconds with fromUnixTimestamp64Milli")
  void millisecondVariants() {
    assertEquals("t >= fromUnixTimestamp64Milli(1795514370250) AND t <= fromUnixTimestamp64Milli(1795517970750)",
      GrafanaMacros.expand("$__timeFilter_ms(t)", HOUR));
    assertEquals("fromUnixTimestamp64Milli(1795514370250) fromUnixTimestamp64Milli(1795517970750)",
      GrafanaMacros.expand("$__fromTime_ms $__toTime_ms", HOUR));
    assertEquals("toStartOfInterval(toDateTime64(t, 3), INTERVAL 120000 millisecond)",
      GrafanaMacros.expand("$__timeInterval_ms(t)", HOUR));
  }

  @Test
  @DisplayName("$__fromTime and $__toTime are the range's ends as DateTime in whole seconds")
  void rangeEnds() {
    assertEquals("minute >= toDateTime(1795517970) - INTERVAL 1 DAY AND x < toDateTime(1795514370)",
      GrafanaMacros.expand("minute >= $__toTime - INTERVAL 1 DAY AND x < $__fromTime", HOUR));
  }

  @Test
  @DisplayName("$__timeInterval(col) buckets by the interval in seconds and $__interval_s is that number")
  void interval() {
    assertEquals("SELECT toStartOfInterval(toDateTime(minute), INTERVAL 120 second) AS time, x / greatest(120, 60)",
      GrafanaMacros.expand("SELECT $__timeInterval(minute) AS time, x / greatest($__interval_s, 60)", HOUR));
  }

  @Test
  @DisplayName("an interval under a second counts as one second, as the plugin rounds it")
  void subSecondInterval() {
    Range range = new Range(FROM, TO, Duration.ofMillis(400));
    assertEquals("1 toStartOfInterval(toDateTime(m), INTERVAL 1 second)",
      GrafanaMacros.expand("$__interval_s $__timeInterval(m)", range));
  }

  @Test
  @DisplayName("$__dateFilter and $__dateTimeFilter (alias $__dt) bound the days and the seconds")
  void dateFilters() {
    assertEquals("d >= toDate('2026-11-24') AND d <= toDate('2026-11-24')", GrafanaMacros.expand("$__dateFilter(d)", HOUR));
    String both = "(d >= toDate('2026-11-24') AND d <= toDate('2026-11-24')) AND "
      + "(t >= toDateTime(1795514370) AND t <= toDateTime(1795517970))";
    assertEquals(both, GrafanaMacros.expand("$__dateTimeFilter(d, t)", HOUR));
    assertEquals(both, GrafanaMacros.expand("$__dt(d,t)", HOUR));
  }

  @Test
  @DisplayName("every occurrence is expanded, and text without macros is left as it is")
  void everyOccurrence() {
    String sql = "SELECT 1 WHERE $__timeFilter(a) AND $__timeFilter(b) AND c = '$'";
    String expanded = GrafanaMacros.expand(sql, HOUR);
    assertEquals(2, expanded.split("toDateTime\\(1795514370\\)", -1).length - 1);
    assertTrue(expanded.endsWith("AND c = '$'"));
    assertEquals("SELECT count() FROM events", GrafanaMacros.expand("SELECT count() FROM events", HOUR));
  }

  @Test
  @DisplayName("an unknown $__ macro, a template variable or a wrong argument count is refused")
  void refusesWhatGrafanaWouldFill() {
    for (String sql : new String[] {"SELECT $__interval", "WHERE $__timeFilter_s(t)", "WHERE type = '$type'",
      "WHERE type IN (${types})", "WHERE type = '[[type]]'", "WHERE $__timeFilter(a, b)", "WHERE $__timeFilter",
      "WHERE $__dt(d)", "GROUP BY $__timeInterval()"}) {
      assertThrows(IllegalArgumentException.class, () -> GrafanaMacros.expand(sql, HOUR), sql);
    }
  }

  @Test
  @DisplayName("a range may not end before it starts")
  void refusesAnInvertedRange() {
    assertThrows(IllegalArgumentException.class, () -> new Range(TO, FROM, Duration.ofMinutes(1)));
  }
}
