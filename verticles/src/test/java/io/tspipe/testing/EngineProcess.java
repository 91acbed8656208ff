package io.tspipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One engine as a child process whose output is appended to a log file; failures name its logs. */
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
  private final Path output;
  private final String logs;
  private Process process;
  private long outputAtLaunch;

  /** {@code moreLogs}: where the engine logs besides its output, to name when it fails. */
  EngineProcess(String name, List<String> command, Path output, Path... moreLogs) {
    this.name = name;
    this.command = List.copyOf(command);
    this.output = output;
    this.logs = Stream.concat(Stream.of(output), Stream.of(moreLogs))
      .map(Path::toString)
      .collect(Collectors.joining(" and "));
  }

  /** What the engine has written to its output since it was last launched: a line of readiness is a new one. */
  synchronized String outputSinceLaunch() throws IOException {
    byte[] written = Files.readAllBytes(output);
    int from = (int) Math.min(outputAtLaunch, written.length);
    return new String(written, from, written.length - from, StandardCharsets.UTF_8);
  }

  /** Starts the process unless it runs already; {@link #awaitReadiness} tells when it serves. */
  synchronized void launch() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      outputAtLaunch = Files.exists(output) ? Files.size(output) : 0;
      ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
      builder.environment().put("NO_COLOR", "1"); // the output is a log file: no terminal colour codes in it
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " did not start; see " + logs, e);
    }
  }

  /** Polls {@code probe} until the engine serves; fails, naming the logs, if it exits or takes over a minute. */
  synchronized void awaitReadiness(ReadinessProbe probe) {
    try {
      Eventually.eventually(START_TIMEOUT, Duration.ofMillis(100), () -> {
        if (isReady(probe)) {
          return;
        }
        if (!process.isAlive()) {
          throw new Eventually.GiveUp(name + " exited with status " + process.exitValue() + " while starting; see "
            + logs);
        }
        throw new AssertionError(name + " does not serve yet");
      });
    } catch (Eventually.GiveUp exited) {
      throw exited;
    } catch (AssertionError notServing) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("interrupted while starting " + name, notServing);
      }
      stop();
      throw new IllegalStateException(name + " did not come up within " + START_TIMEOUT.toSeconds() + " s; see " + logs,
        notServing);
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

  private static boolean isReady(ReadinessProbe probe) throws InterruptedException {
    try {
      return probe.isReady();
    } catch (IOException notYet) {
      return false;
    }
  }
}
