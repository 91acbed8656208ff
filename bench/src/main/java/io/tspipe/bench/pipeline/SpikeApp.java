package io.tspipe.bench.pipeline;

import io.tspipe.bench.streams.LoginFailuresApp;
import io.tspipe.bench.streams.TopologyProgress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run of the Streams spike's application ({@link LoginFailuresApp}) as a process of its own, from the harness's
 * jar: started, awaited until it processes, its CPU time read from the operating system, stopped with SIGTERM.
 * Blocking: the orchestrating thread only.
 */
final class SpikeApp implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final String HEAP = "1g";
  /** A late login is counted in the tasks' dropped-records metric; a warning for each would flood the log. */
  private static final String QUIET_DROPS =
    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams.kstream.internals=error";
  /** How much of the end of its log is read for the lines it prints: several seconds' worth. */
  private static final int TAIL_BYTES = 64 * 1024;

  private final String applicationId;
  private final Process process;
  private final Path log;

  private SpikeApp(String applicationId, Process process, Path log) {
    this.applicationId = applicationId;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the application {@code applicationId} reading {@code input}, writing detections to {@code output}, with
   * {@code threads} stream threads and late logins counted up to {@code graceSeconds}.
   */
  static SpikeApp start(String applicationId, Path benchJar, String bootstrap, String input, String output,
                        int threads, int graceSeconds, Path dataDir) throws IOException {
    Path logs = dataDir.resolve("logs");
    Files.createDirectories(logs);
    Path log = logs.resolve(applicationId + ".log");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx" + HEAP, QUIET_DROPS, "-cp", benchJar.toString(), LoginFailuresApp.class.getName(), "--bootstrap", bootstrap,
      "--application-id", applicationId, "--input", input, "--output", output,
      "--state-dir", dataDir.resolve("streams").toString(), "--threads", Integer.toString(threads),
      "--grace-seconds", Integer.toString(graceSeconds));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new SpikeApp(applicationId, process, log);
  }

  String applicationId() {
    return applicationId;
  }

  /** Waits until the application has joined its group and processes; fails if it exits or takes too long. */
  void awaitRunning() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!tail().contains(LoginFailuresApp.RUNNING)) {
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(applicationId + " was not running within " + START_TIMEOUT.toSeconds()
          + " s; see " + log);
      }
      Thread.sleep(100);
    }
  }

  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(applicationId + " exited with " + process.exitValue() + "; see " + log);
    }
  }

  /** CPU seconds (user + system) the process has used so far. */
  double cpuSeconds() throws IOException {
    return ProcStat.cpuSeconds(process.pid());
  }

  /** The records read and re-keyed so far, as it last printed them (both 0 before it printed any). */
  TopologyProgress.Counts progress() throws IOException {
    String[] counts = lastPrinted(LoginFailuresApp.PROGRESS).orElse("0 0").split(" ");
    return new TopologyProgress.Counts(Long.parseLong(counts[0]), Long.parseLong(counts[1]));
  }

  /** The records its tasks dropped, as it printed when it stopped; -1 if it printed none. */
  long droppedRecords() throws IOException {
    return lastPrinted(LoginFailuresApp.DROPPED).map(Long::parseLong).orElse(-1L);
  }

  /** What follows {@code prefix} on the last whole line of its log that starts with it. */
  private Optional<String> lastPrinted(String prefix) throws IOException {
    String text = tail();
    text = text.substring(0, text.lastIndexOf('\n') + 1);
    int at = text.lastIndexOf(prefix);
    if (at < 0) {
      return Optional.empty();
    }
    return Optional.of(text.substring(at + prefix.length(), text.indexOf('\n', at)).trim());
  }

  private String tail() throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      long size = channel.size();
      ByteBuffer end = ByteBuffer.allocate((int) Math.min(size, TAIL_BYTES));
      channel.position(size - end.capacity());
      while (end.hasRemaining() && channel.read(end) >= 0) {
        // reads the rest of the tail
      }
      return new String(end.array(), 0, end.position(), StandardCharsets.UTF_8);
    }
  }

  /** SIGTERM, so Streams commits and closes its stores; SIGKILL after a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
    }
  }
}
