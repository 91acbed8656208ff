package io.tspipe.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** The engines of this JVM: chosen once by {@link EngineChoice}, logged, then started on first use. */
final class ChosenEngines {

  private static final Logger LOG = LoggerFactory.getLogger(Engines.class);

  private static EngineChoice choice;
  private static RuntimeException choiceFailure;

  private ChosenEngines() {
  }

  static Engines get() {
    return choice().kind() == EngineChoice.Kind.CONTAINERS ? ContainerEngines.get() : LocalEngines.get();
  }

  private static synchronized EngineChoice choice() {
    if (choiceFailure != null) {
      throw choiceFailure;
    }
    if (choice == null) {
      try {
        choice = EngineChoice.of(System.getProperty(Engines.PROPERTY), ChosenEngines::dockerIsAvailable);
      } catch (RuntimeException e) {
        choiceFailure = e;
        LOG.error("no engines for the tests: {}", e.getMessage());
        throw e;
      }
      LOG.info("engines for the tests: {}, since {}",
        choice.kind() == EngineChoice.Kind.CONTAINERS ? "containers (Testcontainers)" : "local processes",
        choice.reason());
    }
    return choice;
  }

  private static boolean dockerIsAvailable() {
    long started = System.nanoTime();
    boolean available = DockerClientFactory.instance().isDockerAvailable();
    LOG.info("asked Testcontainers for a Docker engine: {} after {} ms", available ? "found" : "none",
      (System.nanoTime() - started) / 1_000_000);
    return available;
  }
}
