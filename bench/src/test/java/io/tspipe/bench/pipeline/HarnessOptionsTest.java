package io.tspipe.bench.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HarnessOptionsTest {

  @Test
  @DisplayName("the defaults run every phase but detection, at 1k, 10k and max events/s for freshness")
  void defaults() {
    HarnessOptions options = HarnessOptions.parse(List.of()).orElseThrow();
    assertEquals(30, options.seconds());
    assertEquals(15, options.warmup());
    assertEquals(List.of(1_000, 10_000, HarnessOptions.MAX_RATE), options.freshnessRates());
    assertEquals(EnumSet.range(HarnessOptions.Phase.INGEST, HarnessOptions.Phase.SSE), options.phases());
    assertEquals(10_000, options.detectionRate());
    assertEquals(30, options.detectionSeconds());
    assertEquals(2_000, options.verdictRequests());
    assertEquals(new HarnessOptions.Sweep(List.of(0.01, 0.05, 0.2), 2_000, 12_000, 60, 70, 60), options.sweep());
    assertEquals(Path.of("bench/target/bench.json"), options.json());
  }

  @Test
  @DisplayName("the detection sweep takes its intensities as shares of the events, none for no sweep")
  void parsesTheSweep() {
    HarnessOptions.Sweep sweep = HarnessOptions.parse(List.of("--phases", "detection", "--detection-intensities",
      "0.02, 0.5", "--sweep-rate", "3000", "--sweep-seconds", "30", "--sweep-settle", "60", "--sweep-calm", "0"))
      .orElseThrow().sweep();
    assertEquals(new HarnessOptions.Sweep(List.of(0.02, 0.5), 3_000, 18_000, 30, 60, 0), sweep);
    assertTrue(HarnessOptions.parse(List.of("--detection-intensities", "none")).orElseThrow().sweep().intensities()
      .isEmpty());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of(
      "--detection-intensities", "0.05,5"))).getMessage().contains("'5'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of(
      "--detection-intensities", "five"))).getMessage().contains("'five'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of(
      "--sweep-settle", "30"))).getMessage().contains("--sweep-settle must be at least 60"), "the scorer's grace");
  }

  @Test
  @DisplayName("options take a value as the next argument or after '=', and phases narrow the run")
  void parsesValues() {
    HarnessOptions options = HarnessOptions.parse(List.of("--seconds", "30", "--freshness-rates=2000,max",
      "--phases", "ingest,limits", "--dashboard-events", "10_000_000")).orElseThrow();
    assertEquals(30, options.seconds());
    assertEquals(List.of(2_000, HarnessOptions.MAX_RATE), options.freshnessRates());
    assertTrue(options.runs(HarnessOptions.Phase.LIMITS));
    assertFalse(options.runs(HarnessOptions.Phase.SSE));
    assertEquals(10_000_000L, options.dashboardEvents());
    HarnessOptions detection = HarnessOptions.parse(List.of("--phases", "detection", "--detection-rate", "5000",
      "--verdict-requests=500")).orElseThrow();
    assertEquals(EnumSet.of(HarnessOptions.Phase.DETECTION), detection.phases());
    assertEquals(5_000, detection.detectionRate());
    assertEquals(500, detection.verdictRequests());
    HarnessOptions spike = HarnessOptions.parse(List.of("--phases", "streams-spike", "--spike-threads", "2"))
      .orElseThrow();
    assertEquals(EnumSet.of(HarnessOptions.Phase.STREAMS_SPIKE), spike.phases());
    assertEquals("streams-spike", HarnessOptions.Phase.STREAMS_SPIKE.label());
    assertEquals(2, spike.spikeThreads());
    assertEquals(1, detection.spikeThreads());
  }

  @Test
  @DisplayName("max freshness needs the ingest phase: left out of the default without it, refused when asked for")
  void maxFreshnessNeedsIngest() {
    assertEquals(List.of(1_000, 10_000),
      HarnessOptions.parse(List.of("--phases", "freshness")).orElseThrow().freshnessRates());
    assertEquals(List.of(5_000),
      HarnessOptions.parse(List.of("--phases", "freshness", "--freshness-rates", "5000")).orElseThrow().freshnessRates());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(
      List.of("--phases", "freshness,limits", "--freshness-rates", "1000,max")));
    assertTrue(refused.getMessage().contains("--freshness-rates max"), refused.getMessage());
  }

  @Test
  @DisplayName("--help asks for the usage; bad arguments are refused naming them")
  void refusesBadArguments() {
    assertTrue(HarnessOptions.parse(List.of("--help")).isEmpty());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of("--second", "3")))
      .getMessage().contains("--second"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of("--seconds", "0")))
      .getMessage().contains("--seconds"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of("--seconds", "x")))
      .getMessage().contains("--seconds"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of("--freshness-rates",
      "1000,fast"))).getMessage().contains("fast"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of("--phases", "warp")))
      .getMessage().contains("warp"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of("--json")))
      .getMessage().contains("--json"));
  }
}
