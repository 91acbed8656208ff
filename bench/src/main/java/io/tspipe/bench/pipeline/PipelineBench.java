package io.tspipe.bench.pipeline;

import io.tspipe.bench.BenchOptions;
import io.tspipe.bench.Figures;
import io.tspipe.bench.Mix;
import io.tspipe.bench.SampledValues;
import io.tspipe.bench.SearchLoadVerticle;
import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * The benchmark harness ({@code tools/bench}): runs the real pipeline on the local engines, phase by phase, and reports
 * what it measured beside the engines' own limits. See {@link HarnessOptions#USAGE}. Blocking: it orchestrates processes
 * from the main thread; only the load it generates runs on Vert.x.
 */
public final class PipelineBench {

  private static final String DATABASE = "bench";
  /** The detection sweep's own store, so its detectors and its score see only its traffic. */
  private static final String SWEEP_DATABASE = "bench_sweep";
  private static final String INDEX = "events";
  private static final String MASTER_KEY = "tspipe-bench-master-key-0123456789";
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
  private static final Duration UNTIL_CHECK_INTERVAL = Duration.ofSeconds(1);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(20);
  /** Share of the events sent that are stored once a backlog is drained: about 1% are bad or re-sent. */
  private static final double BACKLOG_GONE = 0.98;
  private static final String ROLE_HEAP = "2g";

  private final HarnessOptions options;
  private final Path repo;
  private final Path jar;
  private final PrintStream out;
  private final JsonObject results = new JsonObject();
  private final List<RoleProcess> running = new ArrayList<>();
  /** The harness's own Vert.x: the load, the probes and the limits run on it; the roles have theirs. */
  private final Vertx vertx = Vertx.vertx();
  private LocalStack stack;
  private StoreCounts counts;
  private int nextPort;

  private PipelineBench(HarnessOptions options, Path repo, PrintStream out) {
    this.options = options;
    this.repo = repo;
    this.jar = repo.resolve("verticles/target/tspipe.jar");
    this.out = out;
    this.nextPort = options.basePort() + 10;
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
      bench.runPhases();
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

  private void runPhases() throws Exception {
    Instant startedAt = Instant.now();
    results.put("startedAt", startedAt.toString()).put("machine", Machine.describe()).put("options", optionsJson());
    say("data in %s (emptied), engines from port %d", options.dataDir(), options.basePort());
    deleteRecursively(options.dataDir());
    stack = LocalStack.start(repo, options.dataDir(), options.basePort(), MASTER_KEY);
    counts = new StoreCounts(stack.endpoints(), DATABASE, INDEX);
    say("engines ready: Kafka %s, ClickHouse %s, Meilisearch %s", stack.endpoints().kafkaBootstrap(),
      stack.endpoints().clickHouseUrl(), stack.endpoints().meilisearchUrl());
    if (options.runs(HarnessOptions.Phase.INGEST)) {
      ingest();
    }
    if (options.runs(HarnessOptions.Phase.INDEX)) {
      index();
    }
    if (options.runs(HarnessOptions.Phase.LIMITS)) {
      limits();
    }
    if (options.runs(HarnessOptions.Phase.FRESHNESS)) {
      freshness();
    }
    if (options.runs(HarnessOptions.Phase.DASHBOARD) || options.runs(HarnessOptions.Phase.SSE)) {
      webPhases();
    }
    if (options.runs(HarnessOptions.Phase.DETECTION)) {
      detection();
    }
    if (options.runs(HarnessOptions.Phase.STREAMS_SPIKE)) {
      streamsSpike();
    }
    if (options.runs(HarnessOptions.Phase.BACKTEST)) {
      backtest();
    }
    results.put("finishedAt", Instant.now().toString());
    out.println();
    out.print(ResultTable.render(results));
    Files.createDirectories(options.json().toAbsolutePath().getParent());
    Files.writeString(options.json(), results.encodePrettily() + System.lineSeparator(), StandardCharsets.UTF_8);
    say("figures written to %s", options.json());
  }

  /**
   * Generator as a firehose, worker storing: first both at once (they share the cores), then the worker alone draining
   * the backlog the firehose built up, which is the pipeline's own rate. Events/s into ClickHouse, the worker's CPU per
   * event and its heap high-water mark.
   */
  private void ingest() throws Exception {
    phase("ingest", "generator at %,d events/s (a firehose) and the worker: %d s warm-up, %d s measured with both"
      + " running, then %d s measured of the worker draining the backlog", options.firehoseRate(), options.warmup(),
      options.seconds(), options.seconds());
    String stream = "firehose";
    RoleProcess worker = startRole("worker", "worker", stream, Map.of());
    RoleProcess generator = startRole("generator", "generator", stream, generatorRate(options.firehoseRate()));
    try (RoleSampler sampler = RoleSampler.start(List.of(worker))) {
      watch("warm-up", options.warmup());
      double sent0 = generator.metric("tspipe_generator_events_sent_total", "");
      IngestWindow concurrent = measureIngest(worker, "measuring, generator running", count -> false);
      double sent1 = generator.metric("tspipe_generator_events_sent_total", "");
      stop(generator);
      double backlog = sent1 - counts.events();
      say("ingest: generator stopped with about %,.0f events not yet stored; the worker drains them", backlog);
      // the window ends early once the backlog is gone: about 1% of what is sent is bad or re-sent, never stored
      IngestWindow drain = measureIngest(worker, "measuring, worker draining", count -> count >= sent1 * BACKLOG_GONE);
      long events = counts.events();
      boolean drained = events >= sent1 * BACKLOG_GONE;
      results.put("ingest", drain.json()
        .put("mode", "the worker alone, draining the backlog the firehose built up")
        .put("backlogRanOut", drained)
        .put("workerHeapHighWaterMiB", round(sampler.heapHighWaterBytes("worker") / (1 << 20)))
        .put("workerHeapMax", ROLE_HEAP)
        .put("withGeneratorRunning", concurrent.json()
          .put("producedPerSecond", round((sent1 - sent0) / concurrent.seconds())))
        .put("storedTotal", events));
      say("ingest: %,.0f events/s stored draining (%,.0f/s with the generator beside it, which produced %,.0f/s);"
          + " worker %.1f CPU s per million events", drain.perSecond(), concurrent.perSecond(),
        (sent1 - sent0) / concurrent.seconds(), drain.cpuSecondsPerMillion());
      if (drained && drain.seconds() < options.seconds() / 2.0) {
        say("ingest: WARNING the backlog ran out after %.0f s: the drain rate is over that short a window; raise"
          + " --warmup", drain.seconds());
      }
    }
    stop(worker);
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
      return new JsonObject().put("seconds", round(seconds)).put("eventsStored", stored)
        .put("eventsPerSecond", round(perSecond()))
        .put("workerCpuSecondsPerMillionEvents", stored == 0 ? null : round(cpuSecondsPerMillion()))
        .put("workerCpuCoresBusy", round(cpuSeconds / seconds))
        .put("machineCpuCoresBusy", round(machineBusySeconds / seconds));
    }
  }

