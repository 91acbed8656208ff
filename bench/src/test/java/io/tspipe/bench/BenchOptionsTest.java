package io.tspipe.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

  @Test
  @DisplayName("without arguments: the search mix against the local web role, 30 s measured after 5 s of warm-up, "
    + "4 requests in flight, no API key")
  void defaults() {
    assertEquals(Optional.of(new BenchOptions("http://127.0.0.1:3000", 30, 5, 4, Optional.empty(), Mix.SEARCH,
      Optional.empty())), BenchOptions.parse(List.of()));
  }

  @Test
  @DisplayName("arguments come as separate or =-joined values, and the URL loses its trailing slash")
  void parsesBothForms() {
    BenchOptions options = BenchOptions.parse(List.of("--url", "http://web.internal:8080/", "--seconds=60",
      "--warmup", "0", "--concurrency=16", "--json", "out/search.json", "--mix", "dashboard",
      "--api-key=k3y-with=sign")).orElseThrow();
    assertEquals(new BenchOptions("http://web.internal:8080", 60, 0, 16, Optional.of(Path.of("out/search.json")),
      Mix.DASHBOARD, Optional.of("k3y-with=sign")), options);
  }

  @Test
  @DisplayName("--mix names the search or the dashboard mix")
  void parsesTheMix() {
    assertEquals(Mix.SEARCH, BenchOptions.parse(List.of("--mix", "search")).orElseThrow().mix());
    assertEquals(Mix.DASHBOARD, BenchOptions.parse(List.of("--mix=dashboard")).orElseThrow().mix());
    assertFails(List.of("--mix", "Dashboard"), "--mix: expected search or dashboard, got 'Dashboard'");
    assertFails(List.of("--mix", "dashboard", "--mix", "search"), "--mix is given twice");
    assertFails(List.of("--mix"), "--mix needs a value");
  }

  @Test
  @DisplayName("--api-key takes the key to send, never shown, not even when it is refused")
  void parsesTheApiKey() {
    BenchOptions options = BenchOptions.parse(List.of("--api-key", "ops:s3cr3t value")).orElseThrow();
    assertEquals(Optional.of("ops:s3cr3t value"), options.apiKey());
    assertFalse(options.toString().contains("s3cr3t"), options.toString());
    assertFails(List.of("--api-key"), "--api-key needs a value");
    assertFails(List.of("--api-key", "--seconds", "3"), "--api-key needs a value");
    assertFails(List.of("--api-key", "a", "--api-key=b"), "--api-key is given twice");
    for (String bad : List.of("s3cr3t\r\nX-Other: 1", " s3cr3t", "s3cr3t\t", "s3cr3té")) {
      IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> BenchOptions.parse(List.of("--api-key", bad)));
      assertTrue(failure.getMessage().startsWith("--api-key: the key must be printable ASCII"), failure.getMessage());
      assertFalse(failure.getMessage().contains("s3cr3t"), failure.getMessage());
    }
  }

  @Test
  @DisplayName("the usage text names every option")
  void usageNamesEveryOption() {
    for (String option : List.of("--url", "--mix search|dashboard", "--seconds", "--warmup", "--concurrency",
      "--api-key <key>", "--json <file>", "X-API-Key")) {
      assertTrue(BenchOptions.USAGE.contains(option), option);
    }
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
