package io.tspipe.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code Main} with some roles in a JVM of its own, as compose runs them, so a test can kill it outright. */
public final class RoleProcess {

  private final Process process;
  private final Path log;

  private RoleProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The worker role alone. */
  public static RoleProcess start(TestPipeline pipeline, String label) throws IOException {
    return start(pipeline, label, "worker");
  }

  /** {@code roles} (comma-separated), configured as the pipeline is. */
  public static RoleProcess start(TestPipeline pipeline, String label, String roles) throws IOException {
    Path log = Path.of(System.getProperty("tspipe.test.workdir", "target/it-engines"), pipeline.name() + "-" + label + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx512m",
      "-cp", System.getProperty("java.class.path"),
      "io.tspipe.Main")
      .redirectErrorStream(true)
      .redirectOutput(log.toFile());
    builder.environment().putAll(pipeline.environment(roles));
    return new RoleProcess(builder.start(), log);
  }

  /** The exit status once the process has ended by itself, or empty if it still runs after {@code seconds}. */
  public java.util.OptionalInt awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? java.util.OptionalInt.of(process.exitValue())
      : java.util.OptionalInt.empty();
  }

  /** SIGKILL: no shutdown hook, no flush, no commit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then wait for the graceful stop. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  public File logFile() {
    return log.toFile();
  }
}
