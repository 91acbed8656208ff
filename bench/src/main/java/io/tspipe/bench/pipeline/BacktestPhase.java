package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.config.Config;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backtest's speed: the repository's rules replayed ({@code java -jar tspipe.jar backtest}) over a stored period
 * of {@code events} events written on simulated time at {@code rate} events/s (so the period spans events / rate
 * seconds of event time, as that much live traffic would), with the generator's auto attacks in it. The command runs
 * as a process of its own after the worker has stored the period and stopped; its wall time, ClickHouse's CPU and the
 * machine's over it are what it costs. Blocking: the orchestrating thread only.
 */
final class BacktestPhase {

  /** What the phase needs of the harness. */
  record Setup(Path jar, Path rules, Path dataDir, Map<String, String> environment, long clickHousePid, long events,
               int rate, PrintStream out) {
  }

  /** Starts and stops the roles that fill the store, and counts what it holds. */
  interface Store {
    /** Starts the worker and a generator on simulated time from {@code start} for {@code seconds} at the rate. */
    void fill(Instant start, long seconds) throws IOException, InterruptedException;

    long events() throws IOException, InterruptedException;

    void stopFilling() throws InterruptedException;
  }

  private BacktestPhase() {
  }

  /**
   * Runs the phase with the roles and the options of {@code run}, and reports it: a worker and a generator on simulated
   * time fill the store with {@code --backtest-events} events, then the backtest command replays the repository's rules
   * over them.
   */
  static void run(BenchRun run) throws Exception {
    HarnessOptions options = run.options();
    String stream = "backtest";
    run.phase("backtest", "%,d events stamped at %,d events/s of simulated time, stored, then rules/ replayed over"
      + " them", options.backtestEvents(), options.backtestRate());
    Setup setup = new Setup(run.jar(), run.repo().resolve("rules"), options.dataDir(), run.baseEnvironment(stream),
      run.stack().clickHousePid(), options.backtestEvents(), options.backtestRate(), run.out());
    List<RoleProcess> filling = new ArrayList<>();
    JsonObject figures = measure(setup, new Store() {
      @Override
      public void fill(Instant start, long seconds) throws IOException, InterruptedException {
        filling.add(run.startRole("worker-backtest", "worker", stream, Map.of()));
        filling.add(run.startRole("generator-backtest", "generator", stream, Map.of(
          "TSPIPE_GENERATOR_RATE_PER_SECOND", Integer.toString(options.backtestRate()),
          "TSPIPE_GENERATOR_ATTACK_MODE", "auto",
          Config.envName("generator.simulated.enabled"), "true",
          Config.envName("generator.simulated.start"), start.toString(),
          Config.envName("generator.simulated.durationSeconds"), Long.toString(seconds))));
      }

      @Override
      public long events() throws IOException, InterruptedException {
        return run.counts().events();
      }

      @Override
      public void stopFilling() throws InterruptedException {
        for (RoleProcess role : filling) {
          run.stop(role);
        }
      }
    });
    run.results().put("backtest", figures);
    run.say("backtest: %,d events (%,d s of event time) replayed by %d rules, %,d evaluations, in %.1f s: %,.0f"
        + " events/s, %.1f evaluations/s; ClickHouse %.2f cores busy", figures.getLong("eventsInPeriod"),
      figures.getLong("periodSeconds"), figures.getInteger("rules"), figures.getLong("ruleEvaluations"),
      figures.getDouble("seconds"), figures.getDouble("eventsPerSecond"), figures.getDouble("evaluationsPerSecond"),
      figures.getDouble("clickHouseCpuCoresBusy"));
  }

  private static JsonObject measure(Setup setup, Store store) throws IOException, InterruptedException {
    long seconds = Math.max(1, setup.events() / setup.rate());
    // the period ends two minutes before now, so the replay's ticks are all behind the store's newest event
    Instant start = Instant.now().minusSeconds(seconds + 120).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant end = start.plusSeconds(seconds);
    // the store may hold other phases' events: the period is filled once it holds 98% of what is asked on top
    long before = store.events();
    long filled = System.nanoTime();
    store.fill(start, seconds);
    long want = before + (long) (setup.events() * 0.98);
    long stored = before;
    long lastChange = System.nanoTime();
    long printed = 0;
    while (stored < want) {
      Thread.sleep(2_000);
      long now = store.events();
      if (now != stored) {
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > Duration.ofMinutes(2).toNanos()) {
        throw new IllegalStateException("the store stopped growing at " + now + " events, short of " + want);
      }
      stored = now;
      if (System.nanoTime() - printed > 10_000_000_000L) {
        printed = System.nanoTime();
        setup.out().printf(java.util.Locale.ROOT, "bench:   filling the store: %,d of %,d events (%.0f s)%n",
          stored - before, setup.events(), (System.nanoTime() - filled) / 1e9);
      }
    }
    store.stopFilling();
    stored = store.events() - before;
    double fillSeconds = (System.nanoTime() - filled) / 1e9;
    setup.out().printf(java.util.Locale.ROOT, "bench:   %,d events stored in %.0f s; replaying %s .. %s%n", stored,
      fillSeconds, start, end);

    Path report = setup.dataDir().resolve("backtest-report.json");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx2g", "-jar", setup.jar().toString(), "backtest", "--rules", setup.rules().toString(),
      "--from", start.toString(), "--to", end.toString(), "--json", report.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(setup.environment());
    double clickHouse0 = ProcStat.cpuSeconds(setup.clickHousePid());
    double busy0 = ProcStat.machineBusySeconds();
    long began = System.nanoTime();
    Process process = builder.start();
    Path log = setup.dataDir().resolve("logs").resolve("backtest.log");
    Files.createDirectories(log.getParent());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
      StandardCharsets.UTF_8)); var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = lines.readLine()) != null) {
        writer.write(line);
        writer.newLine();
        if (line.startsWith("backtest: ")) {
          setup.out().println("bench:   " + line);
        }
      }
    }
    int exit = process.waitFor();
    double wall = (System.nanoTime() - began) / 1e9;
    double clickHouse = ProcStat.cpuSeconds(setup.clickHousePid()) - clickHouse0;
    double busy = ProcStat.machineBusySeconds() - busy0;
    if (exit != 0) {
      throw new IllegalStateException("the backtest command exited " + exit + "; see " + log);
    }
    JsonObject result = new JsonObject(Files.readString(report));
    long evaluations = result.getLong("ticks") * result.getInteger("rules");
    return new JsonObject()
      .put("eventsStored", stored)
      .put("eventsInPeriod", result.getLong("events"))
      .put("periodSeconds", seconds)
      .put("rules", result.getInteger("rules"))
      .put("ticks", result.getLong("ticks"))
      .put("ruleEvaluations", evaluations)
      .put("seconds", PipelineBench.round(wall))
      .put("eventsPerSecond", PipelineBench.round(result.getLong("events") / wall))
      .put("evaluationsPerSecond", PipelineBench.round(evaluations / wall))
      .put("clickHouseCpuCoresBusy", PipelineBench.round(clickHouse / wall))
      .put("machineCpuCoresBusy", PipelineBench.round(busy / wall))
      .put("fillSeconds", PipelineBench.round(fillSeconds))
      .put("candidate", result.getJsonArray("candidate"));
  }
}