  /** Measures for {@code --seconds}, or until the count of stored events satisfies {@code until}. */
  private IngestWindow measureIngest(RoleProcess worker, String what, LongPredicate until)
    throws IOException, InterruptedException {
    long events0 = counts.events();
    double cpu0 = worker.cpuSeconds();
    double busy0 = ProcStat.machineBusySeconds();
    long started = System.nanoTime();
    progress(what, options.seconds(), StoreCounts::events, until);
    long events1 = counts.events();
    double cpu1 = worker.cpuSeconds();
    double busy1 = ProcStat.machineBusySeconds();
    return new IngestWindow(events1 - events0, (System.nanoTime() - started) / 1e9, cpu1 - cpu0, busy1 - busy0);
  }

  /** The indexer alone, draining the firehose's records into the search index: documents/s. */
  private void index() throws Exception {
    phase("index", "the indexer draining what the firehose produced, %d s warm-up, %d s measured", options.warmup(),
      options.seconds());
    RoleProcess indexer = startRole("indexer", "indexer", "firehose", Map.of());
    watchIndex("warm-up", options.warmup());
    long documents0 = counts.documents();
    double cpu0 = indexer.cpuSeconds();
    double busy0 = ProcStat.machineBusySeconds();
    long started = System.nanoTime();
    watchIndex("measuring", options.seconds());
    long documents1 = counts.documents();
    double cpu = indexer.cpuSeconds() - cpu0;
    double busy = ProcStat.machineBusySeconds() - busy0;
    double seconds = (System.nanoTime() - started) / 1e9;
    long indexed = documents1 - documents0;
    results.put("index", new JsonObject()
      .put("seconds", round(seconds))
      .put("documentsIndexed", indexed)
      .put("documentsPerSecond", round(indexed / seconds))
      .put("indexerCpuSecondsPerMillionDocuments", indexed == 0 ? null : round(cpu / indexed * 1e6))
      .put("indexerCpuCoresBusy", round(cpu / seconds))
      .put("machineCpuCoresBusy", round(busy / seconds))
      .put("indexedTotal", documents1));
    say("index: %,.0f documents/s; indexer %.1f CPU s per million documents, %.1f of the machine's cores busy",
      indexed / seconds, cpu / indexed * 1e6, busy / seconds);
    stop(indexer);
  }

  /** The engines' own bulk rates for the same rows and documents, and our rates as a share of them. */
  private void limits() throws Exception {
    phase("limits", "ClickHouse's own bulk insert of %,d stored rows, Meilisearch's own bulk indexing of %,d documents",
      options.limitRows(), options.limitDocuments());
    EngineLimitsPhase.run(vertx, stack.endpoints(), DATABASE, INDEX, options, results, out);
  }

  /**
   * Probe events beside the generator's at each offered rate: produced → queryable, produced → searchable. One worker
   * and one indexer serve every rate, so none pays a start-up inside a measurement; between rates the generator stops
   * and the pipeline drains its lag.
   */
  private void freshness() throws Exception {
    String stream = "fresh";
    RoleProcess worker = startRole("worker-fresh", "worker", stream, Map.of());
    RoleProcess indexer = startRole("indexer-fresh", "indexer", stream, Map.of());
    JsonArray phases = new JsonArray();
    List<Integer> rates = options.freshnessRates();
    for (int i = 0; i < rates.size(); i++) {
      int offered = rates.get(i);
      int rate = offered == HarnessOptions.MAX_RATE ? maxRate() : offered;
      String label = offered == HarnessOptions.MAX_RATE ? "max (" + String.format(Locale.ROOT, "%,d", rate) + "/s)"
        : String.format(Locale.ROOT, "%,d/s", rate);
      int warmup = Math.min(options.warmup(), 10);
      phase("freshness " + label, "generator at %,d events/s beside the worker and the indexer, %d s warm-up, probes"
        + " for %d s", rate, warmup, options.freshnessSeconds());
      RoleProcess generator = startRole("generator-fresh-" + rate, "generator", stream, generatorRate(rate));
      awaitGrowing(worker, "tspipe_worker_events_inserted_total", "the worker to store events");
      awaitGrowing(indexer, "tspipe_indexer_documents_indexed_total", "the indexer to index documents");
      watch("warm-up", warmup);
      long workerLag = awaitCaughtUp("bench-worker-" + stream, rate);
      JsonObject figures = FreshnessPhase.run(vertx, stack.endpoints(), kafkaSettings(stream), DATABASE, INDEX,
        Duration.ofSeconds(options.freshnessSeconds()), out);
      phases.add(figures.put("offeredPerSecond", rate).put("label", label).put("documentsInIndex", counts.documents())
        .put("eventsStored", counts.events()).put("workerLagAtStart", workerLag));
      stop(generator);
      if (i + 1 < rates.size()) {
        awaitDrained(List.of(worker, indexer));
      }
    }
    results.put("freshness", phases);
    stop(indexer);
    stop(worker);
  }

