package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The index phase of {@link PipelineBench}: the indexer alone, draining the firehose's records into the search index.
 */
final class IndexPhase {

  private IndexPhase() {
  }

  /** Documents/s, the indexer's CPU per document and the machine's busy cores over {@code --seconds}. */
  static void run(BenchRun run) throws Exception {
    HarnessOptions options = run.options();
    run.phase("index", "the indexer draining what the firehose produced, %d s warm-up, %d s measured",
      options.warmup(), options.seconds());
    RoleProcess indexer = run.startRole("indexer", "indexer", "firehose", Map.of());
    Waits.watchIndex(run, "warm-up", options.warmup());
    long documents0 = run.counts().documents();
    double cpu0 = ProcStat.cpuSeconds(indexer.pid());
    double busy0 = ProcStat.machineBusySeconds();
    long started = System.nanoTime();
    Waits.watchIndex(run, "measuring", options.seconds());
    long documents1 = run.counts().documents();
    double cpu = ProcStat.cpuSeconds(indexer.pid()) - cpu0;
    double busy = ProcStat.machineBusySeconds() - busy0;
    double seconds = (System.nanoTime() - started) / 1e9;
    long indexed = documents1 - documents0;
    run.results().put("index", new JsonObject()
      .put("seconds", PipelineBench.round(seconds))
      .put("documentsIndexed", indexed)
      .put("documentsPerSecond", PipelineBench.round(indexed / seconds))
      .put("indexerCpuSecondsPerMillionDocuments", indexed == 0 ? null : PipelineBench.round(cpu / indexed * 1e6))
      .put("indexerCpuCoresBusy", PipelineBench.round(cpu / seconds))
      .put("machineCpuCoresBusy", PipelineBench.round(busy / seconds))
      .put("indexedTotal", documents1));
    run.say("index: %,.0f documents/s; indexer %.1f CPU s per million documents, %.1f of the machine's cores busy",
      indexed / seconds, cpu / indexed * 1e6, busy / seconds);
    run.stop(indexer);
  }
}
