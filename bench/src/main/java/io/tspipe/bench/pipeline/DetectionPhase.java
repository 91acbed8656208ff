package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The detection phase of {@link PipelineBench}: the detector with the repository's rules beside the worker, the
 * generator at {@code --detection-rate} and the web role: ClickHouse's CPU over a window without the detector, then
 * over one with it, beside the detector's own CPU, its evaluation time per rule and how far each rule's progress
 * trails the newest stored event; then the verdict API's latency ({@link VerdictPhase}); then, unless no intensity is
 * asked for, the scenario sweep ({@link DetectionSweep}).
 */
final class DetectionPhase {

  private DetectionPhase() {
  }

  static void run(BenchRun run) throws Exception {
    HarnessOptions options = run.options();
    String stream = "detect";
    int rate = options.detectionRate();
    HarnessOptions.Sweep sweep = options.sweep();
    run.phase("detection", "generator at %,d events/s, the worker and the web role: %d s warm-up, %d s measured"
      + " without the detector, then with it (%d s warm-up, %d s measured), then %,d verdict requests one at a time%s",
      rate, options.warmup(), options.detectionSeconds(), options.warmup(), options.detectionSeconds(),
      options.verdictRequests(), sweep.intensities().isEmpty() ? "" : String.format(Locale.ROOT, "; then the"
        + " scenario sweep at %,d events/s", sweep.rate()));
    long clickHousePid = run.stack().clickHousePid();
    RoleProcess worker = run.startRole("worker-detect", "worker", stream, Map.of());
    RoleProcess generator = run.startRole("generator-detect", "generator", stream, BenchRun.generatorRate(rate));
    Waits.awaitGrowing(run, worker, "tspipe_worker_events_inserted_total", "the worker to store events");
    int webPort = options.basePort() + 6;
    RoleProcess web = run.startRole("web-detect", "web", stream, run.webEnvironment(webPort));
    Waits.watch(run, "warm-up", options.warmup());
    long workerLag = Waits.awaitCaughtUp(run, run.workerGroup(stream), rate);
    DetectionWindow without = measure(run, "measuring without the detector", clickHousePid, null, null);
    RoleProcess detector = run.startDetector("detector", stream, Map.of());
    Waits.awaitGrowing(run, detector, LocalPipeline.DETECTOR_EVALUATIONS, "the detector to evaluate its rules");
    Waits.watch(run, "warm-up", options.warmup());
    RuleEvaluations before = RuleEvaluations.of(detector.metrics());
    DetectorLag lag = new DetectorLag();
    DetectionWindow with = measure(run, "measuring with the detector", clickHousePid, detector, lag);
    String metrics = detector.metrics();
    JsonArray evaluations = RuleEvaluations.of(metrics).since(before);
    JsonObject verdicts = VerdictPhase.run(run, "http://" + LocalStack.HOST + ":" + webPort);
    JsonObject figures = new JsonObject().put("ingestingPerSecond", rate)
      .put("withoutDetector", without.json()).put("withDetector", with.json())
      .put("workerLagAtStart", workerLag).put("evaluations", evaluations)
      .put("lag", lag.json(DetectorLag.steps(metrics)))
      .put("verdicts", verdicts)
      .put("eventsStored", run.counts().events());
    run.results().put("detection", figures);
    run.say("detection: detector %.2f cores busy, %.1f CPU s per million events; ClickHouse %.2f cores busy without"
        + " it, %.2f with it; verdict p50/p95/p99 %s / %s / %s ms", with.detectorCpu() / with.seconds(),
      with.detectorCpuPerMillion(), without.clickHouseCpu() / without.seconds(), with.clickHouseCpu() / with.seconds(),
      verdicts.getValue("p50Ms"), verdicts.getValue("p95Ms"), verdicts.getValue("p99Ms"));
    run.stop(web);
    run.stop(generator);
    run.stop(detector);
    run.stop(worker);
    if (!sweep.intensities().isEmpty()) {
      figures.put("sweep", DetectionSweep.run(run, clickHousePid));
    }
  }

  /** Events stored and the CPU of ClickHouse, of the detector (0 without one) and of the machine over one window. */
  private record DetectionWindow(long stored, double seconds, double clickHouseCpu, double detectorCpu,
                                 double machineBusy, boolean withDetector) {

    double detectorCpuPerMillion() {
      return stored == 0 ? Double.NaN : detectorCpu / stored * 1e6;
    }

    JsonObject json() {
      JsonObject json = new JsonObject().put("seconds", PipelineBench.round(seconds)).put("eventsStored", stored)
        .put("eventsPerSecond", PipelineBench.round(stored / seconds))
        .put("clickHouseCpuCoresBusy", PipelineBench.round(clickHouseCpu / seconds))
        .put("clickHouseCpuSecondsPerMillionEvents", stored == 0 ? null
          : PipelineBench.round(clickHouseCpu / stored * 1e6))
        .put("machineCpuCoresBusy", PipelineBench.round(machineBusy / seconds));
      if (withDetector) {
        json.put("detectorCpuCoresBusy", Math.round(detectorCpu / seconds * 1000) / 1000.0)
          .put("detectorCpuSecondsPerMillionEvents", stored == 0 ? null : PipelineBench.round(detectorCpuPerMillion()));
      }
      return json;
    }
  }

  /** Measures for {@code --detection-seconds}, sampling each rule's lag into {@code lag} every few seconds if given. */
  private static DetectionWindow measure(BenchRun run, String what, long clickHousePid, RoleProcess detector,
                                         DetectorLag lag) throws IOException, InterruptedException {
    StoreCounts counts = run.counts();
    long events0 = counts.events();
    double clickHouse0 = ProcStat.cpuSeconds(clickHousePid);
    double detector0 = detector == null ? 0 : ProcStat.cpuSeconds(detector.pid());
    double busy0 = ProcStat.machineBusySeconds();
    long started = System.nanoTime();
    long end = started + Duration.ofSeconds(run.options().detectionSeconds()).toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(Waits.PROGRESS_INTERVAL.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      run.checkRolesAlive();
      if (lag != null) {
        // the newest stored event, as the detector's watermark reads it, and each rule's last evaluated tick
        counts.detectorProgress().ifPresent(progress -> lag.add(progress.newestEventMillis(),
          progress.ruleTicksMillis()));
      }
      run.say("  %s: %,d events stored, %d s left", what, counts.events(),
        Math.max(0, (end - System.nanoTime()) / 1_000_000_000));
    }
    long events1 = counts.events();
    double clickHouse1 = ProcStat.cpuSeconds(clickHousePid);
    double detector1 = detector == null ? 0 : ProcStat.cpuSeconds(detector.pid());
    double busy1 = ProcStat.machineBusySeconds();
    return new DetectionWindow(events1 - events0, (System.nanoTime() - started) / 1e9, clickHouse1 - clickHouse0,
      detector1 - detector0, busy1 - busy0, detector != null);
  }
}
