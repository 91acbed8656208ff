package io.tspipe.reindex;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReindexCommandTest {

  private static final Instant NOW = Instant.parse("2025-06-02T12:00:00Z");

  @Test
  @DisplayName("--from and --to are ISO-8601 instants, as separate or =-joined values, with any offset")
  void parsesTheRange() {
    List<String> arguments = List.of("--from", "2025-06-01T00:00:00Z", "--to=2025-06-01T08:00:00+02:00");
    ReindexRange expected = new ReindexRange(Instant.parse("2025-06-01T00:00:00Z"),
      Instant.parse("2025-06-01T06:00:00Z"));
    assertEquals(Optional.of(expected), ReindexCommand.parse(arguments, NOW));
  }

  @Test
  @DisplayName("--to defaults to now")
  void endsNowByDefault() {
    ReindexRange range = ReindexCommand.parse(List.of("--from=2025-06-01T00:00:00.250Z"), NOW).orElseThrow();
    assertEquals(Instant.parse("2025-06-01T00:00:00.250Z"), range.from());
    assertEquals(NOW, range.to());
  }

  @Test
  @DisplayName("both ends are rounded up to the millisecond, so the same millisecond-stamped events fall inside")
  void roundsUpToTheMillisecond() {
    ReindexRange range = ReindexCommand.parse(List.of("--from", "2025-06-01T00:00:00.1234Z", "--to",
      "2025-06-01T00:00:01.0001Z"), NOW).orElseThrow();
    assertEquals(Instant.parse("2025-06-01T00:00:00.124Z"), range.from());
    assertEquals(Instant.parse("2025-06-01T00:00:01.001Z"), range.to());
    assertEquals("2025-06-01 00:00:00.124", range.fromParameter());
  }

  @Test
  @DisplayName("--help anywhere asks for the usage text instead of a range")
  void asksForHelp() {
    assertTrue(ReindexCommand.parse(List.of("--from", "nonsense", "--help"), NOW).isEmpty());
    assertTrue(ReindexCommand.parse(List.of("-h"), NOW).isEmpty());
  }

  @Test
  @DisplayName("a missing, empty, repeated or unparsable --from or --to fails with a message naming it")
  void namesTheBadArgument() {
    assertFails(List.of(), "--from is required");
    assertFails(List.of("--to", "2025-06-01T00:00:00Z"), "--from is required");
    assertFails(List.of("--from"), "--from needs a value");
    assertFails(List.of("--from", "--to", "2025-06-01T00:00:00Z"), "--from needs a value");
    assertFails(List.of("--from="), "--from needs a value");
    assertFails(List.of("--from", "yesterday"), "--from: 'yesterday' is not an ISO-8601 instant");
    assertFails(List.of("--from", "2025-06-01T00:00:00Z", "--to", "2025-06-01"), "--to: '2025-06-01' is not");
    assertFails(List.of("--from", "2025-06-01T00:00:00Z", "--from", "2025-06-01T00:00:00Z"), "--from is given twice");
  }

  @Test
  @DisplayName("an unknown argument is refused, and so is a range whose start is not before its end")
  void refusesUnknownArgumentsAndEmptyRanges() {
    assertFails(List.of("--from", "2025-06-01T00:00:00Z", "--index", "x"), "unknown argument '--index'");
    assertFails(List.of("2025-06-01T00:00:00Z"), "unknown argument '2025-06-01T00:00:00Z'");
    assertFails(List.of("--from", "2025-06-01T00:00:00Z", "--to", "2025-06-01T00:00:00Z"), "must be before --to");
    assertFails(List.of("--from", "2025-06-03T00:00:00Z"), "must be before --to (2025-06-02T12:00:00Z, now)");
  }

  private static void assertFails(List<String> arguments, String message) {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
      () -> ReindexCommand.parse(arguments, NOW));
    assertTrue(failure.getMessage().contains(message), "'" + failure.getMessage() + "' should say '" + message + "'");
  }
}
