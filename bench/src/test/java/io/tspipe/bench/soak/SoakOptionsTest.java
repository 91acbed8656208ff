package io.tspipe.bench.soak;

import io.tspipe.bench.soak.SoakOptions.DuplicateWindow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakOptionsTest {

  /** The worker's and indexer's defaults: ids of the last 10 minutes, at most a million. */
  private static final DuplicateWindow WINDOW = new DuplicateWindow(600, 1_000_000);

  private static SoakOptions parse(String... args) {
    return SoakOptions.parse(List.of(args), WINDOW).orElseThrow();
  }

  private static String refusal(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(List.of(args), WINDOW)).getMessage();
  }

  @Test
  @DisplayName("by default 30 minutes at 5,000 events/s, the first 5 a warm-up: the windows fill in 200 s, plus one")
  void defaults() {
    SoakOptions options = parse();

    assertEquals(30, options.minutes());
    assertEquals(5_000, options.rate());
    assertEquals(5, options.warmupMinutes());
    assertEquals(25, options.judgedMinutes());
    assertEquals(20, options.probeRate());
    assertEquals(10, options.sseSubscribers());
    assertEquals(5, options.dashboardInterval());
    assertEquals(Path.of("bench/target/soak.json"), options.report());
    assertEquals(Path.of("bench/target/soak-data"), options.dataDir());
    assertEquals(39_300, options.basePort());
  }

  @Test
  @DisplayName("at a lower rate the default warm-up waits longer for the windows to fill, at most their 10 minutes")
  void warmupFollowsTheRate() {
    assertEquals(10, parse("--rate", "2000").warmupMinutes());
    assertEquals(11, parse("--rate", "100").warmupMinutes());
    assertEquals(2, parse("--rate", "100000").warmupMinutes());
  }

  @Test
  @DisplayName("the warm-up is said in words")
  void warmupInWords() {
    assertEquals("no warm-up", parse("--minutes", "3").warmupInWords());
    assertEquals("the first minute, a warm-up", parse("--minutes", "4", "--warmup-minutes", "1").warmupInWords());
    assertEquals("the first 5 minutes, a warm-up", parse().warmupInWords());
  }

  @Test
  @DisplayName("a short run's default warm-up leaves three minutes to judge")
  void shortRunsKeepThreeJudgedMinutes() {
    assertEquals(0, parse("--minutes", "3", "--rate", "2000").warmupMinutes());
    assertEquals(2, parse("--minutes", "5").warmupMinutes());
  }

  @Test
  @DisplayName("values are read as --name value or --name=value, with underscores as digit separators")
  void bothForms() {
    SoakOptions options = parse("--minutes=60", "--rate", "10_000", "--warmup-minutes", "8", "--report=r.json",
      "--sse-subscribers", "0", "--dashboard-interval=0", "--probe-rate", "50", "--data-dir", "elsewhere/soak-data",
      "--base-port", "40000");

    assertEquals(60, options.minutes());
    assertEquals(10_000, options.rate());
    assertEquals(8, options.warmupMinutes());
    assertEquals(Path.of("r.json"), options.report());
    assertEquals(0, options.sseSubscribers());
    assertEquals(0, options.dashboardInterval());
    assertEquals(50, options.probeRate());
    assertEquals(Path.of("elsewhere/soak-data"), options.dataDir());
    assertEquals(40_000, options.basePort());
  }

  @Test
  @DisplayName("--help and -h ask for the usage")
  void help() {
    assertTrue(SoakOptions.parse(List.of("--help"), WINDOW).isEmpty());
    assertTrue(SoakOptions.parse(List.of("--minutes", "5", "-h"), WINDOW).isEmpty());
  }

  @Test
  @DisplayName("unknown, repeated and valueless arguments are refused by name")
  void badArguments() {
    assertTrue(refusal("--seconds", "30").startsWith("unknown argument '--seconds'; known: --base-port"));
    assertEquals("--rate is given twice", refusal("--rate", "1", "--rate", "2"));
    assertEquals("--minutes needs a value", refusal("--minutes"));
    assertEquals("--minutes needs a value", refusal("--minutes", "--rate", "5"));
  }

  @Test
  @DisplayName("numbers out of range are refused with the range")
  void outOfRange() {
    assertEquals("--minutes takes a whole number from 3 to 10080, not '2'", refusal("--minutes", "2"));
    assertEquals("--rate takes a whole number from 1 to 1000000, not 'fast'", refusal("--rate", "fast"));
    assertEquals("--base-port takes a whole number from 1024 to 65000, not '80'", refusal("--base-port", "80"));
  }

  @Test
  @DisplayName("a warm-up that leaves fewer than three minutes to judge is refused")
  void warmupTooLong() {
    assertEquals("--warmup-minutes 8 leaves 2 of --minutes 10 to judge; at least 3 are needed",
      refusal("--minutes", "10", "--warmup-minutes", "8"));
  }
}
