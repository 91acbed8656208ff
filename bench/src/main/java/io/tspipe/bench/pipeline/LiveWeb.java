package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;

import java.util.List;
import java.util.Map;

/**
 * The web role over the stored events while ingesting, which the dashboard phase ({@link DashboardPhase}) and then the
 * SSE fan-out phase ({@link SsePhase}) measure, whichever of them runs: a worker, the store first filled to
 * {@code --dashboard-events} by the firehose, the generator at {@code --dashboard-rate} (none at 0: ingest paused,
 * measured once the engine has merged what the fill wrote, as a store at rest is), and the web role.
 */
final class LiveWeb {

  private LiveWeb() {
  }

  static void run(BenchRun run) throws Exception {
    HarnessOptions options = run.options();
    String stream = "live";
    RoleProcess worker = run.startRole("worker-live", "worker", stream, Map.of());
    if (options.dashboardEvents() > run.counts().events()) {
      fill(run, stream, options.dashboardEvents());
      Waits.awaitDrained(run, List.of(worker));
    }
    RoleProcess generator = null;
    if (options.dashboardRate() > 0) {
      generator = run.startRole("generator-live", "generator", stream, BenchRun.generatorRate(options.dashboardRate()));
      Waits.awaitGrowing(run, worker, "tspipe_worker_events_inserted_total", "the worker to store events");
    } else {
      Waits.awaitMerged(run);
    }
    int webPort = run.webPort();
    RoleProcess web = run.startRole("web", "web", stream, run.webEnvironment(webPort));
    RoleProcess detector = run.startDetector("detector-live", stream, Map.of());
    String webUrl = "http://" + LocalStack.HOST + ":" + webPort;
    Waits.watch(run, "warm-up", Math.min(options.warmup(), 10));
    if (options.runs(HarnessOptions.Phase.DASHBOARD)) {
      DashboardPhase.run(run, webUrl, web, run.kafkaSettings(stream));
    }
    if (options.runs(HarnessOptions.Phase.SSE)) {
      SsePhase.run(run, webUrl);
    }
    run.stop(detector);
    run.stop(web);
    if (generator != null) {
      run.stop(generator);
    }
    run.stop(worker);
  }

  /** Runs the firehose into {@code stream} until ClickHouse holds {@code target} events. */
  private static void fill(BenchRun run, String stream, long target) throws Exception {
    run.phase("fill", "storing up to %,d events with the firehose before the dashboard is measured", target);
    RoleProcess generator = run.startRole("generator-fill", "generator", stream,
      BenchRun.generatorRate(run.options().firehoseRate()));
    long last = System.nanoTime();
    long lastCount = run.counts().events();
    while (lastCount < target) {
      Thread.sleep(Waits.PROGRESS_INTERVAL.toMillis());
      long count = run.counts().events();
      long now = System.nanoTime();
      run.say("fill: %,d of %,d events stored (%,.0f/s)", count, target, (count - lastCount) / ((now - last) / 1e9));
      last = now;
      lastCount = count;
    }
    run.stop(generator);
  }
}
