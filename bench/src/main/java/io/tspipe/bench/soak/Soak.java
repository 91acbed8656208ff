package io.tspipe.bench.soak;

import io.tspipe.RoleProcess;
import io.tspipe.bench.pipeline.ConsumerLag;
import io.tspipe.bench.pipeline.Exposition;
import io.tspipe.bench.pipeline.FreshnessProbe;
import io.tspipe.bench.pipeline.FreshnessProbeLedger;
import io.tspipe.bench.pipeline.FreshnessProbeLedger.Store;
import io.tspipe.bench.pipeline.FreshnessProbeSettings;
import io.tspipe.bench.pipeline.LocalPipeline;
import io.tspipe.bench.pipeline.LocalStack;
import io.tspipe.bench.pipeline.Machine;
import io.tspipe.bench.pipeline.SseFanout;
import io.tspipe.bench.pipeline.SseFanoutResult;
import io.tspipe.bench.pipeline.SseFanoutSettings;
import io.tspipe.bench.pipeline.StoreCounts;
import io.tspipe.bench.pipeline.Waits;
import io.tspipe.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The soak ({@code tools/soak}): the whole pipeline on the local engines at a steady rate for a long while, read every
 * minute, and judged at the end on whether each figure stayed flat. See {@link SoakOptions#USAGE}. Blocking: it
 * orchestrates processes from the main thread; only the probes and the web load it sends run on Vert.x.
 */
public final class Soak {

  /** The suffix of the run's topics and consumer groups. */
  private static final String STREAM = "soak";
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration LIVENESS_CHECK = Duration.ofSeconds(1);
  private static final int PROBE_START_ATTEMPTS = 3;
  /** Where the probe's and the feed's own progress lines go: the soak prints its own, once a minute. */
  private static final PrintStream UNPRINTED = new PrintStream(OutputStream.nullOutputStream());

  private final SoakOptions options;
  private final LocalPipeline pipeline;
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, RoleProcess> roles = new LinkedHashMap<>();
  private final List<Minute> minutes = new ArrayList<>();
  private final JsonObject report = new JsonObject();
  private ConsumerLag lags;
  private FreshnessProbe probe;
  private SseFanout feed;
  private DashboardPoller dashboard;
  private volatile boolean interrupted;

  private Soak(SoakOptions options, Path repo, PrintStream out) {
    this.options = options;
    this.pipeline = new LocalPipeline(new LocalPipeline.Site("soak", options.dataDir(), options.basePort()), repo,
      out);
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), Path.of("").toAbsolutePath(), System.out, System.err));
  }

  /** Runs the soak from the repository {@code repo}; answers its exit status. */
  static int run(List<String> args, Path repo, PrintStream out, PrintStream err) {
    Optional<SoakOptions> options;
    try {
      options = SoakOptions.parse(args, duplicateWindow());
    } catch (IllegalArgumentException bad) {
      err.println("soak: " + bad.getMessage());
      err.print(SoakOptions.USAGE);
      return 2;
    }
    if (options.isEmpty()) {
      out.print(SoakOptions.USAGE);
      return 0;
    }
    Soak soak = new Soak(options.get(), repo, out);
    // Ctrl-C or SIGTERM still stops every role and the engines
    Thread stopOnSignal = new Thread(soak::stopOnSignal, "soak-shutdown");
    Runtime.getRuntime().addShutdownHook(stopOnSignal);
    try {
      return soak.soak() ? 0 : 1;
    } catch (Exception failure) {
      if (!soak.interrupted) {
        err.println("soak: FAILED: " + reasons(failure));
      }
      return 1;
    } finally {
      soak.shutDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: nothing left to undo
      }
    }
  }

  /** Runs the pipeline, reads it every minute, and answers whether every series stayed flat and every check passed. */
  private boolean soak() throws Exception {
    Path jcmd = RoleWatch.jcmd();
    report.put("startedAt", Instant.now().toString()).put("machine", Machine.describe())
      .put("options", SoakReport.options(options)).put("minutes", new JsonArray());
    pipeline.say("%d min at %,d events/s, %s; figures every minute, written to %s", options.minutes(),
      options.rate(), options.warmupMinutes() == 0 ? "no warm-up" : options.warmupInWords() + ", not judged",
      options.report());
    pipeline.startEngines();
    startRoles();
    startLoad();
    List<RoleWatch> watches = new ArrayList<>();
    for (RoleProcess role : roles.values()) {
      watches.add(new RoleWatch(role, jcmd, options.dataDir().resolve("logs")));
    }
    lags = new ConsumerLag(pipeline.engines().kafkaBootstrap());
    measure(watches);
    return !interrupted && judge();
  }

  /** Every role, each a process of its own, the generator last; waits until each consumer has done some work. */
  private void startRoles() throws IOException, InterruptedException {
    pipeline.phase("start", "worker, indexer, detector, web, then the generator at %,d events/s", options.rate());
    start("worker", Map.of());
    start("indexer", Map.of());
    startDetector();
    start("web", pipeline.webEnvironment(pipeline.webPort()));
    start("generator", LocalPipeline.generatorRate(options.rate()));
    Waits.awaitGrowing(pipeline, roles.get("worker"), "tspipe_worker_events_inserted_total",
      "the worker to store events");
    Waits.awaitGrowing(pipeline, roles.get("indexer"), "tspipe_indexer_documents_indexed_total",
      "the indexer to index documents");
    Waits.awaitGrowing(pipeline, roles.get("detector"), LocalPipeline.DETECTOR_EVALUATIONS,
      "the detector to evaluate its rules");
  }

  private void start(String role, Map<String, String> extra) throws IOException, InterruptedException {
    pipeline.say("starting the %s", role);
    started(role, pipeline.startRole(role, role, STREAM, extra));
  }

  private void startDetector() throws IOException, InterruptedException {
    pipeline.say("starting the detector");
    started("detector", pipeline.startDetector("detector", STREAM, Map.of()));
  }

  private void started(String role, RoleProcess process) {
    roles.put(role, process);
    pipeline.say("  %s up (pid %d), its log %s", role, process.pid(), process.logFile());
  }

  /** The freshness probes, the live feed's subscribers and the dashboard's requests, each if asked for. */
  private void startLoad() {
    String webUrl = "http://" + LocalStack.HOST + ":" + pipeline.webPort();
    FreshnessProbeSettings settings = FreshnessProbeSettings.defaults().withRatePerSecond(options.probeRate());
    probe = startProbe(settings);
    pipeline.say("freshness probes: %d/s beside the generator's events; lost when not visible within %d s",
      settings.ratePerSecond(), settings.timeout().toSeconds());
    if (options.sseSubscribers() > 0) {
      feed = SseFanout.start(vertx, SseFanoutSettings.defaults(URI.create(webUrl))
        .withSubscribers(options.sseSubscribers()).withHold(Duration.ZERO), UNPRINTED);
      pipeline.say("live feed: %d subscribers of %s held until the end", options.sseSubscribers(),
        SseFanoutSettings.FEED_PATH);
    }
    if (options.dashboardInterval() > 0) {
      dashboard = new DashboardPoller(webUrl, Duration.ofSeconds(options.dashboardInterval()));
      vertx.deployVerticle(dashboard).await();
      pipeline.say("dashboard: one request every %d s, its kinds in turn", options.dashboardInterval());
    }
  }

  /**
   * The freshness probe, started again should the engines not answer it in time: a broker busy starting the roles'
   * consumers may take longer than the producer waits for the topic's metadata.
   */
  private FreshnessProbe startProbe(FreshnessProbeSettings settings) {
    for (int attempt = 1; ; attempt++) {
      try {
        return FreshnessProbe.start(vertx, settings, pipeline.kafkaSettings(STREAM), pipeline.clickHouseSettings(),
          pipeline.searchSettings(), UNPRINTED);
      } catch (RuntimeException unanswered) {
        if (attempt == PROBE_START_ATTEMPTS) {
          throw new IllegalStateException("the freshness probe did not start in " + attempt + " attempts",
            unanswered);
        }
        pipeline.say("  the freshness probe did not start (%s); trying again", reasons(unanswered));
      }
    }
  }

  /** Reads every minute until the last, printing each and writing the report after each. */
  private void measure(List<RoleWatch> watches) throws IOException, InterruptedException {
    pipeline.phase("soak", "%d minutes, figures at the end of each", options.minutes());
    StoreCounts counts = pipeline.counts();
    long started = System.nanoTime();
    Reading previous = new Reading(started, counts.events(), orNaN(this::sent), probe.mark());
    for (int index = 1; index <= options.minutes(); index++) {
      awaitMinuteEnd(started + MINUTE.toNanos() * index);
      if (interrupted) {
        return;
      }
      Reading now = new Reading(System.nanoTime(), counts.events(), orNaN(this::sent), probe.mark());
      double seconds = (now.nanos() - previous.nanos()) / 1e9;
      Map<String, Minute.RoleFigures> figures = new LinkedHashMap<>();
      for (RoleWatch watch : watches) {
        figures.put(watch.name(), watch.read());
      }
      Minute minute = new Minute(index, index <= options.warmupMinutes(), seconds, now.stored(),
        (now.stored() - previous.stored()) / seconds, (now.sent() - previous.sent()) / seconds, counts.documents(),
        orNaN(() -> lags.of(pipeline.workerGroup(STREAM))), orNaN(() -> lags.of(pipeline.indexerGroup(STREAM))),
        probe.between(Store.CLICKHOUSE, previous.probes(), now.probes()),
        probe.between(Store.SEARCH, previous.probes(), now.probes()), orNaN(() -> detectorBehindSeconds(counts)),
        dashboard == null ? Minute.Requests.NONE : dashboard.drain(), figures);
      minutes.add(minute);
      pipeline.out().print(SoakTable.minute(minute, options.minutes()));
      report.getJsonArray("minutes").add(SoakReport.minute(minute));
      writeReport();
      previous = now;
    }
  }

  /** The counts a minute's rates are taken between. */
  private record Reading(long nanos, long stored, double sent, FreshnessProbeLedger.Mark probes) {
  }

  /** A figure read from a role, the broker or the store, which may not answer in time. */
  @FunctionalInterface
  private interface Figure {
    double read() throws IOException, InterruptedException;
  }

  /** {@code figure}, or NaN when it could not be read: the minute prints it as a dash, the verdict leaves it out. */
  private static double orNaN(Figure figure) throws InterruptedException {
    try {
      return figure.read();
    } catch (IOException | RuntimeException unread) {
      return Double.NaN;
    }
  }

  private void awaitMinuteEnd(long endNanos) throws InterruptedException {
    while (System.nanoTime() < endNanos && !interrupted) {
      Thread.sleep(Math.max(1, Math.min(LIVENESS_CHECK.toMillis(), (endNanos - System.nanoTime()) / 1_000_000)));
      pipeline.checkRolesAlive();
    }
  }

  /** Events the generator has handed to its producer. */
  private double sent() throws IOException, InterruptedException {
    return Exposition.sum(roles.get("generator").metrics(), "tspipe_generator_events_sent_total", "");
  }

  /** How far the rule furthest behind trails the newest stored event; NaN before every rule has evaluated once. */
  private static double detectorBehindSeconds(StoreCounts counts) throws IOException, InterruptedException {
    return counts.detectorProgress()
      .filter(progress -> !progress.ruleTicksMillis().isEmpty())
      .map(progress -> (progress.newestEventMillis() - Collections.min(progress.ruleTicksMillis().values())) / 1000.0)
      .orElse(Double.NaN);
  }

  /** Stops the load, judges every series and check, prints and writes the verdict; answers whether it passed. */
  private boolean judge() throws IOException, InterruptedException {
    Optional<SoakVerdict.Feed> held = Optional.empty();
    if (feed != null) {
      SseFanoutResult result = feed.stop();
      held = Optional.of(new SoakVerdict.Feed(result.subscribers(), result.connected(), result.openAtEnd()));
    }
    probe.stop();
    SoakVerdict verdict = SoakVerdict.of(minutes, Series.of(List.copyOf(roles.keySet()), options.rate()),
      options.rate(), held, dashboard != null);
    pipeline.out().println();
    pipeline.out().print(SoakTable.verdict(verdict, options));
    report.put("verdict", SoakReport.verdict(verdict)).put("finishedAt", Instant.now().toString());
    writeReport();
    pipeline.say("figures written to %s", options.report());
    return verdict.passed();
  }

  private void writeReport() throws IOException {
    Path file = options.report().toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, report.encodePrettily() + System.lineSeparator(), StandardCharsets.UTF_8);
  }

  private void stopOnSignal() {
    interrupted = true;
    pipeline.say("interrupted after %d of %d minutes: stopping everything it started; the figures so far are in %s",
      minutes.size(), options.minutes(), options.report());
    shutDown();
  }

  /**
   * Stops what still runs: the load and the readers, then the roles, then the engines. Called once at the end, and
   * again, harmlessly, on a signal.
   */
  private synchronized void shutDown() {
    try {
      if (probe != null) {
        probe.abandon();
      }
      vertx.close().await();
      if (lags != null) {
        lags.close();
      }
      pipeline.shutDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException stopping) {
      pipeline.say("while stopping: %s", reasons(stopping));
    }
  }

  /** The worker's and the indexer's duplicate windows as configured by default: the larger of each bound. */
  private static SoakOptions.DuplicateWindow duplicateWindow() {
    JsonObject defaults = Config.defaults();
    JsonObject worker = defaults.getJsonObject("worker");
    JsonObject indexer = defaults.getJsonObject("indexer");
    return new SoakOptions.DuplicateWindow(
      Math.max(worker.getInteger("dedupWindowSeconds"), indexer.getInteger("dedupWindowSeconds")),
      Math.max(worker.getLong("dedupMaxIds"), indexer.getLong("dedupMaxIds")));
  }

  /** The failure's message and those of its causes. */
  private static String reasons(Throwable failure) {
    StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      text.append(": ").append(cause.getMessage());
    }
    return text.toString();
  }
}
