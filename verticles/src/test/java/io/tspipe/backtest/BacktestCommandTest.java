package io.tspipe.backtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacktestCommandTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private static void assertFails(List<String> arguments, String message) {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
      () -> BacktestCommand.parse(arguments, NOW));
    assertTrue(failure.getMessage().contains(message), failure.getMessage());
  }

  @Test
  @DisplayName("the rules and the period, with defaults for the rest")
  void parses() {
    BacktestCommand.Request request = BacktestCommand.parse(List.of("--rules", "rules", "--from",
      "2026-12-07T10:00:00Z", "--json=out.json"), NOW).orElseThrow();
    assertEquals(Path.of("rules"), request.rules());
    assertEquals(NOW, request.to());
    assertEquals(Duration.ofSeconds(60), request.grace());
    assertEquals(2, request.concurrency());
    assertEquals(Path.of("out.json"), request.json());
    assertTrue(BacktestCommand.parse(List.of("--help"), NOW).isEmpty());
  }

  @Test
  @DisplayName("each problem names its argument")
  void refuses() {
    assertFails(List.of("--from", "2026-12-07T10:00:00Z"), "--rules is required");
    assertFails(List.of("--rules", "r"), "--from is required");
    assertFails(List.of("--rules", "r", "--from", "yesterday"), "--from: 'yesterday' is not");
    assertFails(List.of("--rules", "r", "--from", "2026-12-07T13:00:00Z"), "must be before --to");
    assertFails(List.of("--rules", "r", "--from", "2026-10-01T00:00:00Z"), "spans more than 31 days");
    assertFails(List.of("--rules", "r", "--from", "2026-12-07T10:00:00Z", "--grace-seconds", "-1"), "--grace-seconds");
    assertFails(List.of("--rules", "r", "--from", "2026-12-07T10:00:00Z", "--concurrency", "x"), "--concurrency");
    assertFails(List.of("--rules", "r", "--rules", "s"), "--rules is given twice");
    assertFails(List.of("--rules", "r", "--stride", "5"), "unknown argument '--stride'");
  }
}
