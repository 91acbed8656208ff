package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The ingest phase of {@link PipelineBench}: the generator as a firehose, the worker storing; first both at once (they
 * share the cores), then the worker alone draining the backlog the firehose built up, which is the pipeline's own
 * rate. Events/s into ClickHouse, the worker's CPU per event and its heap high-water mark.
 */
final class IngestPhase {

  /** Share of the events sent that are stored once a backlog is drained: about 1% are bad or re-sent. */
  private static final double BACKLOG_GONE = 0.98;
  private static final String SENT = "tspipe_generator_events_sent_total";

  private IngestPhase() {
  }

  static void run(BenchRun run) throws Exception {
    HarnessOptions options = run.options();
    run.phase("ingest", "generator at %,d events/s (a firehose), the worker and the detector: %d s warm-up, %d s"
      + " measured with the generator running, then %d s measured of the worker draining the backlog",
      options.firehoseRate(), options.warmup(), options.seconds(), options.seconds());
    String stream = "firehose";
    RoleProcess worker = run.startRole("worker", "worker", stream, Map.of());
    RoleProcess detector = run.startDetector("detector-ingest", stream, Map.of());
    RoleProcess generator = run.startRole("generator", "generator", stream,
      BenchRun.generatorRate(options.firehoseRate()));
    try (RoleSampler sampler = RoleSampler.start(List.of(worker))) {
      Waits.watch(run, "warm-up", options.warmup());
      double sent0 = Exposition.sum(generator.metrics(), SENT, "");
      IngestWindow concurrent = measure(run, worker, "measuring, generator running", count -> false);
      double sent1 = Exposition.sum(generator.metrics(), SENT, "");
      run.stop(generator);
      double backlog = sent1 - run.counts().events();
      run.say("ingest: generator stopped with about %,.0f events not yet stored; the worker drains them", backlog);
      // the window ends early once the backlog is gone: about 1% of what is sent is bad or re-sent, never stored
      IngestWindow drain = measure(run, worker, "measuring, worker draining", count -> count >= sent1 * BACKLOG_GONE);
      long events = run.counts().events();
      boolean drained = events >= sent1 * BACKLOG_GONE;
      run.results().put("ingest", drain.json()
        .put("mode", "the worker alone, draining the backlog the firehose built up")
        .put("backlogRanOut", drained)
        .put("workerHeapHighWaterMiB", PipelineBench.round(sampler.heapHighWaterBytes("worker") / (1 << 20)))
        .put("workerHeapMax", BenchRun.ROLE_HEAP)
        .put("withGeneratorRunning", concurrent.json()
          .put("producedPerSecond", PipelineBench.round((sent1 - sent0) / concurrent.seconds())))
        .put("storedTotal", events)
        .put("detectorEvaluations", LocalPipeline.evaluations(detector)));
      run.say("ingest: %,.0f events/s stored draining (%,.0f/s with the generator beside it, which produced %,.0f/s);"
          + " worker %.1f CPU s per million events", drain.perSecond(), concurrent.perSecond(),
        (sent1 - sent0) / concurrent.seconds(), drain.cpuSecondsPerMillion());
      if (drained && drain.seconds() < options.seconds() / 2.0) {
        run.say("ingest: WARNING the backlog ran out after %.0f s: the drain rate is over that short a window; raise"
          + " --warmup", drain.seconds());
      }
    }
    run.stop(detector);
    run.stop(worker);
  }

  /** Events stored, worker CPU and the whole machine's busy CPU over one measured window. */
  private record IngestWindow(long stored, double seconds, double cpuSeconds, double machineBusySeconds) {

    double perSecond() {
      return stored / seconds;
    }

    double cpuSecondsPerMillion() {
      return stored == 0 ? Double.NaN : cpuSeconds / stored * 1e6;
    }

    JsonObject json() {
      return new JsonObject().put("seconds", PipelineBench.round(seconds)).put("eventsStored", stored)
        .put("eventsPerSecond", PipelineBench.round(perSecond()))
        .put("workerCpuSecondsPerMillionEvents", stored == 0 ? null : PipelineBench.round(cpuSecondsPerMillion()))
        .put("workerCpuCoresBusy", PipelineBench.round(cpuSeconds / seconds))
        .put("machineCpuCoresBusy", PipelineBench.round(machineBusySeconds / seconds));
    }
  }

  /** Measures for {@code --seconds}, or until the count of stored events satisfies {@code until}. */
  private static IngestWindow measure(BenchRun run, RoleProcess worker, String what, LongPredicate until)
    throws IOException, InterruptedException {
    long events0 = run.counts().events();
    double cpu0 = ProcStat.cpuSeconds(worker.pid());
    double busy0 = ProcStat.machineBusySeconds();
    long started = System.nanoTime();
    Waits.progress(run, what, run.options().seconds(), StoreCounts::events, until);
    long events1 = run.counts().events();
    double cpu1 = ProcStat.cpuSeconds(worker.pid());
    double busy1 = ProcStat.machineBusySeconds();
    return new IngestWindow(events1 - events0, (System.nanoTime() - started) / 1e9, cpu1 - cpu0, busy1 - busy0);
  }
}
