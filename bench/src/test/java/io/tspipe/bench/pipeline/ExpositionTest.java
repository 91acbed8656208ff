package io.tspipe.bench.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpositionTest {

  private static final String EXPOSITION = """
    # HELP jvm_memory_used_bytes The amount of used memory
    # TYPE jvm_memory_used_bytes gauge
    jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
    jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
    jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
    tspipe_generator_events_sent_total{type="api_request"} 1500.0
    tspipe_generator_events_sent_total{type="email_send"} 500.0
    tspipe_generator_rate_target 300.0
    tspipe_worker_lag_seconds NaN
    """;

  @Test
  @DisplayName("series of a metric are summed, narrowed by a label filter, NaN ignored, and an absent metric is 0")
  void sumsSeries() {
    assertEquals(12_582_912, Exposition.sum(EXPOSITION, "jvm_memory_used_bytes", "area=\"heap\""), 1e-6);
    assertEquals(2_000, Exposition.sum(EXPOSITION, "tspipe_generator_events_sent_total", ""), 1e-9);
    assertEquals(300, Exposition.sum(EXPOSITION, "tspipe_generator_rate_target", ""), 1e-9);
    assertEquals(0, Exposition.sum(EXPOSITION, "tspipe_worker_lag_seconds", ""), 1e-9);
    assertEquals(0, Exposition.sum(EXPOSITION, "tspipe_absent", ""), 1e-9);
  }

  @Test
  @DisplayName("series are summed by the value of one label, in order, those without it left out")
  void sumsByLabel() {
    String exposition = EXPOSITION + """
      tspipe_detector_evaluation_seconds_count{rule="login_failure_surge",other="a"} 10.0
      tspipe_detector_evaluation_seconds_count{other="b",rule="api_scraping"} 4.0
      tspipe_detector_evaluation_seconds_count{other="c",rule="api_scraping"} 1.0
      tspipe_detector_evaluation_seconds_count{other="d"} 7.0
      tspipe_detector_evaluation_seconds_count{rule="nan"} NaN
      """;
    assertEquals(Map.of("api_scraping", 5.0, "login_failure_surge", 10.0),
      Exposition.byLabel(exposition, "tspipe_detector_evaluation_seconds_count", "rule"));
    assertEquals(Map.of("heap", 12_582_912.0, "nonheap", 5.0E7),
      Exposition.byLabel(exposition, "jvm_memory_used_bytes", "area"));
  }
}
