package io.tspipe.detector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Tells whether the rule files changed: their names, sizes and modification times in one string. */
final class RuleFiles {

  private RuleFiles() {
  }

  static String fingerprint(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().map(file -> {
        try {
          return file.getFileName() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
          return file.getFileName() + ":?";
        }
      }).collect(Collectors.joining("|"));
    }
  }
}
