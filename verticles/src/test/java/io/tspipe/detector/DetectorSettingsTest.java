package io.tspipe.detector;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorSettingsTest {

  @Test
  void theRulesQueriesCarryThePriorityAndThreadsOnlyWhenSet() {
    assertEquals(Map.of("os_thread_priority", "10", "max_threads", "1"),
      DetectorSettings.from(new JsonObject()).querySettings());
    assertEquals(Map.of(), DetectorSettings.from(new JsonObject().put("queryPriority", 0).put("queryThreads", 0))
      .querySettings(), "0 leaves both to the server");
  }

  @Test
  void aPriorityOutsideNiceValuesIsRefusedNamingTheKey() {
    for (JsonObject bad : new JsonObject[] {new JsonObject().put("queryPriority", 20),
      new JsonObject().put("queryPriority", -1), new JsonObject().put("queryThreads", -2)}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DetectorSettings.from(bad));
      assertTrue(refused.getMessage().contains("queryPriority from 0 to 19"), refused.getMessage());
    }
  }
}
