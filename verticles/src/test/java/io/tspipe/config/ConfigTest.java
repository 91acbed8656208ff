package io.tspipe.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

  @Test
  @DisplayName("environment overrides defaults and system properties override both, keeping each key's type")
  void layersOverrides() {
    Properties properties = new Properties();
    properties.setProperty("tspipe.worker.batchMaxRows", "500");
    JsonObject config = Config.load(Map.of(
      "TSPIPE_WORKER_BATCH_MAX_ROWS", "700",
      "TSPIPE_KAFKA_BOOTSTRAP_SERVERS", "broker:29092",
      "TSPIPE_GENERATOR_BAD_FRACTION", "0.1",
      "TSPIPE_GENERATOR_SCENARIOS", "[{\"scenario\": \"spam_wave\", \"startAfterSeconds\": 60}]"), properties);
    assertEquals(500, config.getJsonObject("worker").getInteger("batchMaxRows"));
    assertEquals("spam_wave", config.getJsonObject("generator").getJsonArray("scenarios").getJsonObject(0)
      .getString("scenario"), "an array is given as JSON text");
    assertEquals("broker:29092", config.getJsonObject("kafka").getString("bootstrapServers"));
    assertEquals(0.1, config.getJsonObject("generator").getDouble("badFraction"));
  }

  @Test
  @DisplayName("a value of the wrong type fails naming the key, and an unknown property key is refused")
  void refusesBadOverrides() {
    IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
      () -> Config.load(Map.of("TSPIPE_WORKER_BATCH_MAX_ROWS", "many"), new Properties()));
    assertTrue(wrongType.getMessage().contains("worker.batchMaxRows"), wrongType.getMessage());
    IllegalArgumentException notArray = assertThrows(IllegalArgumentException.class,
      () -> Config.load(Map.of("TSPIPE_GENERATOR_SCENARIOS", "spam_wave"), new Properties()));
    assertTrue(notArray.getMessage().contains("generator.scenarios"), notArray.getMessage());
    Properties typo = new Properties();
    typo.setProperty("tspipe.worker.batchMaxRow", "5");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Config.load(Map.of(), typo));
    assertTrue(unknown.getMessage().contains("tspipe.worker.batchMaxRow"), unknown.getMessage());
  }

  @Test
  @DisplayName("env names are the key in upper snake case behind TSPIPE_")
  void namesEnvironmentVariables() {
    assertEquals("TSPIPE_CLICKHOUSE_URL", Config.envName("clickhouse.url"));
    assertEquals("TSPIPE_GENERATOR_ATTACK_TOGGLE_INTERVAL_SECONDS", Config.envName("generator.attack.toggleIntervalSeconds"));
  }
}
