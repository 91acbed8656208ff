package io.tspipe.generator;

import io.tspipe.config.Config;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorSettingsTest {

  @Test
  @DisplayName("the defaults file and the code's defaults agree on every generator key")
  void defaultsAgree() {
    GeneratorSettings fromFile = GeneratorSettings.from(Config.defaults().getJsonObject("generator"));
    assertEquals(GeneratorSettings.from(new JsonObject()), fromFile);
    assertEquals(50, fromFile.ratePerSecond());
    assertEquals(1000, fromFile.users());
    assertEquals(500, fromFile.ips());
    assertEquals(AttackMode.AUTO, fromFile.attack().mode());
    assertEquals(Duration.ofMinutes(5), fromFile.attack().toggleInterval());
    assertEquals(0.2, fromFile.attack().probability());
    assertEquals(Duration.ofSeconds(10), fromFile.progressInterval());
  }

  @Test
  @DisplayName("environment overrides reach the generator, e.g. a firehose rate and a forced attack")
  void overrides() {
    JsonObject config = Config.load(Map.of(
      "TSPIPE_GENERATOR_RATE_PER_SECOND", "100000",
      "TSPIPE_GENERATOR_ATTACK_MODE", "on",
      "TSPIPE_GENERATOR_SEED", "7"), new Properties());
    GeneratorSettings settings = GeneratorSettings.from(config.getJsonObject("generator"));
    assertEquals(100_000, settings.ratePerSecond());
    assertEquals(AttackMode.ON, settings.attack().mode());
    assertEquals(7, settings.seed());
  }

  @Test
  @DisplayName("an unknown attack mode is refused with the allowed values named")
  void unknownModeRefused() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
      () -> GeneratorSettings.from(new JsonObject().put("attack", new JsonObject().put("mode", "sometimes"))));
    assertTrue(error.getMessage().contains("on, off, auto"), error.getMessage());
  }

  @Test
  @DisplayName("nonsense numbers are refused at start-up, naming the key")
  void nonsenseRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class,
      () -> GeneratorSettings.from(new JsonObject().put("ratePerSecond", 0))).getMessage().contains("ratePerSecond"));
    assertTrue(assertThrows(IllegalArgumentException.class,
      () -> GeneratorSettings.from(new JsonObject().put("badFraction", 0.7).put("duplicateFraction", 0.7)))
      .getMessage().contains("badFraction"));
    assertTrue(assertThrows(IllegalArgumentException.class,
      () -> GeneratorSettings.from(new JsonObject().put("ips", 5))).getMessage().contains("ips"));
  }

  @Test
  @DisplayName("scheduled runs are read as start requests; a bad one names its place and field, as does a bad simulated start")
  void scenariosAndSimulatedTime() {
    GeneratorSettings settings = GeneratorSettings.from(new JsonObject()
      .put("scenarios", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("scenario", "spam_wave").put("startAfterSeconds", 600).put("accounts", 10))
        .add(new JsonObject().put("scenario", "brute_force")))
      .put("simulated", new JsonObject().put("enabled", true).put("start", "2026-11-01T00:00:00Z")
        .put("durationSeconds", 86_400)));
    assertEquals("brute_force", settings.scenarios().get(0).request().scenario().wireName(), "sorted by start");
    assertEquals(Duration.ofMinutes(10), settings.scenarios().get(1).startAfter());
    assertEquals(10, settings.scenarios().get(1).request().integer("accounts"));
    assertTrue(settings.simulated().enabled());
    assertEquals(Duration.ofDays(1), settings.simulated().duration());

    IllegalArgumentException badKnob = assertThrows(IllegalArgumentException.class, () -> GeneratorSettings.from(
      new JsonObject().put("scenarios", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("scenario", "spam_wave").put("accounts", -1)))));
    assertTrue(badKnob.getMessage().startsWith("generator.scenarios[0].accounts:"), badKnob.getMessage());
    IllegalArgumentException badStart = assertThrows(IllegalArgumentException.class, () -> GeneratorSettings.from(
      new JsonObject().put("simulated", new JsonObject().put("start", "yesterday"))));
    assertTrue(badStart.getMessage().startsWith("generator.simulated.start:"), badStart.getMessage());
  }
}
