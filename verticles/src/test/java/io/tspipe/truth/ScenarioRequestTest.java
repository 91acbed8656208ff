package io.tspipe.truth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioRequestTest {

  private static ScenarioRequestException refused(JsonObject body) {
    return assertThrows(ScenarioRequestException.class, () -> ScenarioRequest.parse(body));
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  @DisplayName("a request with the scenario alone gets every knob's default, and the catalogue lists the same knobs")
  void defaults(Scenario scenario) {
    ScenarioRequest request = ScenarioRequest.parse(new JsonObject().put("scenario", scenario.wireName()));
    JsonArray listed = scenario.toJson().getJsonArray("parameters");
    assertEquals(listed.size(), request.parameters().size());
    for (int i = 0; i < listed.size(); i++) {
      JsonObject knob = listed.getJsonObject(i);
      assertEquals(knob.getValue("default"), request.parameters().getValue(knob.getString("name")), knob::encode);
    }
    assertTrue(request.intensity() > 0 && request.intensity() <= 1);
  }

  @Test
  @DisplayName("knobs are read with their types: whole numbers as integers, numbers within bounds, choices from their list")
  void knobsAsked() {
    ScenarioRequest request = ScenarioRequest.parse(new JsonObject().put("scenario", "credential_stuffing")
      .put("intensity", 0.2).put("durationSeconds", 60.0).put("variant", "low_and_slow").put("addresses", 7));
    assertEquals(0.2, request.intensity());
    assertEquals(60, request.durationSeconds());
    assertEquals("low_and_slow", request.choice("variant"));
    assertEquals(7, request.integer("addresses"));
    assertEquals(request, ScenarioRequest.parse(request.toJson()), "the request reads back from its JSON");
  }

  @Test
  @DisplayName("a bad request names the field at fault")
  void refusals() {
    assertEquals("scenario", refused(new JsonObject()).field());
    assertEquals("scenario", refused(new JsonObject().put("scenario", "ddos")).field());
    assertEquals("intensity", refused(new JsonObject().put("scenario", "classic").put("intensity", 0)).field());
    assertEquals("intensity", refused(new JsonObject().put("scenario", "classic").put("intensity", 1.5)).field());
    assertEquals("intensity", refused(new JsonObject().put("scenario", "classic").put("intensity", "half")).field());
    assertEquals("durationSeconds",
      refused(new JsonObject().put("scenario", "classic").put("durationSeconds", 1.5)).field());
    assertEquals("durationSeconds",
      refused(new JsonObject().put("scenario", "classic").put("durationSeconds", 86_401)).field());
    assertEquals("variant",
      refused(new JsonObject().put("scenario", "credential_stuffing").put("variant", "slow")).field());
    assertEquals("byUser", refused(new JsonObject().put("scenario", "api_scraping").put("byUser", "yes")).field());
    assertEquals("victims", refused(new JsonObject().put("scenario", "classic").put("victims", 3)).field(),
      "a knob of another scenario");
    assertEquals("intensity",
      refused(new JsonObject().put("scenario", "classic").put("intensity", Double.NaN)).field());
  }

  @Test
  @DisplayName("control commands: start and stop carry a strict uuid, the classic mode stays as it was")
  void controlCommands() {
    UUID runId = UUID.randomUUID();
    ControlCommand.Start start = new ControlCommand.Start(runId, ScenarioRequest.defaults(Scenario.BRUTE_FORCE));
    assertEquals(start, ControlCommand.parse(start.toJson()));
    assertEquals(new ControlCommand.Stop(runId), ControlCommand.parse(new ControlCommand.Stop(runId).toJson()));
    assertInstanceOf(ControlCommand.ClassicMode.class, ControlCommand.parse(new JsonObject().put("mode", "on")));
    assertEquals("mode", assertThrows(ScenarioRequestException.class,
      () -> ControlCommand.parse(new JsonObject().put("mode", "maybe"))).field());
    assertEquals("runId", assertThrows(ScenarioRequestException.class,
      () -> ControlCommand.parse(new JsonObject().put("command", "stop").put("runId", "1-1-1-1-1"))).field());
    assertEquals("command", assertThrows(ScenarioRequestException.class,
      () -> ControlCommand.parse(new JsonObject().put("command", "pause").put("runId", runId.toString()))).field());
    assertEquals("victims", assertThrows(ScenarioRequestException.class,
      () -> ControlCommand.parse(start.toJson().put("victims", 2))).field());
  }
}
