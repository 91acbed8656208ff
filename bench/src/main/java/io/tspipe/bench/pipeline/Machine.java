package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The hardware and software a run was measured on, for the report. */
public final class Machine {

  private Machine() {
  }

  public static JsonObject describe() {
    return new JsonObject()
      .put("cpus", Runtime.getRuntime().availableProcessors())
      .put("cpuModel", cpuModel().orElse("unknown"))
      .put("memoryGiB", memoryGiB().orElse(null))
      .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
      .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
  }

  private static Optional<String> cpuModel() {
    return procLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).trim());
  }

  private static Optional<Double> memoryGiB() {
    return procLine("/proc/meminfo", "MemTotal:").map(line -> {
      long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
      return Math.round(kib / 1024.0 / 1024.0 * 10) / 10.0;
    });
  }

  private static Optional<String> procLine(String file, String prefix) {
    try {
      return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(prefix)).findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
