package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.bench.streams.IpLoginFailures;
import io.tspipe.bench.streams.SpikeDetection;
import io.tspipe.bench.streams.TopologyProgress;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventType;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Kafka Streams side of the decision of where detection state lives ({@code --phases streams-spike}): the rule
 * {@code ip_login_failures} as a Streams application ({@link IpLoginFailures}) over the generator's
 * {@code account-activity} at {@code --detection-rate}, measured as the ClickHouse detector is:
 * <ol>
 *   <li>the broker's CPU over {@code --detection-seconds} with the generator alone, on topics of their own;</li>
 *   <li>the generator on fresh topics and the application reading them from the start; after {@code --warmup},
 *   brute-force and credential-stuffing runs started through the control topic and {@code --detection-seconds}
 *   measured: the application's CPU, the broker's, the records it read and wrote to its repartition, changelog and
 *   output topics, its lag;</li>
 *   <li>the generator stopped and the application drained; then a replay: a new application id over the same topic
 *   from its start, timed, and its (address, window) detections compared with the run's;</li>
 *   <li>time to detect, per attacking address of the runs, from the generator's truth (its first event) to its first
 *   detection readable on the output topic.</li>
 * </ol>
 */
final class StreamsSpikePhase {

  private static final String RUN = "tspipe-spike-run";
  private static final String REPLAY = "tspipe-spike-replay";
  private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
  /** A brute-force run starts every this often while measuring, each lasting as long, with 2 new addresses. */
  private static final int BRUTE_FORCE_EVERY_SECONDS = 10;

  /** What the phase works with: the engines, the topics of {@code stream}, the harness's jar, the options. */
  record Setup(LocalStack stack, String stream, KafkaSettings kafka, Path benchJar, Path dataDir, int rate, int warmup,
               int seconds, int threads, int graceSeconds, PrintStream out) {
  }

  /** Starts and stops the generator at the phase's rate on a stream's topics: the harness's roles. */
  interface Generators {
    RoleProcess start(String stream) throws IOException, InterruptedException;

    void stop(RoleProcess generator) throws InterruptedException;
  }

  private final Setup setup;
  private final Generators generators;
  private final SpikeKafka kafka;
  private final String input;
  private final long brokerPid;
  private final Map<UUID, String> runs = new HashMap<>();

  private StreamsSpikePhase(Setup setup, Generators generators, SpikeKafka kafka) throws IOException {
    this.setup = setup;
    this.generators = generators;
    this.kafka = kafka;
    this.input = setup.kafka().topicOf(EventType.ACCOUNT_ACTIVITY);
    this.brokerPid = setup.stack().enginePid("io.tspipe.engines.KafkaBroker");
  }

  /** Runs the phase with the roles and the options of {@code run}, and reports it. */
  static void run(BenchRun run) throws Exception {
    HarnessOptions options = run.options();
    String stream = "spike";
    int rate = options.detectionRate();
    run.phase("streams-spike", "generator at %,d events/s: %d s measured alone, then %d s warm-up and %d s measured"
      + " with the Streams app while attacks run, then a replay of its topic under a new application id", rate,
      options.detectionSeconds(), options.warmup(), options.detectionSeconds());
    Setup setup = new Setup(run.stack(), stream, run.kafkaSettings(stream),
      run.repo().resolve("bench/target/tspipe-bench.jar"), options.dataDir(), rate, options.warmup(),
      options.detectionSeconds(), options.spikeThreads(), options.spikeGrace(), run.out());
    Generators generators = new Generators() {
      @Override
      public RoleProcess start(String topics) throws IOException, InterruptedException {
        return run.startRole("generator-" + topics, "generator", topics, BenchRun.generatorRate(rate));
      }

      @Override
      public void stop(RoleProcess generator) throws InterruptedException {
        run.stop(generator);
      }
    };
    JsonObject figures;
    try (SpikeKafka kafka = new SpikeKafka(run.engines().kafkaBootstrap())) {
      figures = new StreamsSpikePhase(setup, generators, kafka).measure();
    }
    run.results().put("streamsSpike", figures);
    JsonObject with = figures.getJsonObject("withApp");
    JsonObject replay = figures.getJsonObject("replay");
    run.say("streams-spike: app %.2f cores busy, %.1f CPU s per million events sent; broker %.2f cores busy without"
        + " it, %.2f with it; replay of %,d records in %.1f s, same detections: %s", with.getDouble("appCpuCoresBusy"),
      with.getDouble("appCpuSecondsPerMillionEventsSent"),
      figures.getJsonObject("withoutApp").getDouble("brokerCpuCoresBusy"), with.getDouble("brokerCpuCoresBusy"),
      replay.getLong("records"), replay.getDouble("processingSeconds"),
      replay.getJsonObject("detections").getBoolean("same"));
  }

