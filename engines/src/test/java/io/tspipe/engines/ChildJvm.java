package io.tspipe.engines;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** An engine's main class run as a child JVM on the test classpath, as tools/up and the harness run it. */
final class ChildJvm {

  private static final long TIMEOUT_SECONDS = 60;

  private final Process process;

  private ChildJvm(Process process) {
    this.process = process;
  }

  /** Starts {@code mainClass} and waits until its output, kept in {@code output}, holds {@code readyText}. */
  static ChildJvm start(Class<?> mainClass, Path output, String readyText, String... args)
    throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!Files.readString(output).contains(readyText)) {
      assertTrue(process.isAlive() && System.nanoTime() < deadline, mainClass.getSimpleName() + " did not start; see "
        + output);
      Thread.sleep(100);
    }
    return new ChildJvm(process);
  }

  /** SIGTERM; returns the exit status. */
  int stop() throws InterruptedException {
    process.destroy();
    assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "did not stop within " + TIMEOUT_SECONDS + " s");
    return process.exitValue();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static Path workDirectory(String prefix) throws IOException {
    Path workdir = Files.createDirectories(Path.of(System.getProperty("tspipe.test.workdir")));
    return Files.createTempDirectory(workdir, prefix);
  }
}
