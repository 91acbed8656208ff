package io.tspipe.testing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineChoiceTest {

  private static final BooleanSupplier DOCKER = () -> true;
  private static final BooleanSupplier NO_DOCKER = () -> false;
  private static final BooleanSupplier NEVER_ASKED = () -> {
    throw new AssertionError("asked for a Docker engine");
  };

  @Test
  @DisplayName("local picks the local engines without asking for a Docker engine, even when one is there")
  void localForcesLocal() {
    assertEquals(EngineChoice.Kind.LOCAL, EngineChoice.of("local", NEVER_ASKED).kind());
  }

  @Test
  @DisplayName("containers picks the containers when a Docker engine is available")
  void containersWithDocker() {
    assertEquals(EngineChoice.Kind.CONTAINERS, EngineChoice.of("containers", DOCKER).kind());
  }

  @Test
  @DisplayName("containers without a Docker engine fails, naming the property and the way out")
  void containersWithoutDockerFails() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
      () -> EngineChoice.of("containers", NO_DOCKER));
    assertTrue(refused.getMessage().contains("tspipe.engines=containers"), refused.getMessage());
    assertTrue(refused.getMessage().contains("no Docker engine"), refused.getMessage());
    assertTrue(refused.getMessage().contains("-Dtspipe.engines=local"), refused.getMessage());
  }

  @Test
  @DisplayName("auto picks the local engines without a Docker engine and the containers with one, saying why")
  void autoFollowsDocker() {
    EngineChoice local = EngineChoice.of("auto", NO_DOCKER);
    assertEquals(EngineChoice.Kind.LOCAL, local.kind());
    assertTrue(local.reason().contains("no Docker engine"), local.reason());
    EngineChoice containers = EngineChoice.of("auto", DOCKER);
    assertEquals(EngineChoice.Kind.CONTAINERS, containers.kind());
    assertTrue(containers.reason().contains("Docker engine is available"), containers.reason());
  }

  @Test
  @DisplayName("an unset or blank property means auto; case and surrounding spaces do not matter")
  void unsetMeansAuto() {
    assertEquals(EngineChoice.Kind.LOCAL, EngineChoice.of(null, NO_DOCKER).kind());
    assertEquals(EngineChoice.Kind.CONTAINERS, EngineChoice.of(null, DOCKER).kind());
    assertEquals(EngineChoice.Kind.LOCAL, EngineChoice.of("  ", NO_DOCKER).kind());
    assertEquals(EngineChoice.Kind.LOCAL, EngineChoice.of(" Local ", NEVER_ASKED).kind());
  }

  @Test
  @DisplayName("an unknown value is refused, naming the property, the value and the accepted ones")
  void unknownValueRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
      () -> EngineChoice.of("docker", NEVER_ASKED));
    assertTrue(refused.getMessage().contains("tspipe.engines"), refused.getMessage());
    assertTrue(refused.getMessage().contains("'docker'"), refused.getMessage());
    assertTrue(refused.getMessage().contains("local, containers, auto"), refused.getMessage());
  }
}