  /**
   * The broker's CPU with the generator alone, on topics of their own; then the generator on the spike's topics with
   * the app reading them from the start, so the run and the replay read exactly the same records.
   */
  private JsonObject measure() throws Exception {
    kafka.createAppendTimeTopic(output(RUN));
    kafka.createAppendTimeTopic(output(REPLAY));
    JsonObject figures = new JsonObject().put("ratePerSecond", setup.rate()).put("threads", setup.threads())
      .put("graceSeconds", setup.graceSeconds());
    RoleProcess alone = generators.start(setup.stream() + "-alone");
    pause("warm-up, the generator alone", Math.min(setup.warmup(), 10), null);
    figures.put("withoutApp", window("measuring without the Streams app", alone, null).json());
    generators.stop(alone);
    RoleProcess generator = generators.start(setup.stream());
    awaitSending(generator);
    SpikeApp app = start(RUN);
    long sent;
    try {
      pause("warm-up, the generator and the Streams app", setup.warmup(), app);
      figures.put("lagAtStartRecords", lag(app));
      startAttacks(0);
      figures.put("withApp", window("measuring with the Streams app", generator, app).json());
      sent = (long) sent(generator);
      generators.stop(generator);
      figures.put("drainAfterGeneratorSeconds", PipelineBench.round(drain(app, DRAIN_TIMEOUT)));
      figures.put("runCpuSeconds", PipelineBench.round(app.cpuSeconds()));
    } finally {
      app.close();
    }
    figures.put("runDroppedRecords", app.droppedRecords());
    figures.put("eventsSentTotal", sent);
    figures.put("replay", replay(sent));
    List<SpikeScore.Emitted> detected = detections(output(RUN));
    List<SpikeDetection> replayed = detections(output(REPLAY)).stream().map(SpikeScore.Emitted::detection).toList();
    figures.getJsonObject("replay").put("detections", SpikeScore.replay(detected.stream()
      .map(SpikeScore.Emitted::detection).toList(), replayed)).put("detectionRecords", replayed.size());
    figures.put("detectionRecords", detected.size());
    figures.put("timeToDetect", SpikeScore.timeToDetect(attackers(), detected));
    return figures;
  }

