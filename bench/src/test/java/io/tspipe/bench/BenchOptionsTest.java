package io.tspipe.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

  @Test
  @DisplayName("without arguments: the local web role, 30 s measured after 5 s of warm-up, 4 requests in flight")
  void defaults() {
    assertEquals(Optional.of(new BenchOptions("http://127.0.0.1:3000", 30, 5, 4, Optional.empty())),
      BenchOptions.parse(List.of()));
  }

  @Test
  @DisplayName("arguments come as separate or =-joined values, and the URL loses its trailing slash")
  void parsesBothForms() {
    BenchOptions options = BenchOptions.parse(List.of("--url", "http://web.internal:8080/", "--seconds=60",
      "--warmup", "0", "--concurrency=16", "--json", "out/search.json")).orElseThrow();
    assertEquals(new BenchOptions("http://web.internal:8080", 60, 0, 16, Optional.of(Path.of("out/search.json"))),
      options);
  }

  @Test
  @DisplayName("--help or -h anywhere asks for the usage text")
  void asksForHelp() {
    assertTrue(BenchOptions.parse(List.of("--seconds", "nonsense", "--help")).isEmpty());
    assertTrue(BenchOptions.parse(List.of("-h")).isEmpty());
  }

  @Test
  @DisplayName("an unknown, repeated, empty or out-of-range argument fails with a message naming it")
  void namesTheBadArgument() {
    assertFails(List.of("--secs", "3"), "unknown argument '--secs'");
    assertFails(List.of("30"), "unknown argument '30'");
    assertFails(List.of("--seconds", "3", "--seconds=4"), "--seconds is given twice");
    assertFails(List.of("--seconds"), "--seconds needs a value");
    assertFails(List.of("--json", "--seconds", "3"), "--json needs a value");
    assertFails(List.of("--url="), "--url needs a value");
    assertFails(List.of("--seconds", "0"), "--seconds: expected an integer from 1 to");
    assertFails(List.of("--warmup", "-1"), "--warmup: expected an integer from 0 to");
    assertFails(List.of("--concurrency", "many"), "--concurrency: expected an integer from 1 to 256, got 'many'");
    assertFails(List.of("--concurrency", "257"), "--concurrency: expected an integer from 1 to 256");
  }

  @Test
  @DisplayName("--url must be an http(s) base URL: a scheme, a host, no query")
  void refusesBadUrls() {
    assertFails(List.of("--url", "127.0.0.1:3000"), "--url: '127.0.0.1:3000' is not an http(s) base URL");
    assertFails(List.of("--url", "ftp://127.0.0.1"), "--url: 'ftp://127.0.0.1' is not an http(s) base URL");
    assertFails(List.of("--url", "http://127.0.0.1:3000/?x=1"),
      "--url: 'http://127.0.0.1:3000/?x=1' is not an http(s) base URL");
    assertFails(List.of("--url", "http://bad host"), "--url: 'http://bad host' is not an http(s) base URL");
  }

  private static void assertFails(List<String> arguments, String message) {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
      () -> BenchOptions.parse(arguments));
    assertTrue(failure.getMessage().startsWith(message), failure.getMessage());
  }
}