  /** The web role over the stored events while ingesting: dashboard API latency, then the SSE fan-out. */
  private void webPhases() throws Exception {
    String stream = "live";
    RoleProcess worker = startRole("worker-live", "worker", stream, Map.of());
    if (options.dashboardEvents() > counts.events()) {
      fill(stream, options.dashboardEvents());
      awaitDrained(List.of(worker));
    }
    RoleProcess generator = startRole("generator-live", "generator", stream, generatorRate(options.dashboardRate()));
    awaitGrowing(worker, "tspipe_worker_events_inserted_total", "the worker to store events");
    int webPort = options.basePort() + 4;
    RoleProcess web = startRole("web", "web", stream, webEnvironment(webPort));
    String webUrl = "http://" + LocalStack.HOST + ":" + webPort;
    watch("warm-up", Math.min(options.warmup(), 10));
    if (options.runs(HarnessOptions.Phase.DASHBOARD)) {
      dashboard(webUrl);
    }
    if (options.runs(HarnessOptions.Phase.SSE)) {
      phase("sse", "%,d subscribers of the live metrics feed for %d s, while ingesting %,d events/s",
        options.sseSubscribers(), options.sseSeconds(), options.dashboardRate());
      results.put("sse", SsePhase.run(vertx, webUrl, options.sseSubscribers(), Duration.ofSeconds(options.sseSeconds()), out));
    }
    stop(web);
    stop(generator);
    stop(worker);
  }

  private void dashboard(String webUrl) throws Exception {
    long stored = counts.events();
    phase("dashboard", "dashboard APIs over %,d stored events while ingesting %,d events/s, %d requests in flight for"
      + " %d s", stored, options.dashboardRate(), options.dashboardConcurrency(), options.dashboardSeconds());
    JsonArray kinds = measuredKinds(webUrl, Mix.DASHBOARD, null);
    phase("dashboard", "pages over the same events, %d requests in flight for %d s",
      options.dashboardConcurrency(), options.dashboardSeconds());
    kinds.addAll(measuredKinds(webUrl, Mix.PAGES, storedValues()));
    results.put("dashboard", new JsonObject().put("eventsStored", stored).put("ingestingPerSecond",
      options.dashboardRate()).put("concurrency", options.dashboardConcurrency()).put("kinds", kinds));
  }

  private JsonArray measuredKinds(String webUrl, Mix mix, SampledValues values) throws Exception {
    SearchLoadVerticle load = new SearchLoadVerticle(new BenchOptions(webUrl, options.dashboardSeconds(), 5,
      options.dashboardConcurrency(), Optional.empty(), mix, Optional.empty()), values, out, out);
    String deployment = vertx.deployVerticle(load).await();
    SearchLoadVerticle.Run run = load.finished().await();
    vertx.undeploy(deployment).await();
    JsonArray kinds = new JsonArray();
    for (Figures figures : run.figures()) {
      kinds.add(new JsonObject().put("name", figures.name()).put("count", figures.count())
        .put("errors", figures.errors()).put("perSecond", round(figures.perSecond()))
        .put("p50Ms", round(figures.latency().p50()))
        .put("p95Ms", round(figures.latency().p95())).put("p99Ms", round(figures.latency().p99()))
        .put("maxMs", round(figures.latency().max())));
      out.printf(Locale.ROOT, "bench: dashboard %-18s %6d answered, %3d errors, %7.1f req/s, p50 %8.1f, p95 %8.1f, "
          + "p99 %8.1f ms%n", figures.name(), figures.count(), figures.errors(), figures.perSecond(),
        figures.latency().p50(), figures.latency().p95(), figures.latency().p99());
    }
    return kinds;
  }

