package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.Config;
import io.tspipe.scoring.StoredPeriod;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.tspipe.web.control.ScenarioControlApi;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The detection phase's scenario sweep ({@link HarnessOptions.Sweep}), with a worker, the detector and the generator at
 * the sweep's rate running on a store of their own: a warm-up, not scored, until the detector has caught up; calm
 * traffic; then one step per intensity, each starting every scenario at that
 * share of the events through the control topic (in rounds, so calm traffic keeps at least half), waiting for their
 * windows to end and then a settle time. Each step's period is read back and scored by the shared scorer
 * ({@link StoredPeriod#read}, {@link StoredPeriod#score}); the whole sweep once more for its false detections; the
 * detector's CPU and query load over it. Blocking: the orchestrating thread only.
 */
final class DetectionSweep implements AutoCloseable {

  /** The sweep's own store, so its detectors and its score see only its traffic. */
  static final String DATABASE = "bench_sweep";
  /** Every scenario the sweep runs: the catalogue's but the classic attack mode. */
  static final List<Scenario> SCENARIOS = List.of(Scenario.CREDENTIAL_STUFFING, Scenario.ACCOUNT_TAKEOVER,
    Scenario.BRUTE_FORCE, Scenario.API_SCRAPING, Scenario.SPAM_WAVE);
  /** Scenarios of a step run together while their intensities add up to at most this; calm traffic keeps the rest. */
  static final double MAX_ATTACK_SHARE = 0.5;
  private static final Duration GRACE = Duration.ofSeconds(HarnessOptions.SCORE_GRACE_SECONDS);
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
  /** How long past its duration a round may take to be recorded ended before the step goes on without it. */
  private static final Duration END_SLACK = Duration.ofSeconds(60);
  private static final long SEND_TIMEOUT_SECONDS = 10;
  /** Every rule within this of the newest stored event: lateness, a tick and a cycle, with room for a busy machine. */
  private static final double CAUGHT_UP_SECONDS = 10;
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);

  /**
   * What the sweep works with: the engines, the database, the generator's control topic, the detector and the
   * ClickHouse process to measure, the settings, the warm-up, and a check that fails when a role has died.
   */
  record Setup(Vertx vertx, LocalStack.Endpoints endpoints, String database, String controlTopic, StoreCounts counts,
               RoleProcess detector, long clickHousePid, HarnessOptions.Sweep settings, int warmupSeconds,
               Runnable checkRolesAlive, PrintStream out) {
  }

  private final Setup setup;
  private final ClickHouseClient clickHouse;
  private final KafkaProducer<String, String> control;
  private final DetectorLag lag = new DetectorLag();

  private DetectionSweep(Setup setup) {
    this.setup = setup;
    this.clickHouse = new ClickHouseClient(setup.vertx(), ClickHouseSettings.from(Config.defaults()
      .getJsonObject("clickhouse").copy().put("url", setup.endpoints().clickHouseUrl())
      .put("database", setup.database())));
    this.control = new KafkaProducer<>(Map.of("bootstrap.servers", setup.endpoints().kafkaBootstrap(), "acks", "all"),
      new StringSerializer(), new StringSerializer());
  }

  /**
   * Runs the sweep of a {@link BenchRun}: a worker, a detector with {@code rules/} and a generator at
   * {@code --sweep-rate} with {@code --sweep-users} people, on topics and a database of their own, so what is scored is
   * the sweep's traffic alone, not the tail of the traffic at {@code --detection-rate} before it; answers
   * {@code detection.sweep}.
   */
  static JsonObject run(BenchRun run, long clickHousePid) throws Exception {
    String stream = "sweep";
    HarnessOptions.Sweep settings = run.options().sweep();
    int warmup = run.options().warmup();
    run.phase("detection sweep", "generator at %,d events/s with %,d people, a worker and the detector on a store of"
        + " their own: %d s warm-up and until the detector has caught up, %d s of calm traffic, then at each of %s"
        + " every scenario for %d s and %d s to settle, each step scored against the generator's truth",
      settings.rate(), settings.users(), warmup, settings.calmSeconds(),
      settings.intensities().stream().map(SweepTable::percent).toList(), settings.seconds(), settings.settleSeconds());
    Map<String, String> store = Map.of("TSPIPE_CLICKHOUSE_DATABASE", DATABASE);
    Map<String, String> people = new HashMap<>(BenchRun.generatorRate(settings.rate()));
    people.put(Config.envName("generator.users"), Integer.toString(settings.users()));
    RoleProcess worker = run.startRole("worker-sweep", "worker", stream, store);
    RoleProcess generator = run.startRole("generator-sweep", "generator", stream, people);
    Waits.awaitGrowing(run, worker, "tspipe_worker_events_inserted_total", "the worker to store events");
    RoleProcess detector = run.startDetector("detector-sweep", stream, store);
    Waits.awaitGrowing(run, detector, LocalPipeline.DETECTOR_EVALUATIONS, "the detector to evaluate its rules");
    Setup setup = new Setup(run.vertx(), run.engines(), DATABASE, run.kafkaSettings(stream).controlTopic(),
      new StoreCounts(run.engines(), DATABASE, BenchRun.INDEX), detector, clickHousePid, settings, warmup,
      run::checkRolesAlive, run.out());
    JsonObject figures;
    try (DetectionSweep sweep = new DetectionSweep(setup)) {
      figures = sweep.measure().put("database", DATABASE);
    }
    run.stop(detector);
    run.stop(generator);
    run.stop(worker);
    return figures;
  }

  /**
   * The scenarios of a step at {@code intensity}, in rounds run one after another: in catalogue order, together while
   * their intensities add up to at most {@link #MAX_ATTACK_SHARE}, one to a round above it.
   */
  static List<List<Scenario>> rounds(double intensity) {
    List<List<Scenario>> rounds = new ArrayList<>();
    List<Scenario> round = new ArrayList<>();
    for (Scenario scenario : SCENARIOS) {
      if (!round.isEmpty() && (round.size() + 1) * intensity > MAX_ATTACK_SHARE + 1e-9) {
        rounds.add(List.copyOf(round));
        round.clear();
      }
      round.add(scenario);
    }
    rounds.add(List.copyOf(round));
    return List.copyOf(rounds);
  }

  /** Runs the sweep: the warm-up, calm traffic, then each step; answers {@code detection.sweep}. */
  private JsonObject measure() throws IOException, InterruptedException {
    HarnessOptions.Sweep settings = setup.settings();
    hold("warm-up", setup.warmupSeconds(), Set.of());
    awaitDetectorCaughtUp();
    CostSample before = sampleCost();
    Instant from = Instant.now();
    hold(String.format(Locale.ROOT, "calm traffic at %,d events/s", settings.rate()), settings.calmSeconds(), Set.of());
    JsonArray steps = new JsonArray();
    for (double intensity : settings.intensities()) {
      steps.add(step(intensity));
    }
    Instant to = Instant.now();
    JsonObject cost = sampleCost().since(before);
    StoredPeriod whole = read(from, to, "the whole sweep");
    return new JsonObject()
      .put("ratePerSecond", settings.rate())
      .put("people", settings.users())
      .put("scenarioSeconds", settings.seconds())
      .put("settleSeconds", settings.settleSeconds())
      .put("calmSeconds", settings.calmSeconds())
      .put("graceSeconds", GRACE.toSeconds())
      .put("maxAttackShare", MAX_ATTACK_SHARE)
      .put("steps", steps)
      .put("falseDetections", SweepScore.falseDetections(whole, whole.score()))
      .put("cost", cost.put("lag", lag.json(DetectorLag.steps(setup.detector().metrics()))));
  }

  /** One intensity: its rounds, a settle time, then its period scored. */
  private JsonObject step(double intensity) throws IOException, InterruptedException {
    String label = SweepTable.percent(intensity);
    List<List<Scenario>> rounds = rounds(intensity);
    Set<UUID> runs = new LinkedHashSet<>();
    int notEnded = 0;
    Instant from = Instant.now();
    for (int i = 0; i < rounds.size(); i++) {
      List<Scenario> round = rounds.get(i);
      say("sweep %s, round %d of %d: %s for %d s", label, i + 1, rounds.size(),
        round.stream().map(Scenario::wireName).collect(Collectors.joining(", ")), setup.settings().seconds());
      Set<UUID> started = new LinkedHashSet<>();
      for (Scenario scenario : round) {
        started.add(start(scenario, intensity));
      }
      runs.addAll(started);
      notEnded += awaitEnded(String.format(Locale.ROOT, "%s, round %d", label, i + 1), started);
    }
    hold(label + ", settling", setup.settings().settleSeconds(), runs);
    Instant to = Instant.now();
    StoredPeriod period = read(from, to, "the " + label + " step");
    JsonObject step = SweepScore.step(intensity, period, period.score())
      .put("rounds", new JsonArray(rounds.stream().map(round -> new JsonArray(round.stream()
        .map(Scenario::wireName).toList())).toList()))
      .put("runsNotEnded", notEnded);
    say("sweep %s: %s", label, SweepTable.summary(step));
    return step;
  }

  /**
   * Until every rule is within {@link #CAUGHT_UP_SECONDS} of the newest stored event, at most
   * {@link #CATCH_UP_TIMEOUT}: a detector starting on a store evaluates ticks it has missed first, and the time to
   * detect would carry that.
   */
  private void awaitDetectorCaughtUp() throws IOException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + CATCH_UP_TIMEOUT.toNanos();
    long nextSay = started + PROGRESS_INTERVAL.toNanos();
    double behind = Double.NaN;
    while (System.nanoTime() < deadline) {
      setup.checkRolesAlive().run();
      DetectorLag now = new DetectorLag();
      setup.counts().detectorProgress().ifPresent(progress -> now.add(progress.newestEventMillis(),
        progress.ruleTicksMillis()));
      behind = now.latestMaxSeconds();
      if (behind <= CAUGHT_UP_SECONDS) {
        break;
      }
      if (System.nanoTime() >= nextSay) {
        say("  waiting for the detector to catch up: its slowest rule %.1f s behind the newest event", behind);
        nextSay += PROGRESS_INTERVAL.toNanos();
      }
      Thread.sleep(1_000);
    }
    say("  the detector's slowest rule %.1f s behind the newest event after %.0f s%s", behind,
      (System.nanoTime() - started) / 1e9, behind <= CAUGHT_UP_SECONDS ? ""
        : String.format(Locale.ROOT, " (not within %.0f s: the sweep goes on)", CAUGHT_UP_SECONDS));
  }

  private UUID start(Scenario scenario, double intensity) throws InterruptedException {
    UUID runId = UUID.randomUUID();
    ScenarioRequest request = ScenarioRequest.parse(new JsonObject().put("scenario", scenario.wireName())
      .put("intensity", intensity).put("durationSeconds", setup.settings().seconds()));
    try {
      control.send(new ProducerRecord<>(setup.controlTopic(), 0, ScenarioControlApi.KEY,
        new ControlCommand.Start(runId, request).toJson().encode())).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException failure) {
      throw new IllegalStateException("starting " + scenario.wireName() + " through the control topic failed: "
        + failure, failure);
    }
    return runId;
  }

  /**
   * Waits until every run of {@code runs} is recorded ended, at most its duration and {@link #END_SLACK}; answers how
   * many were not.
   */
  private int awaitEnded(String what, Set<UUID> runs) throws IOException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + Duration.ofSeconds(setup.settings().seconds()).plus(END_SLACK).toNanos();
    long nextSay = started + PROGRESS_INTERVAL.toNanos();
    int open = runs.size();
    while (open > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      setup.checkRolesAlive().run();
      open = openWindows(runs);
      if (System.nanoTime() >= nextSay) {
        progress(what, started, open, runs.size());
        nextSay += PROGRESS_INTERVAL.toNanos();
      }
    }
    if (open > 0) {
      say("  WARNING %d of %d runs were not recorded ended %d s after their duration; the step goes on, scoring them"
        + " as running to its end", open, runs.size(), END_SLACK.toSeconds());
    }
    return open;
  }

  /** Waits {@code seconds}, saying every few seconds what is stored and how many of {@code runs} are still open. */
  private void hold(String what, int seconds, Set<UUID> runs) throws IOException, InterruptedException {
    long started = System.nanoTime();
    long end = started + Duration.ofSeconds(seconds).toNanos();
    long nextSay = started + PROGRESS_INTERVAL.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      setup.checkRolesAlive().run();
      if (System.nanoTime() >= nextSay || System.nanoTime() >= end) {
        progress(what, started, openWindows(runs), runs.size());
        nextSay += PROGRESS_INTERVAL.toNanos();
      }
    }
  }

  /** One progress line, sampling how far the rules trail the newest stored event as it goes. */
  private void progress(String what, long startedNanos, int open, int runs) throws IOException, InterruptedException {
    setup.counts().detectorProgress().ifPresent(now -> lag.add(now.newestEventMillis(), now.ruleTicksMillis()));
    say("  %s: %.0f s, %,d events stored, %d of %d windows open, rules at most %.1f s behind the newest event", what,
      (System.nanoTime() - startedNanos) / 1e9, setup.counts().events(), open, runs, lag.latestMaxSeconds());
  }

  /** How many of {@code runs} are not yet recorded ended in {@code attack_windows}. */
  private int openWindows(Set<UUID> runs) throws IOException, InterruptedException {
    if (runs.isEmpty()) {
      return 0;
    }
    String ids = runs.stream().map(id -> "toUUID('" + id + "')").collect(Collectors.joining(", "));
    String ended = setup.counts().clickHouse("SELECT uniqExactIf(window_id, isNotNull(ended_at)) FROM "
      + setup.database() + ".attack_windows WHERE window_id IN (" + ids + ")");
    return ended == null ? runs.size() : runs.size() - Integer.parseInt(ended.trim());
  }

  private StoredPeriod read(Instant from, Instant to, String what) {
    return Blocking.await(StoredPeriod.read(clickHouse, from, to, GRACE), READ_TIMEOUT, "reading " + what
      + " back to score it");
  }

  /** What the cost figures are taken from, at one moment. */
  private record CostSample(long nanos, long events, double detectorCpu, double clickHouseCpu, double machineBusy,
                            RuleEvaluations evaluations, double ticksSkipped) {

    /** From {@code earlier} to this: the detector's CPU per event stored, its evaluations and their query time. */
    JsonObject since(CostSample earlier) {
      double seconds = (nanos - earlier.nanos) / 1e9;
      long stored = events - earlier.events;
      RuleEvaluations.Timing total = evaluations.totalSince(earlier.evaluations);
      double detector = detectorCpu - earlier.detectorCpu;
      return new JsonObject()
        .put("seconds", PipelineBench.round(seconds))
        .put("eventsStored", stored)
        .put("eventsPerSecond", PipelineBench.round(stored / seconds))
        .put("detectorCpuCoresBusy", Math.round(detector / seconds * 1000) / 1000.0)
        .put("detectorCpuSecondsPerMillionEvents", stored == 0 ? null : PipelineBench.round(detector / stored * 1e6))
        .put("clickHouseCpuCoresBusy", Math.round((clickHouseCpu - earlier.clickHouseCpu) / seconds * 100) / 100.0)
        .put("machineCpuCoresBusy", Math.round((machineBusy - earlier.machineBusy) / seconds * 100) / 100.0)
        .put("evaluations", Math.round(total.count()))
        .put("evaluationsPerSecond", PipelineBench.round(total.count() / seconds))
        .put("evaluationQuerySecondsPerSecond", Math.round(total.seconds() / seconds * 100) / 100.0)
        .put("evaluationMeanMs", total.count() > 0 ? PipelineBench.round(total.seconds() / total.count() * 1000) : null)
        .put("ticksSkipped", Math.round(ticksSkipped - earlier.ticksSkipped));
    }
  }

  private CostSample sampleCost() throws IOException, InterruptedException {
    String metrics = setup.detector().metrics();
    return new CostSample(System.nanoTime(), setup.counts().events(), ProcStat.cpuSeconds(setup.detector().pid()),
      ProcStat.cpuSeconds(setup.clickHousePid()), ProcStat.machineBusySeconds(), RuleEvaluations.of(metrics),
      Exposition.sum(metrics, "tspipe_detector_ticks_skipped_total", ""));
  }

  private void say(String format, Object... args) {
    setup.out().printf(Locale.ROOT, "bench: " + format + "%n", args);
  }

  @Override
  public void close() {
    control.close(Duration.ofSeconds(SEND_TIMEOUT_SECONDS));
    clickHouse.close();
  }
}
