package io.tspipe.bench.pipeline;

import io.tspipe.truth.Scenario;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DetectionSweepTest {

  @Test
  @DisplayName("scenarios of a step run together while their intensities add up to at most half the events")
  void packsScenariosIntoRounds() {
    assertEquals(List.of(DetectionSweep.SCENARIOS), DetectionSweep.rounds(0.05));
    assertEquals(List.of(DetectionSweep.SCENARIOS), DetectionSweep.rounds(0.1));
    assertEquals(List.of(List.of(Scenario.CREDENTIAL_STUFFING, Scenario.ACCOUNT_TAKEOVER),
      List.of(Scenario.BRUTE_FORCE, Scenario.API_SCRAPING), List.of(Scenario.SPAM_WAVE)), DetectionSweep.rounds(0.2));
    assertEquals(5, DetectionSweep.rounds(0.6).size(), "one to a round above half");
  }
}