  /** Users, IPs and event ids of the newest stored events, for the pages to open. */
  private SampledValues storedValues() throws IOException, InterruptedException {
    String rows = counts.clickHouse("SELECT toString(user_id), source_ip, toString(id) FROM " + DATABASE
      + ".events WHERE timestamp > now() - INTERVAL 10 MINUTE ORDER BY timestamp DESC LIMIT 100");
    List<String> users = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String line : rows == null ? new String[0] : rows.split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 3) {
        users.add(fields[0]);
        ips.add(fields[1]);
        ids.add(fields[2]);
      }
    }
    return new SampledValues(users.stream().distinct().toList(), ips.stream().distinct().toList(), List.of(), ids);
  }

  private Map<String, String> webEnvironment(int webPort) throws IOException, InterruptedException {
    return Map.of("TSPIPE_WEB_HOST", LocalStack.HOST, "TSPIPE_WEB_PORT", Integer.toString(webPort),
      "TSPIPE_SEARCH_SEARCH_KEY", searchKey(), "TSPIPE_SEARCH_MASTER_KEY", "");
  }

  /**
   * The detector with the repository's rules beside the worker, the generator at {@code --detection-rate} and the web
   * role: ClickHouse's CPU over a window without the detector, then over one with it, beside the detector's own CPU,
   * its evaluation time per rule and how far each rule's progress trails the newest stored event; then the verdict
   * API's latency, one request at a time, on IPs and users of the stored events, a share of them labelled first; then,
   * unless no intensity is asked for, the scenario sweep.
   */
  private void detection() throws Exception {
    String stream = "detect";
    int rate = options.detectionRate();
    HarnessOptions.Sweep sweep = options.sweep();
    phase("detection", "generator at %,d events/s, the worker and the web role: %d s warm-up, %d s measured without"
      + " the detector, then with it (%d s warm-up, %d s measured), then %,d verdict requests one at a time%s", rate,
      options.warmup(), options.detectionSeconds(), options.warmup(), options.detectionSeconds(),
      options.verdictRequests(), sweep.intensities().isEmpty() ? "" : String.format(Locale.ROOT, "; then the"
        + " scenario sweep at %,d events/s", sweep.rate()));
    long clickHousePid = stack.clickHousePid();
    RoleProcess worker = startRole("worker-detect", "worker", stream, Map.of());
    RoleProcess generator = startRole("generator-detect", "generator", stream, generatorRate(rate));
    awaitGrowing(worker, "tspipe_worker_events_inserted_total", "the worker to store events");
    int webPort = options.basePort() + 6;
    RoleProcess web = startRole("web-detect", "web", stream, webEnvironment(webPort));
    watch("warm-up", options.warmup());
    long workerLag = awaitCaughtUp("bench-worker-" + stream, rate);
    DetectionWindow without = measureDetection("measuring without the detector", clickHousePid, null, null);
    RoleProcess detector = startRole("detector", "detector", stream,
      Map.of(Config.envName("detector.rulesDir"), repo.resolve("rules").toString()));
    awaitGrowing(detector, "tspipe_detector_evaluations_total", "the detector to evaluate its rules");
    watch("warm-up", options.warmup());
    RuleEvaluations before = RuleEvaluations.of(detector.metrics());
    DetectorLag lag = new DetectorLag();
    DetectionWindow with = measureDetection("measuring with the detector", clickHousePid, detector, lag);
    JsonArray evaluations = RuleEvaluations.of(detector.metrics()).since(before);
    JsonObject sample = new JsonObject();
    List<VerdictLatency.Entity> entities = verdictEntities(sample);
    phase("verdicts", "%,d requests one at a time over %,d entities (%s), ingesting %,d events/s, the detector running",
      options.verdictRequests(), entities.size(), sample.encode(), rate);
    JsonObject verdicts = VerdictLatency.measure("http://" + LocalStack.HOST + ":" + webPort, entities,
      options.verdictRequests(), out).put("sample", sample);
    JsonObject figures = new JsonObject().put("ingestingPerSecond", rate)
      .put("withoutDetector", without.json()).put("withDetector", with.json())
      .put("workerLagAtStart", workerLag).put("evaluations", evaluations).put("lag", lag.json())
      .put("verdicts", verdicts)
      .put("eventsStored", counts.events());
    results.put("detection", figures);
    say("detection: detector %.2f cores busy, %.1f CPU s per million events; ClickHouse %.2f cores busy without it,"
        + " %.2f with it; verdict p50/p95/p99 %s / %s / %s ms", with.detectorCpu() / with.seconds(),
      with.detectorCpuPerMillion(), without.clickHouseCpu() / without.seconds(), with.clickHouseCpu() / with.seconds(),
      verdicts.getValue("p50Ms"), verdicts.getValue("p95Ms"), verdicts.getValue("p99Ms"));
    stop(web);
    stop(generator);
    stop(detector);
    stop(worker);
    if (!sweep.intensities().isEmpty()) {
      figures.put("sweep", sweep(clickHousePid));
    }
  }

  /**
   * The scenario sweep ({@link DetectionSweep}): a worker, a detector with {@code rules/} and a generator at
   * {@code --sweep-rate} with {@code --sweep-users} people, on topics and a database of their own, so what is scored is
   * the sweep's traffic alone, not the tail of the traffic at {@code --detection-rate} before it.
   */
  private JsonObject sweep(long clickHousePid) throws Exception {
    String stream = "sweep";
    HarnessOptions.Sweep settings = options.sweep();
    phase("detection sweep", "generator at %,d events/s with %,d people, a worker and the detector on a store of"
        + " their own: %d s warm-up and until the detector has caught up, %d s of calm traffic, then at each of %s"
        + " every scenario for %d s and %d s to settle, each step scored against the generator's truth",
      settings.rate(), settings.users(), options.warmup(), settings.calmSeconds(),
      settings.intensities().stream().map(SweepTable::percent).toList(), settings.seconds(), settings.settleSeconds());
    Map<String, String> store = Map.of("TSPIPE_CLICKHOUSE_DATABASE", SWEEP_DATABASE);
    Map<String, String> people = new HashMap<>(generatorRate(settings.rate()));
    people.put(Config.envName("generator.users"), Integer.toString(settings.users()));
    RoleProcess worker = startRole("worker-sweep", "worker", stream, store);
    RoleProcess generator = startRole("generator-sweep", "generator", stream, people);
    awaitGrowing(worker, "tspipe_worker_events_inserted_total", "the worker to store events");
    Map<String, String> detectorEnvironment = new HashMap<>(store);
    detectorEnvironment.put(Config.envName("detector.rulesDir"), repo.resolve("rules").toString());
    RoleProcess detector = startRole("detector-sweep", "detector", stream, detectorEnvironment);
    awaitGrowing(detector, "tspipe_detector_evaluations_total", "the detector to evaluate its rules");
    DetectionSweep.Setup setup = new DetectionSweep.Setup(vertx, stack.endpoints(), SWEEP_DATABASE,
      kafkaSettings(stream).controlTopic(), new StoreCounts(stack.endpoints(), SWEEP_DATABASE, INDEX), detector,
      clickHousePid, settings, options.warmup(), this::checkRolesAlive, out);
    JsonObject figures;
    try (DetectionSweep sweep = new DetectionSweep(setup)) {
      figures = sweep.run().put("database", SWEEP_DATABASE);
    }
    stop(detector);
    stop(generator);
    stop(worker);
    return figures;
  }

  /**
   * The Kafka Streams spike ({@link StreamsSpikePhase}): the generator at {@code --detection-rate} with no worker, the
   * rule ip_login_failures as a Streams application beside it, then replayed.
   */
  private void streamsSpike() throws Exception {
    String stream = "spike";
    int rate = options.detectionRate();
    phase("streams-spike", "generator at %,d events/s: %d s measured alone, then %d s warm-up and %d s measured with"
      + " the Streams app while attacks run, then a replay of its topic under a new application id", rate,
      options.detectionSeconds(), options.warmup(), options.detectionSeconds());
    StreamsSpikePhase.Setup setup = new StreamsSpikePhase.Setup(stack, stream, kafkaSettings(stream),
      repo.resolve("bench/target/tspipe-bench.jar"), options.dataDir(), rate, options.warmup(),
      options.detectionSeconds(), options.spikeThreads(), options.spikeGrace(), out);
    JsonObject figures = StreamsSpikePhase.run(setup, new StreamsSpikePhase.Generators() {
      @Override
      public RoleProcess start(String topics) throws IOException, InterruptedException {
        return startRole("generator-" + topics, "generator", topics, generatorRate(rate));
      }

      @Override
      public void stop(RoleProcess generator) throws InterruptedException {
        PipelineBench.this.stop(generator);
      }
    });
    results.put("streamsSpike", figures);
    JsonObject with = figures.getJsonObject("withApp");
    JsonObject replay = figures.getJsonObject("replay");
    say("streams-spike: app %.2f cores busy, %.1f CPU s per million events sent; broker %.2f cores busy without it,"
        + " %.2f with it; replay of %,d records in %.1f s, same detections: %s", with.getDouble("appCpuCoresBusy"),
      with.getDouble("appCpuSecondsPerMillionEventsSent"),
      figures.getJsonObject("withoutApp").getDouble("brokerCpuCoresBusy"), with.getDouble("brokerCpuCoresBusy"),
      replay.getLong("records"), replay.getDouble("processingSeconds"),
      replay.getJsonObject("detections").getBoolean("same"));
  }

  /**
   * The backtest's speed ({@link BacktestPhase}): a worker and a generator on simulated time fill the store with
   * {@code --backtest-events} events, then the backtest command replays the repository's rules over them.
   */
  private void backtest() throws Exception {
    String stream = "backtest";
    phase("backtest", "%,d events stamped at %,d events/s of simulated time, stored, then rules/ replayed over them",
      options.backtestEvents(), options.backtestRate());
    Map<String, String> environment = baseEnvironment(stream);
    BacktestPhase.Setup setup = new BacktestPhase.Setup(jar, repo.resolve("rules"), options.dataDir(), environment,
      stack.clickHousePid(), options.backtestEvents(), options.backtestRate(), out);
    List<RoleProcess> filling = new ArrayList<>();
    JsonObject figures = BacktestPhase.run(setup, new BacktestPhase.Store() {
      @Override
      public void fill(Instant start, long seconds) throws IOException, InterruptedException {
        filling.add(startRole("worker-backtest", "worker", stream, Map.of()));
        filling.add(startRole("generator-backtest", "generator", stream, Map.of(
          "TSPIPE_GENERATOR_RATE_PER_SECOND", Integer.toString(options.backtestRate()),
          "TSPIPE_GENERATOR_ATTACK_MODE", "auto",
          Config.envName("generator.simulated.enabled"), "true",
          Config.envName("generator.simulated.start"), start.toString(),
          Config.envName("generator.simulated.durationSeconds"), Long.toString(seconds))));
      }

      @Override
      public long events() throws IOException, InterruptedException {
        return counts.events();
      }

      @Override
      public void stopFilling() throws InterruptedException {
        for (RoleProcess role : filling) {
          stop(role);
        }
      }
    });
    results.put("backtest", figures);
    say("backtest: %,d events (%,d s of event time) replayed by %d rules, %,d evaluations, in %.1f s: %,.0f events/s,"
        + " %.1f evaluations/s; ClickHouse %.2f cores busy", figures.getLong("eventsInPeriod"),
      figures.getLong("periodSeconds"), figures.getInteger("rules"), figures.getLong("ruleEvaluations"),
      figures.getDouble("seconds"), figures.getDouble("eventsPerSecond"), figures.getDouble("evaluationsPerSecond"),
      figures.getDouble("clickHouseCpuCoresBusy"));
  }

  /** Events stored and the CPU of ClickHouse, of the detector (0 without one) and of the machine over one window. */
  private record DetectionWindow(long stored, double seconds, double clickHouseCpu, double detectorCpu,
                                 double machineBusy, boolean withDetector) {

    double detectorCpuPerMillion() {
      return stored == 0 ? Double.NaN : detectorCpu / stored * 1e6;
    }

    JsonObject json() {
      JsonObject json = new JsonObject().put("seconds", round(seconds)).put("eventsStored", stored)
        .put("eventsPerSecond", round(stored / seconds))
        .put("clickHouseCpuCoresBusy", round(clickHouseCpu / seconds))
        .put("clickHouseCpuSecondsPerMillionEvents", stored == 0 ? null : round(clickHouseCpu / stored * 1e6))
        .put("machineCpuCoresBusy", round(machineBusy / seconds));
      if (withDetector) {
        json.put("detectorCpuCoresBusy", Math.round(detectorCpu / seconds * 1000) / 1000.0)
          .put("detectorCpuSecondsPerMillionEvents", stored == 0 ? null : round(detectorCpuPerMillion()));
      }
      return json;
    }
  }

  /** Measures for {@code --detection-seconds}, sampling each rule's lag into {@code lag} every few seconds if given. */
  private DetectionWindow measureDetection(String what, long clickHousePid, RoleProcess detector, DetectorLag lag)
    throws IOException, InterruptedException {
    long events0 = counts.events();
    double clickHouse0 = ProcStat.cpuSeconds(clickHousePid);
    double detector0 = detector == null ? 0 : detector.cpuSeconds();
    double busy0 = ProcStat.machineBusySeconds();
    long started = System.nanoTime();
    long end = started + Duration.ofSeconds(options.detectionSeconds()).toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(PROGRESS_INTERVAL.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      checkRolesAlive();
      if (lag != null) {
        sampleLag(lag);
      }
      say("  %s: %,d events stored, %d s left", what, counts.events(), Math.max(0, (end - System.nanoTime()) / 1_000_000_000));
    }
    long events1 = counts.events();
    double clickHouse1 = ProcStat.cpuSeconds(clickHousePid);
    double detector1 = detector == null ? 0 : detector.cpuSeconds();
    double busy1 = ProcStat.machineBusySeconds();
    return new DetectionWindow(events1 - events0, (System.nanoTime() - started) / 1e9, clickHouse1 - clickHouse0,
      detector1 - detector0, busy1 - busy0, detector != null);
  }

  /** The newest stored event, as the detector's watermark reads it, and each rule's last evaluated tick. */
  private void sampleLag(DetectorLag lag) throws IOException, InterruptedException {
    counts.detectorProgress().ifPresent(progress -> lag.add(progress.newestEventMillis(), progress.ruleTicksMillis()));
  }

  /** Share of the sampled entities given a label first, so some verdicts rest on labels. */
  private static final int LABEL_EVERY = 10;

  /**
   * IPs and users of the last 10 minutes' stored events, those with detections or labels, and a label set on every
   * {@value #LABEL_EVERY}th of the events' ones (bad, neutral, good in turn); shuffled with a fixed seed. What was
   * sampled is put into {@code sample}.
   */
  private List<VerdictLatency.Entity> verdictEntities(JsonObject sample) throws IOException, InterruptedException {
    String recent = "timestamp >= now() - INTERVAL 10 MINUTE";
    List<VerdictLatency.Entity> fromEvents = entities("SELECT 'ip', source_ip FROM " + DATABASE + ".events WHERE "
      + recent + " AND source_ip != '' GROUP BY source_ip ORDER BY cityHash64(source_ip) LIMIT 400 UNION ALL "
      + "SELECT 'user', toString(user_id) FROM " + DATABASE + ".events WHERE " + recent + " AND user_id != "
      + "toUUID('00000000-0000-0000-0000-000000000000') GROUP BY user_id ORDER BY cityHash64(user_id) LIMIT 400");
    List<VerdictLatency.Entity> detected = entities("SELECT DISTINCT toString(entity_kind), entity FROM " + DATABASE
      + ".detections WHERE entity_kind IN ('ip', 'user') LIMIT 200");
    List<VerdictLatency.Entity> labelled = entities("SELECT DISTINCT toString(entity_kind), entity FROM " + DATABASE
      + ".labels WHERE entity_kind IN ('ip', 'user') LIMIT 200");
    List<String> rows = new ArrayList<>();
    String[] connotations = {"bad", "neutral", "good"};
    for (int i = 0; i < fromEvents.size(); i += LABEL_EVERY) {
      VerdictLatency.Entity entity = fromEvents.get(i);
      rows.add(String.format(Locale.ROOT, "('%s', '%s', 'bench_sample', '%s', 'bench', 'person:bench', NULL, false, "
        + "now64(3), 'bench')", entity.kind(), entity.value(), connotations[(i / LABEL_EVERY) % connotations.length]));
    }
    if (!rows.isEmpty()) {
      counts.clickHouseWrite("INSERT INTO " + DATABASE + ".labels (entity_kind, entity, label, connotation, reason, "
        + "source, expires_at, removed, changed_at, changed_by) VALUES " + String.join(", ", rows));
    }
    sample.put("fromEvents", fromEvents.size()).put("labelledHere", rows.size())
      .put("withDetections", detected.size()).put("withLabelsBefore", labelled.size());
    List<VerdictLatency.Entity> entities = new ArrayList<>(new java.util.LinkedHashSet<>(Stream.of(fromEvents,
      detected, labelled).flatMap(List::stream).toList()));
    java.util.Collections.shuffle(entities, new java.util.Random(1));
    return entities;
  }

  private List<VerdictLatency.Entity> entities(String sql) throws IOException, InterruptedException {
    String answer = counts.clickHouse(sql);
    if (answer == null) {
      throw new IllegalStateException("ClickHouse refused: " + sql);
    }
    List<VerdictLatency.Entity> entities = new ArrayList<>();
    for (String line : answer.split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 2 && !fields[1].isEmpty()) {
        entities.add(new VerdictLatency.Entity(fields[0], fields[1]));
      }
    }
    return entities;
  }

  /** Runs the firehose into {@code stream} until ClickHouse holds {@code target} events. */
  private void fill(String stream, long target) throws Exception {
    phase("fill", "storing up to %,d events with the firehose before the dashboard is measured", target);
    RoleProcess generator = startRole("generator-fill", "generator", stream, generatorRate(options.firehoseRate()));
    long last = System.nanoTime();
    long lastCount = counts.events();
    while (lastCount < target) {
      Thread.sleep(PROGRESS_INTERVAL.toMillis());
      long count = counts.events();
      long now = System.nanoTime();
      say("fill: %,d of %,d events stored (%,.0f/s)", count, target, (count - lastCount) / ((now - last) / 1e9));
      last = now;
      lastCount = count;
    }
    stop(generator);
  }

  /**
   * The highest rate the box sustains with the generator on it: 90% of what the worker stored with the generator
   * beside it in the ingest phase, in thousands.
   */
  private int maxRate() {
    JsonObject ingest = results.getJsonObject("ingest");
    if (ingest == null) {
      throw new IllegalStateException("the max freshness rate is 90% of the ingest phase's rate with the generator"
        + " beside the worker: run the ingest phase");
    }
    double sustained = ingest.getJsonObject("withGeneratorRunning").getDouble("eventsPerSecond");
    return (int) Math.max(1_000, Math.round(sustained * 0.9 / 1000) * 1000);
  }

  /**
   * Waits until {@code counter} on {@code role}'s metrics grows: a worker first primes its duplicate window from
   * ClickHouse, which takes a while over a large recent store, and no measurement may include that.
   */
  private void awaitGrowing(RoleProcess role, String counter, String what) throws IOException, InterruptedException {
    double first = role.metric(counter, "");
    long started = System.nanoTime();
    long deadline = started + Duration.ofMinutes(5).toNanos();
    long nextSay = started + PROGRESS_INTERVAL.toNanos();
    while (role.metric(counter, "") <= first) {
      checkRolesAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited 5 min for " + what + "; see " + role.log());
      }
      if (System.nanoTime() > nextSay) {
        say("  waiting for %s (%.0f s so far)", what, (System.nanoTime() - started) / 1e9);
        nextSay += PROGRESS_INTERVAL.toNanos();
      }
      Thread.sleep(250);
    }
  }

  /**
   * After the warm-up, waits until the worker's consumer group is at most a second of {@code rate} behind Kafka (its
   * batches in the making and being written hold a few tenths of one), at most {@link #CATCH_UP_TIMEOUT}, so the
   * probes measure the rate sustained rather than a backlog left from the start. The search index is not waited for: whether the indexer keeps up is part of what is measured. Returns the
   * group's lag, in records, when probing begins.
   */
  private long awaitCaughtUp(String workerGroup, int rate) throws InterruptedException {
    long caughtUp = rate;
    long started = System.nanoTime();
    long deadline = started + CATCH_UP_TIMEOUT.toNanos();
    long nextSay = started + PROGRESS_INTERVAL.toNanos();
    long lag = committedLag(workerGroup);
    while (lag > caughtUp && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      lag = committedLag(workerGroup);
      if (System.nanoTime() > nextSay) {
        say("  catching up: the worker is %,d records behind", lag);
        nextSay += PROGRESS_INTERVAL.toNanos();
      }
    }
    say("  probing with the worker %,d records behind%s", lag, lag > caughtUp
      ? String.format(Locale.ROOT, " (it did not catch up within %d s: it does not sustain this rate here)",
        CATCH_UP_TIMEOUT.toSeconds())
      : String.format(Locale.ROOT, ", after %.0f s of catching up", (System.nanoTime() - started) / 1e9));
    return lag;
  }

  /**
   * How many records {@code group} is behind the ends of the partitions it has committed offsets for: what it has yet
   * to make durable, including what its client has fetched but not yet written (which the client's own
   * {@code records-lag} leaves out).
   */
  private long committedLag(String group) throws InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.endpoints().kafkaBootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      committed.keySet().forEach(partition -> ends.put(partition, OffsetSpec.latest()));
      var latest = admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
        if (entry.getValue() != null) {
          lag += Math.max(0, latest.get(entry.getKey()).offset() - entry.getValue().offset());
        }
      }
      return lag;
    } catch (ExecutionException | TimeoutException failure) {
      throw new IllegalStateException("reading the lag of consumer group " + group + " failed: " + failure, failure);
    }
  }

  /** Waits until the roles' consumers have caught up with Kafka (at most 30 s, then goes on, saying so). */
  private void awaitDrained(List<RoleProcess> roles) throws IOException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + Duration.ofSeconds(30).toNanos();
    double lag;
    do {
      Thread.sleep(1_000);
      lag = 0;
      for (RoleProcess role : roles) {
        lag += role.metric("tspipe_kafka_consumer_lag", "");
      }
    } while (lag > 1_000 && System.nanoTime() < deadline);
    say("  drained to %,.0f records of consumer lag in %.0f s%s", lag, (System.nanoTime() - started) / 1e9,
      lag > 1_000 ? " (gave up waiting: the next rate starts behind)" : "");
  }

  /** The search-only key of the web role, made from the master key as {@code tools/up} makes it. */
  private String searchKey() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-jar", jar.toString(), "search-key").redirectError(ProcessBuilder.Redirect.appendTo(
      options.dataDir().resolve("logs/search-key.log").toFile()));
    builder.environment().putAll(baseEnvironment("live"));
    builder.environment().put("TSPIPE_SEARCH_MASTER_KEY", MASTER_KEY);
    Process process = builder.start();
    String key = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (process.waitFor() != 0 || key.isEmpty()) {
      throw new IllegalStateException("search-key failed; see " + options.dataDir().resolve("logs/search-key.log"));
    }
    return key;
  }

  private RoleProcess startRole(String name, String role, String stream, Map<String, String> extra)
    throws IOException, InterruptedException {
    Map<String, String> env = baseEnvironment(stream);
    env.put("TSPIPE_ROLES", role);
    env.putAll(extra);
    RoleProcess process = RoleProcess.start(name, jar, env, nextPort++, ROLE_HEAP, options.dataDir().resolve("logs"));
    running.add(process);
    return process;
  }

  /**
   * The configuration every role of a run shares: the engines, the database and index, the topics and consumer groups
   * of {@code stream} (each phase has its own, so none inherits another's backlog), and no simulated attack, so every
   * run offers the same traffic.
   */
  private Map<String, String> baseEnvironment(String stream) {
    Map<String, String> env = new HashMap<>();
    env.put("TSPIPE_KAFKA_BOOTSTRAP_SERVERS", stack.endpoints().kafkaBootstrap());
    env.put("TSPIPE_CLICKHOUSE_URL", stack.endpoints().clickHouseUrl());
    env.put("TSPIPE_CLICKHOUSE_DATABASE", DATABASE);
    env.put("TSPIPE_IP_INTELLIGENCE_DIR", ipIntelligenceDir().toString());
    env.put("TSPIPE_SEARCH_URL", stack.endpoints().meilisearchUrl());
    env.put("TSPIPE_SEARCH_MASTER_KEY", MASTER_KEY);
    env.put("TSPIPE_SEARCH_INDEX", INDEX);
    env.put("TSPIPE_GENERATOR_ATTACK_MODE", "off");
    env.put("TSPIPE_WORKER_GROUP_ID", "bench-worker-" + stream);
    env.put("TSPIPE_INDEXER_GROUP_ID", "bench-indexer-" + stream);
    JsonObject topics = Config.defaults().getJsonObject("kafka").getJsonObject("topics");
    for (String key : topics.fieldNames()) {
      env.put(Config.envName("kafka.topics." + key), topics.getString(key) + "-" + stream);
    }
    return env;
  }

  /** As {@code tools/up} finds it: {@code TSPIPE_IP_INTELLIGENCE_DIR}, else {@code ipdb} in the engines dir. */
  private Path ipIntelligenceDir() {
    String dir = System.getenv("TSPIPE_IP_INTELLIGENCE_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String engines = System.getenv("TSPIPE_ENGINES_DIR");
    return (engines == null || engines.isBlank() ? repo.resolve(".engines") : Path.of(engines)).resolve("ipdb");
  }

  private KafkaSettings kafkaSettings(String stream) {
    JsonObject kafka = Config.defaults().getJsonObject("kafka").copy();
    kafka.put("bootstrapServers", stack.endpoints().kafkaBootstrap());
    JsonObject topics = kafka.getJsonObject("topics");
    for (String key : topics.fieldNames()) {
      topics.put(key, topics.getString(key) + "-" + stream);
    }
    return KafkaSettings.from(kafka);
  }

  private static Map<String, String> generatorRate(int rate) {
    return Map.of("TSPIPE_GENERATOR_RATE_PER_SECOND", Integer.toString(rate));
  }

  /** Waits {@code seconds}, printing what ClickHouse holds every few seconds. */
  private void watch(String what, int seconds) throws IOException, InterruptedException {
    progress(what, seconds, StoreCounts::events);
  }

  private void watchIndex(String what, int seconds) throws IOException, InterruptedException {
    progress(what, seconds, StoreCounts::documents);
  }

  @FunctionalInterface
  private interface Counter {
    long count(StoreCounts counts) throws IOException, InterruptedException;
  }

  /** Waits {@code seconds}, printing the count and its rate every few seconds; fails if a role died meanwhile. */
  private void progress(String what, int seconds, Counter counter) throws IOException, InterruptedException {
    progress(what, seconds, counter, count -> false);
  }

  /** As above, ending early, within a second, once the count satisfies {@code until}. */
  private void progress(String what, int seconds, Counter counter, LongPredicate until)
    throws IOException, InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long previous = counter.count(counts);
    long previousAt = System.nanoTime();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(UNTIL_CHECK_INTERVAL.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      long count = counter.count(counts);
      long now = System.nanoTime();
      boolean done = until.test(count);
      if (done || now - previousAt >= PROGRESS_INTERVAL.toNanos() || now >= end) {
        say("  %s: %,d (%,.0f/s over the last %.0f s), %s", what, count, (count - previous) / ((now - previousAt)
          / 1e9), (now - previousAt) / 1e9, done ? "done" : Math.max(0, (end - now) / 1_000_000_000) + " s left");
        previous = count;
        previousAt = now;
      }
      checkRolesAlive();
      if (done) {
        return;
      }
    }
  }

  private void checkRolesAlive() {
    for (RoleProcess role : running) {
      if (!role.isAlive()) {
        throw new IllegalStateException(role.name() + " exited; see " + role.log());
      }
    }
  }

  private synchronized void stop(RoleProcess role) throws InterruptedException {
    running.remove(role);
    role.close();
  }

  /** Stops what still runs: the roles, then the engines. Called once at the end, and again, harmlessly, on a signal. */
  private synchronized void shutDown(PrintStream err) {
    try {
      for (RoleProcess role : List.copyOf(running)) {
        stop(role);
      }
      if (stack != null) {
        say("stopping the engines");
        stack.close();
        stack = null;
      }
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

  private void phase(String name, String format, Object... args) {
    out.println();
    say("== %s: %s", name, String.format(Locale.ROOT, format, args));
  }

  private void say(String format, Object... args) {
    out.printf(Locale.ROOT, "bench: " + format + "%n", args);
  }

  static double round(double value) {
    return Double.isFinite(value) ? Math.round(value * 10) / 10.0 : value;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
