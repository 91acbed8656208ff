package io.tspipe.bench.pipeline;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark harness ({@code tools/bench}): runs the real pipeline on the local engines, phase by phase, and reports
 * what it measured beside the engines' own limits. See {@link HarnessOptions#USAGE}. Blocking: it orchestrates processes
 * from the main thread; only the load it generates runs on Vert.x.
 */
public final class PipelineBench {

  /** A phase's measurement, which reads and adds to the run's figures. */
  @FunctionalInterface
  private interface Phase {
    void run(BenchRun run) throws Exception;
  }

  private final HarnessOptions options;
  /** The harness's own Vert.x: the load, the probes and the limits run on it; the roles have theirs. */
  private final Vertx vertx = Vertx.vertx();
  private final BenchRun run;

  private PipelineBench(HarnessOptions options, Path repo, PrintStream out) {
    this.options = options;
    this.run = new BenchRun(options, repo, out, vertx);
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), Path.of("").toAbsolutePath(), System.out, System.err));
  }

  /** Runs the harness from the repository {@code repo}; answers its exit status. */
  static int run(List<String> args, Path repo, PrintStream out, PrintStream err) {
    Optional<HarnessOptions> options;
    try {
      options = HarnessOptions.parse(args);
    } catch (IllegalArgumentException bad) {
      err.println("bench: " + bad.getMessage());
      err.print(HarnessOptions.USAGE);
      return 2;
    }
    if (options.isEmpty()) {
      out.print(HarnessOptions.USAGE);
      return 0;
    }
    PipelineBench bench = new PipelineBench(options.get(), repo, out);
    // Ctrl-C or SIGTERM still stops every role and the engines
    Thread stopOnSignal = new Thread(() -> bench.shutDown(err), "bench-shutdown");
    Runtime.getRuntime().addShutdownHook(stopOnSignal);
    try {
      bench.runPhases(out);
      return 0;
    } catch (Exception failure) {
      err.println("bench: FAILED: " + failure.getMessage());
      failure.printStackTrace(err);
      return 1;
    } finally {
      bench.shutDown(err);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: nothing left to undo
      }
    }
  }

  private void runPhases(PrintStream out) throws Exception {
    JsonObject results = run.results();
    results.put("startedAt", Instant.now().toString()).put("machine", Machine.describe()).put("options", optionsJson());
    run.startEngines();
    runIf(IngestPhase::run, HarnessOptions.Phase.INGEST);
    runIf(IndexPhase::run, HarnessOptions.Phase.INDEX);
    runIf(EngineLimitsPhase::run, HarnessOptions.Phase.LIMITS);
    runIf(FreshnessPhase::run, HarnessOptions.Phase.FRESHNESS);
    runIf(LiveWeb::run, HarnessOptions.Phase.DASHBOARD, HarnessOptions.Phase.SSE);
    runIf(DetectionPhase::run, HarnessOptions.Phase.DETECTION);
    runIf(StreamsSpikePhase::run, HarnessOptions.Phase.STREAMS_SPIKE);
    runIf(BacktestPhase::run, HarnessOptions.Phase.BACKTEST);
    runIf(PeerPhase::run, HarnessOptions.Phase.PEERS);
    results.put("finishedAt", Instant.now().toString());
    out.println();
    out.print(ResultTable.render(results));
    Files.createDirectories(options.json().toAbsolutePath().getParent());
    Files.writeString(options.json(), results.encodePrettily() + System.lineSeparator(), StandardCharsets.UTF_8);
    run.say("figures written to %s", options.json());
  }

  /** Runs {@code phase} if any of {@code selectedBy} was asked for. */
  private void runIf(Phase phase, HarnessOptions.Phase... selectedBy) throws Exception {
    for (HarnessOptions.Phase selected : selectedBy) {
      if (options.runs(selected)) {
        phase.run(run);
        return;
      }
    }
  }

  /** Stops what still runs: the roles, then the engines. Called once at the end, and again, harmlessly, on a signal. */
  private synchronized void shutDown(PrintStream err) {
    try {
      run.shutDown();
      vertx.close().await();
    } catch (InterruptedException e) {
      err.println("bench: interrupted while stopping");
      Thread.currentThread().interrupt();
    }
  }

  private JsonObject optionsJson() {
    return new JsonObject().put("seconds", options.seconds()).put("warmup", options.warmup())
      .put("firehoseRate", options.firehoseRate()).put("freshnessRates", new JsonArray(options.freshnessRates()))
      .put("freshnessSeconds", options.freshnessSeconds()).put("dashboardEvents", options.dashboardEvents())
      .put("dashboardRate", options.dashboardRate()).put("dashboardSeconds", options.dashboardSeconds())
      .put("sseSubscribers", options.sseSubscribers()).put("sseSeconds", options.sseSeconds())
      .put("limitRows", options.limitRows()).put("limitDocuments", options.limitDocuments())
      .put("detectionRate", options.detectionRate()).put("detectionSeconds", options.detectionSeconds())
      .put("verdictRequests", options.verdictRequests())
      .put("detectionIntensities", new JsonArray(options.sweep().intensities()))
      .put("sweepRate", options.sweep().rate()).put("sweepUsers", options.sweep().users())
      .put("sweepSeconds", options.sweep().seconds())
      .put("sweepSettle", options.sweep().settleSeconds()).put("sweepCalm", options.sweep().calmSeconds())
      .put("spikeThreads", options.spikeThreads())
      .put("spikeGrace", options.spikeGrace())
      .put("phases", new JsonArray(options.phases().stream().map(HarnessOptions.Phase::label).toList()));
  }

  static double round(double value) {
    return Double.isFinite(value) ? Math.round(value * 10) / 10.0 : value;
  }
}
