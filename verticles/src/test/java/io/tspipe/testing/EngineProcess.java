package io.tspipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One engine as a child {@code java} process whose output is appended to a log file. */
final class EngineProcess {

  /** Whether a starting engine serves yet; may throw while it does not. */
  @FunctionalInterface
  interface ReadinessProbe {
    boolean isReady() throws IOException, InterruptedException;
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;

  EngineProcess(String name, List<String> command, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
  }

  Path log() {
    return log;
  }

  synchronized void start(ReadinessProbe probe) {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
      awaitReadiness(probe);
    } catch (IOException e) {
      throw new UncheckedIOException(name + " did not start; see " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  /** SIGTERM, then SIGKILL if the engine has not exited within a minute. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void awaitReadiness(ReadinessProbe probe) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!isReady(probe)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with status " + process.exitValue()
          + " while starting; see " + log);
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new IllegalStateException(name + " did not come up within " + START_TIMEOUT.toSeconds() + " s; see " + log);
      }
      Thread.sleep(100);
    }
  }

  private static boolean isReady(ReadinessProbe probe) throws InterruptedException {
    try {
      return probe.isReady();
    } catch (IOException notYet) {
      return false;
    }
  }
}
