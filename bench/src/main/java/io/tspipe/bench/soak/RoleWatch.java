package io.tspipe.bench.soak;

import io.tspipe.RoleProcess;
import io.tspipe.bench.pipeline.Exposition;
import io.tspipe.bench.pipeline.ProcStat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a role process's figures from outside it ({@link Minute.RoleFigures}): its heap live from the class histogram
 * {@code jcmd <pid> GC.class_histogram} takes right after the full collection it asks for (a pause of the role
 * each reading, as long as that collection); its live threads from its metrics; its open file descriptors from
 * {@code /proc/<pid>/fd}; its CPU from {@code /proc/<pid>/stat}, since the previous reading. A figure that cannot be
 * read is NaN. Blocking.
 */
final class RoleWatch {

  private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

  private final RoleProcess role;
  private final Path jcmd;
  private final Path histogram;
  private double cpuSeconds;
  private long readAtNanos;

  /** A watch on {@code role}, running {@code jcmd}; the last histogram taken is kept in {@code logs}. */
  RoleWatch(RoleProcess role, Path jcmd, Path logs) throws IOException {
    this.role = role;
    this.jcmd = jcmd;
    this.histogram = logs.resolve(role.name() + ".histogram.txt");
    this.cpuSeconds = ProcStat.cpuSeconds(role.pid());
    this.readAtNanos = System.nanoTime();
  }

  /** The JDK's {@code jcmd} beside the running {@code java}; fails, saying so, when there is none. */
  static Path jcmd() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      throw new IllegalStateException("no jcmd at " + jcmd + ": the soak reads each role's live heap with it; run it"
        + " with a JDK 17, not a JRE");
    }
    return jcmd;
  }

  String name() {
    return role.name();
  }

  /** The figures now; CPU over the time since the previous reading. */
  Minute.RoleFigures read() throws InterruptedException {
    double heap = liveHeapBytes();
    double threads = threads();
    double files = openFiles();
    double cpu = Double.NaN;
    try {
      double now = ProcStat.cpuSeconds(role.pid());
      long nanos = System.nanoTime();
      cpu = (now - cpuSeconds) / ((nanos - readAtNanos) / 1e9);
      cpuSeconds = now;
      readAtNanos = nanos;
    } catch (IOException | RuntimeException gone) {
      // a role that exited is reported by the soak's liveness check
    }
    return new Minute.RoleFigures(heap, threads, files, cpu);
  }

  private double liveHeapBytes() throws InterruptedException {
    try {
      Process process = new ProcessBuilder(jcmd.toString(), Long.toString(role.pid()), "GC.class_histogram")
        .redirectErrorStream(true).redirectOutput(histogram.toFile()).start();
      if (!process.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Double.NaN;
      }
      return process.exitValue() == 0 ? histogramTotalBytes(Files.readString(histogram, StandardCharsets.UTF_8))
        : Double.NaN;
    } catch (IOException | RuntimeException unreadable) {
      return Double.NaN;
    }
  }

  private double threads() throws InterruptedException {
    try {
      return Exposition.sum(role.metrics(), "jvm_threads_live_threads", "");
    } catch (IOException notAnswering) {
      return Double.NaN;
    }
  }

  private double openFiles() {
    try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(role.pid()), "fd"))) {
      return descriptors.count();
    } catch (IOException | RuntimeException gone) {
      return Double.NaN;
    }
  }

  /**
   * The bytes of every object a class histogram counted: the last column of its {@code Total} line, as
   * {@code jcmd <pid> GC.class_histogram} prints it.
   *
   * @throws IllegalArgumentException when there is no such line
   */
  static double histogramTotalBytes(String histogram) {
    String[] lines = histogram.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String[] fields = lines[i].trim().split("\\s+");
      if (fields.length == 3 && fields[0].equals("Total")) {
        return Long.parseLong(fields[2]);
      }
    }
    throw new IllegalArgumentException("no Total line in the class histogram");
  }
}
