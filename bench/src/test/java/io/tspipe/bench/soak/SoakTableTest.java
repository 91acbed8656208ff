package io.tspipe.bench.soak;

import io.tspipe.bench.soak.SoakOptions.DuplicateWindow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakTableTest {

  @Test
  @DisplayName("a minute's block names it, its rates, one line per role, the lags, freshness and the dashboard")
  void minuteBlock() {
    String block = SoakTable.minute(SoakVerdictTest.minute(2, true, 200, 512), 30);

    List<String> lines = block.lines().toList();
    assertEquals("soak: minute 2 of 30 (warm-up): 120,000 events stored, 1,000/s (generator 1,000/s); 118,000"
      + " documents indexed", lines.get(0));
    assertTrue(lines.get(1).startsWith("  role "), lines.get(1));
    assertTrue(lines.stream().anyMatch(line -> line.matches("  worker\\s+200\\.0 MiB\\s+40\\s+200\\s+0\\.50")), block);
    assertTrue(lines.contains("  consumer lag: worker 512, indexer 2,000 records; detector 3.5 s behind"), block);
    assertTrue(lines.contains("  freshness p50 / p99: to ClickHouse 300 ms / 800 ms (1,200 found, 0 lost); to search"
      + " 300 ms / 800 ms (1,200 found, 0 lost)"), block);
    assertTrue(lines.contains("  dashboard: 12 requests, 0 errors, p50 / p99 20 ms / 60 ms"), block);
  }

  @Test
  @DisplayName("the verdict gives each series' thirds and trend, each check, and the outcome with what failed")
  void verdict() {
    SoakOptions options = SoakOptions.parse(List.of("--minutes", "12", "--warmup-minutes", "3"),
      new DuplicateWindow(600, 1_000_000)).orElseThrow();
    SoakVerdict verdict = SoakVerdict.of(
      SoakVerdictTest.run(12, index -> SoakVerdictTest.minute(index, index <= 3, 200 + 10 * index, 500)),
      Series.of(SoakVerdictTest.ROLES, SoakVerdictTest.RATE), SoakVerdictTest.RATE, Optional.empty(), false);

    String text = SoakTable.verdict(verdict, options);

    assertTrue(text.startsWith("soak: == verdict over minutes 4-12 (the first 3 minutes, a warm-up, not judged)"), text);
    assertTrue(text.lines().anyMatch(line -> line.matches(
      "  worker heap live\\s+250\\.0 MiB\\s+310\\.0 MiB  growing \\(\\+214%/h\\)")), text);
    assertTrue(text.lines().anyMatch(line -> line.matches("  web threads\\s+30\\s+30  flat \\(\\+0\\.0%/h\\)")), text);
    assertTrue(text.contains("  kept up: passed (in the last minute the worker was 500 and the indexer 2,000 records"
      + " behind; at most 60,000 (60 s of events))"), text);
    assertTrue(text.endsWith("soak: FAILED: worker heap live growing" + System.lineSeparator()), text);
  }

  @Test
  @DisplayName("a figure that could not be read prints as a dash")
  void missingFigure() {
    assertEquals("-", SoakTable.figure(Double.NaN, "MiB"));
    assertEquals("1,234.5 MiB", SoakTable.figure(1234.5, "MiB"));
    assertEquals("12,345", SoakTable.figure(12_345, "records"));
  }
}
