package io.tspipe.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's own files, for tests that check them: found from the working directory (a module under Maven). */
public final class ProjectFiles {

  private ProjectFiles() {
  }

  /** The project's root: the first directory upwards that holds both {@code pom.xml} and {@code docker-compose.yml}. */
  public static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docker-compose.yml beside a pom.xml above " + Path.of("").toAbsolutePath());
  }
}