  private void pause(String what, int seconds, SpikeApp app) throws InterruptedException {
    say("%s, %d s", what, seconds);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < end) {
      if (app != null) {
        app.checkAlive();
      }
      Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  /** Until the generator has sent events, so its topics exist before the app subscribes. */
  private void awaitSending(RoleProcess generator) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (sent(generator) == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the generator sent nothing within " + START_TIMEOUT.toSeconds() + " s");
      }
      Thread.sleep(200);
    }
  }

  private SpikeApp start(String applicationId) throws IOException, InterruptedException {
    SpikeApp app = SpikeApp.start(applicationId, setup.benchJar(), setup.stack().endpoints().kafkaBootstrap(), input,
      output(applicationId), setup.threads(), setup.graceSeconds(), setup.dataDir());
    app.awaitRunning();
    return app;
  }

  /**
   * A credential-stuffing run for the whole window, and a brute-force run every
   * {@value #BRUTE_FORCE_EVERY_SECONDS} s, {@code at} seconds into it: each command sent when its time comes.
   */
  private void startAttacks(int at) throws InterruptedException {
    if (at == 0) {
      startRun("credential_stuffing", setup.seconds() - BRUTE_FORCE_EVERY_SECONDS);
    }
    if (at % BRUTE_FORCE_EVERY_SECONDS == 0 && at + BRUTE_FORCE_EVERY_SECONDS <= setup.seconds() - 5) {
      startRun("brute_force", BRUTE_FORCE_EVERY_SECONDS);
    }
  }

  private void startRun(String scenario, int seconds) throws InterruptedException {
    UUID runId = UUID.randomUUID();
    ScenarioRequest request = ScenarioRequest.parse(new JsonObject().put("scenario", scenario)
      .put("durationSeconds", seconds));
    kafka.sendControl(setup.kafka().controlTopic(), new ControlCommand.Start(runId, request).toJson().encode());
    runs.put(runId, scenario);
  }

  /** CPU, records and lag over one window of {@code --detection-seconds}; with the app, attacks start on schedule. */
  private Window window(String what, RoleProcess generator, SpikeApp app) throws Exception {
    String applicationId = app == null ? RUN : app.applicationId();
    Counts before = counts(generator, applicationId, app);
    double app0 = app == null ? 0 : app.cpuSeconds();
    double broker0 = ProcStat.cpuSeconds(brokerPid);
    double busy0 = ProcStat.machineBusySeconds();
    long started = System.nanoTime();
    long maxLag = 0;
    long lastLag = 0;
    int second = 0;
    while (second < setup.seconds()) {
      Thread.sleep(Math.max(0, started + (second + 1) * 1_000_000_000L - System.nanoTime()) / 1_000_000);
      second++;
      if (app != null) {
        app.checkAlive();
        startAttacks(second);
      }
      if (second % SAMPLE_INTERVAL.toSeconds() == 0 || second == setup.seconds()) {
        lastLag = app == null ? 0 : lag(app);
        maxLag = Math.max(maxLag, lastLag);
        say("  %s: %,.0f events sent%s, %d s left", what, sent(generator),
          app == null ? "" : String.format(Locale.ROOT, ", the app %,d records behind", lastLag),
          setup.seconds() - second);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Counts after = counts(generator, applicationId, app);
    return new Window(seconds, app == null ? 0 : app.cpuSeconds() - app0, ProcStat.cpuSeconds(brokerPid) - broker0,
      ProcStat.machineBusySeconds() - busy0, after.minus(before), maxLag, lastLag, app != null);
  }

  private Counts counts(RoleProcess generator, String applicationId, SpikeApp app)
    throws IOException, InterruptedException {
    return new Counts((long) sent(generator), kafka.endOffsets(input),
      app == null ? 0 : app.progress().read(), kafka.endOffsets(IpLoginFailures.repartitionTopic(applicationId)),
      kafka.endOffsets(IpLoginFailures.changelogTopic(applicationId)), kafka.endOffsets(output(applicationId)));
  }

  /** Records at one moment: sent by the generator, in its account topic, read by the app, in each topic of the app. */
  private record Counts(long sent, long accountRecords, long read, long repartition, long changelog,
                        long detections) {
    Counts minus(Counts earlier) {
      return new Counts(sent - earlier.sent, accountRecords - earlier.accountRecords, read - earlier.read,
        repartition - earlier.repartition, changelog - earlier.changelog, detections - earlier.detections);
    }
  }

  private record Window(double seconds, double appCpu, double brokerCpu, double machineBusy, Counts records,
                        long maxLag, long lastLag, boolean withApp) {
    JsonObject json() {
      JsonObject json = new JsonObject().put("seconds", PipelineBench.round(seconds))
        .put("eventsSent", records.sent).put("eventsSentPerSecond", PipelineBench.round(records.sent / seconds))
        .put("brokerCpuCoresBusy", cores(brokerCpu))
        .put("machineCpuCoresBusy", PipelineBench.round(machineBusy / seconds));
      if (withApp) {
        json.put("accountRecordsPerSecond", PipelineBench.round(records.accountRecords / seconds))
          .put("appCpuCoresBusy", cores(appCpu))
          .put("appCpuSecondsPerMillionRecordsRead", perMillion(appCpu, records.read))
          .put("appCpuSecondsPerMillionEventsSent", perMillion(appCpu, records.sent))
          .put("recordsReadPerSecond", PipelineBench.round(records.read / seconds))
          .put("repartitionRecordsPerSecond", PipelineBench.round(records.repartition / seconds))
          .put("changelogRecordsPerSecond", PipelineBench.round(records.changelog / seconds))
          .put("detectionRecords", records.detections)
          .put("maxLagRecords", maxLag).put("lastLagRecords", lastLag);
      }
      return json;
    }

    private double cores(double cpu) {
      return Math.round(cpu / seconds * 1000) / 1000.0;
    }

    private static Double perMillion(double cpu, long records) {
      return records == 0 ? null : PipelineBench.round(cpu / records * 1e6);
    }
  }

  /**
   * Waits until the app has read everything of its input and repartition topics, and still has a second later (a
   * re-keyed login may be on its way to the repartition topic); answers the seconds until it first had.
   */
  private double drain(SpikeApp app, Duration timeout) throws IOException, InterruptedException {
    long started = System.nanoTime();
    while (true) {
      long lag = lag(app);
      double seconds = (System.nanoTime() - started) / 1e9;
      if (lag == 0) {
        Thread.sleep(1_000);
        if (lag(app) == 0) {
          return seconds;
        }
      }
      app.checkAlive();
      if (System.nanoTime() - started > timeout.toNanos()) {
        throw new IllegalStateException(app.applicationId() + " still " + lag + " records behind after "
          + timeout.toSeconds() + " s");
      }
      Thread.sleep(250);
    }
  }

  /** Records of its input and repartition topics the app has yet to read, by its own count. */
  private long lag(SpikeApp app) throws IOException, InterruptedException {
    TopologyProgress.Counts read = app.progress();
    return Math.max(0, kafka.endOffsets(input) - read.read())
      + Math.max(0, kafka.endOffsets(IpLoginFailures.repartitionTopic(app.applicationId())) - read.rekeyed());
  }

  /**
   * A new application id over the same records from the start: start-up, then processing, each timed; its CPU per
   * million records read and per million of the {@code sent} events (of every type) they came with.
   */
  private JsonObject replay(long sent) throws Exception {
    long records = kafka.endOffsets(input);
    say("replay: a new application id over the %,d records of %s", records, input);
    long started = System.nanoTime();
    SpikeApp app = start(REPLAY);
    JsonObject replay;
    try {
      double startUp = (System.nanoTime() - started) / 1e9;
      double processing = drain(app, DRAIN_TIMEOUT);
      double cpu = app.cpuSeconds();
      say("replay: %,d records in %.1f s after %.1f s of start-up, %.1f CPU s", records, processing, startUp, cpu);
      replay = new JsonObject().put("records", records).put("startUpSeconds", PipelineBench.round(startUp))
        .put("processingSeconds", PipelineBench.round(processing))
        .put("recordsPerSecond", PipelineBench.round(records / processing))
        .put("cpuSeconds", PipelineBench.round(cpu))
        .put("cpuSecondsPerMillionRecords", PipelineBench.round(cpu / records * 1e6))
        .put("cpuSecondsPerMillionEventsSent", PipelineBench.round(cpu / sent * 1e6))
        .put("changelogRecords", kafka.endOffsets(IpLoginFailures.changelogTopic(REPLAY)));
    } finally {
      app.close();
    }
    return replay.put("droppedRecords", app.droppedRecords());
  }

  private List<SpikeScore.Emitted> detections(String topic) throws InterruptedException {
    List<SpikeScore.Emitted> emitted = new ArrayList<>();
    for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
      emitted.add(new SpikeScore.Emitted(SpikeDetection.fromJson(new JsonObject(record.value())), record.timestamp()));
    }
    return emitted;
  }

  /** The attacking addresses of the runs this phase started, from the generator's truth topic. */
  private List<SpikeScore.Attacker> attackers() throws InterruptedException {
    List<SpikeScore.Attacker> attackers = new ArrayList<>();
    for (ConsumerRecord<String, String> record : kafka.readAll(setup.kafka().attackEntitiesTopic())) {
      JsonObject entity = new JsonObject(record.value());
      String scenario = runs.get(UUID.fromString(entity.getString("windowId")));
      if (scenario != null && entity.getString("kind").equals("ip") && entity.getString("role").equals("attacker")) {
        attackers.add(new SpikeScore.Attacker(entity.getString("value"), scenario,
          Instant.parse(entity.getString("firstSeenAt")).toEpochMilli()));
      }
    }
    return attackers;
  }

  private static String output(String applicationId) {
    return applicationId + "-detections";
  }

  /** What {@code generator} has sent so far, by its own count. */
  private static double sent(RoleProcess generator) throws IOException, InterruptedException {
    return Exposition.sum(generator.metrics(), "tspipe_generator_events_sent_total", "");
  }

  private void say(String format, Object... args) {
    setup.out().printf(Locale.ROOT, "bench: " + format + "%n", args);
  }
}
