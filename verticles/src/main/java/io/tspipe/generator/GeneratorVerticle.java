package io.tspipe.generator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tspipe.bus.Addresses;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventType;
import io.tspipe.ipintel.AddressSpace;
import io.tspipe.ipintel.IpIntelligence;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.metrics.Metrics;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.tspipe.truth.ScenarioRequestException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The generator role: simulated people in sessions, and scenario runs beside them, produced to the event topics at a
 * steady rate, or as fast as the broker takes them on a {@link SimulatedClock}. Runs start and stop through
 * {@link Addresses#GENERATOR_CONTROL} (from this process) or the control topic (from any process), by the settings'
 * schedule, and, for {@code classic}, by the {@link AttackSchedule} (forced through
 * {@link Addresses#GENERATOR_ATTACK_MODE}). Each run's window
 * and entities are recorded to their topics as ground truth. Emission stops while the producer has
 * {@code maxInFlight} records unacknowledged or its write queue is full, and resumes when it drains.
 */
public final class GeneratorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GeneratorVerticle.class);

  /** The vert.x producer counts its write queue in characters of values: room for maxInFlight records this long. */
  private static final long WRITE_QUEUE_CHARS_PER_RECORD = 1024;
  /** Work per pacing tick, in ticks' worth of records: room to catch up, never a burst that hogs the event loop. */
  private static final long TICKS_PER_BURST = 3;
  private static final long MIN_BURST = 1000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** How often, in generator time, runs are started and ended: the resolution of their windows. */
  private static final long RUN_CHECK_MILLIS = 100;

  private final GeneratorSettings settings;
  private final KafkaSettings kafka;
  private final Path ipDatabase;
  private final Clock clock;
  private final SimulatedClock simulatedClock;
  private final long nanosPerEvent;
  private final List<Long> timers = new ArrayList<>();
  private Traffic traffic;
  private EventStream stream;
  private ScenarioRuns runs;
  private AttackSchedule schedule;
  private long startedMillis;
  private long endMillis = Long.MAX_VALUE;
  private long nextRunCheckMillis;
  private int nextScheduled;
  private long emitted;
  private long nextSimulatedRoll;
  private Progress progress;
  private RatePacer pacer;
  private KafkaProducer<String, String> producer;
  private KafkaConsumer<String, String> control;
  private final Map<EventType, Counter> sent = new EnumMap<>(EventType.class);
  private long inFlight;
  private boolean awaitingDrain;
  private boolean running;
  /** Whether the traffic is hostile, for the metrics endpoint, which reads it from another thread. */
  private volatile boolean hostile;
  private Promise<Void> allDelivered;

  /**
   * @param ipDatabase the IP database directory ({@code ipIntelligence.dir}): every address drawn comes from its
   *                   allocations
   */
  public GeneratorVerticle(GeneratorSettings settings, KafkaSettings kafka, Path ipDatabase) {
    this.settings = settings;
    this.kafka = kafka;
    this.ipDatabase = ipDatabase;
    GeneratorSettings.Simulated simulated = settings.simulated();
    this.simulatedClock = simulated.enabled()
      ? new SimulatedClock(simulated.start() != null ? simulated.start() : Instant.now().minus(simulated.duration()))
      : null;
    this.clock = simulatedClock != null ? simulatedClock : Clock.systemUTC();
    this.nanosPerEvent = Math.max(1, Math.round(1e9 / settings.ratePerSecond()));
  }

  @Override
  public Future<?> start() {
    producer = createProducer();
    return vertx.executeBlocking(() -> AddressSpace.load(IpIntelligence.load(ipDatabase)))
      .map(this::prepareTraffic)
      .compose(prepared -> KafkaTopics.ensure(vertx, kafka))
      .compose(topics -> producerReady())
      .compose(ready -> listenForAttackModeRequests())
      .compose(listening -> listenForControlRequests())
      .compose(listening -> listenForControlCommands())
      .onSuccess(listening -> startTraffic())
      .onFailure(this::closeAfterFailedStart);
  }

  @Override
  public Future<?> stop() {
    running = false;
    timers.forEach(vertx::cancelTimer);
    Future<Void> windowClosed = runs == null ? Future.succeededFuture() : endAllRuns();
    Future<Void> controlClosed = control == null ? Future.succeededFuture() : control.close();
    return Future.join(windowClosed, inFlightDelivered(), controlClosed)
      .eventually(producer::flush)
      .eventually(() -> producer.close(CLOSE_TIMEOUT.toMillis()));
  }

  private Void prepareTraffic(AddressSpace space) {
    SplittableRandom root = settings.seed() == 0 ? new SplittableRandom() : new SplittableRandom(settings.seed());
    traffic = Traffic.create(settings, space, root, clock);
    stream = traffic.stream();
    runs = traffic.runs();
    schedule = new AttackSchedule(settings.attack().probability(), root.split());
    return null;
  }

  private KafkaProducer<String, String> createProducer() {
    GeneratorSettings.Producer tuning = settings.producer();
    KafkaProducer<String, String> created = KafkaProducer.create(vertx, Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
      ProducerConfig.CLIENT_ID_CONFIG, "tspipe-generator",
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      ProducerConfig.LINGER_MS_CONFIG, String.valueOf(tuning.lingerMs()),
      ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(tuning.batchSize()),
      ProducerConfig.COMPRESSION_TYPE_CONFIG, tuning.compression()), String.class, String.class);
    created.setWriteQueueMaxSize((int) Math.min(Integer.MAX_VALUE, tuning.maxInFlight() * WRITE_QUEUE_CHARS_PER_RECORD));
    return created;
  }

  private Future<Void> producerReady() {
    return producer.partitionsFor(kafka.topicOf(EventType.ACCOUNT_ACTIVITY)).mapEmpty();
  }

  private Future<Void> listenForAttackModeRequests() {
    return vertx.eventBus().consumer(Addresses.GENERATOR_ATTACK_MODE, this::onAttackModeRequest).completion();
  }

  private Future<Void> listenForControlRequests() {
    return vertx.eventBus().consumer(Addresses.GENERATOR_CONTROL, this::onControlRequest).completion();
  }

  /** Commands from other processes (the web role in another container), through the control topic. */
  private Future<Void> listenForControlCommands() {
    control = KafkaConsumer.create(vertx, KafkaClientConfig.controlConsumer(kafka, "tspipe-generator-control"),
      String.class, String.class);
    control.exceptionHandler(failure -> LOG.warn("Control topic consumer failed: {}", failure.getMessage()));
    control.handler(this::onControlCommand);
    TopicPartition partition = new TopicPartition(kafka.controlTopic(), 0);
    // asking the position fixes it at the end now, so a command given once start() has completed is never skipped
    return control.assign(partition).compose(assigned -> control.position(partition)).mapEmpty();
  }

  private void onControlCommand(KafkaConsumerRecord<String, String> record) {
    JsonObject body;
    try {
      body = new JsonObject(record.value());
    } catch (RuntimeException notJson) {
      LOG.warn("Ignored a control command at offset {} that is not JSON", record.offset());
      return;
    }
    try {
      apply(ControlCommand.parse(body), "the control topic");
    } catch (ScenarioRequestException invalid) {
      LOG.warn("Ignored a control command at offset {}: {}", record.offset(), invalid.getMessage());
    }
  }

  private void onControlRequest(Message<Object> request) {
    if (!(request.body() instanceof JsonObject body)) {
      request.fail(400, "command: expected a JSON object");
      return;
    }
    try {
      ControlCommand command = ControlCommand.parse(body);
      if (command instanceof ControlCommand.Stop stop && !runs.isRunning(stop.runId())) {
        request.fail(404, "runId: no run " + stop.runId() + " is going on");
        return;
      }
      request.reply(apply(command, "request"));
    } catch (ScenarioRequestException invalid) {
      request.fail(400, invalid.getMessage());
    }
  }

  /** Carries out a command; answers {@code {"runId", "scenario", "parameters", "running"}} or the classic mode. */
  private JsonObject apply(ControlCommand command, String by) {
    if (command instanceof ControlCommand.Start start) {
      runs.start(start.runId(), start.request(), AttackWindow.Trigger.FORCED, true).ifPresent(this::record);
      LOG.info("Scenario {} started by {} (run {}, {})", start.request().scenario().wireName(), by, start.runId(),
        start.request().parameters().encode());
      return start.request().toJson().put("runId", start.runId().toString()).put("running", true);
    }
    if (command instanceof ControlCommand.Stop stop) {
      runs.stop(stop.runId()).ifPresent(window -> {
        record(window);
        LOG.info("Scenario {} stopped by {} (run {})", window.scenario(), by, stop.runId());
      });
      return new JsonObject().put("runId", stop.runId().toString()).put("running", false);
    }
    force(AttackMode.parse(((ControlCommand.ClassicMode) command).mode()).orElseThrow(), by);
    return new JsonObject().put("mode", schedule.mode().wireName()).put("attacking", schedule.attacking());
  }

  private void force(AttackMode mode, String by) {
    schedule.force(mode, clock.instant()).ifPresent(this::onClassicTransition);
    LOG.info("Attack mode forced to {} by {}", mode.wireName(), by);
  }

  /** Prometheus meters: records sent by type, the target rate, and whether the traffic is hostile now. */
  private void registerMeters() {
    MeterRegistry registry = Metrics.registry();
    for (EventType type : EventType.values()) {
      sent.put(type, Counter.builder("tspipe.generator.events.sent").description("records handed to the producer")
        .tag("type", type.wireName()).register(registry));
    }
    Gauge.builder("tspipe.generator.rate.target", settings, GeneratorSettings::ratePerSecond)
      .description("records per second the generator aims at").register(registry);
    Gauge.builder("tspipe.generator.attacking", this, generator -> generator.hostile ? 1 : 0)
      .description("1 while a scenario runs").register(registry);
  }

  private void startTraffic() {
    registerMeters();
    long now = System.nanoTime();
    pacer = RatePacer.startingAt(settings.ratePerSecond(), now);
    progress = new Progress(now);
    running = true;
    startedMillis = clock.millis();
    if (simulatedClock != null) {
      endMillis = startedMillis + settings.simulated().duration().toMillis();
    }
    schedule.force(settings.attack().mode(), clock.instant()).ifPresent(this::onClassicTransition);
    timers.add(vertx.setPeriodic(settings.tick().toMillis(), tick -> emitDue()));
    if (simulatedClock == null) {
      timers.add(vertx.setPeriodic(settings.attack().toggleInterval().toMillis(), tick -> rollAttackDice()));
    }
    timers.add(vertx.setPeriodic(settings.progressInterval().toMillis(), tick -> logProgress()));
    LOG.info("Generating {} records/s to {} ({}, classic attack mode {}, {} people, seed {})",
      settings.ratePerSecond(), kafka.eventTopicNames(),
      simulatedClock == null ? "real time" : "simulated time from " + clock.instant() + " for "
        + settings.simulated().duration() + ", as fast as the broker takes it",
      settings.attack().mode().wireName(), traffic.population().people().size(),
      settings.seed() == 0 ? "random" : settings.seed());
  }

  private void emitDue() {
    if (!running) {
      return;
    }
    long owed = simulatedClock != null ? burstLimit() : Math.min(pacer.due(System.nanoTime()), burstLimit());
    long sent = 0;
    while (sent < owed && !backpressured()) {
      if (clock.millis() >= nextRunCheckMillis && !checkRuns()) {
        break;
      }
      send(stream.next());
      sent++;
      if (simulatedClock != null) {
        simulatedClock.advanceNanos(nanosPerEvent);
      }
    }
    emitted += sent;
    if (simulatedClock == null) {
      pacer.sent(sent);
    }
    runs.drainEntities().forEach(this::record);
    if (running && sent < owed) {
      awaitDrain();
    }
  }

  /**
   * Starts the scheduled runs that are due, ends those whose time is up, and in simulated time rolls the classic dice
   * and ends the simulation; false once the simulated time is all written.
   */
  private boolean checkRuns() {
    long now = clock.millis();
    nextRunCheckMillis = now + RUN_CHECK_MILLIS;
    List<GeneratorSettings.ScheduledRun> scheduled = settings.scenarios();
    while (nextScheduled < scheduled.size()
      && now >= startedMillis + scheduled.get(nextScheduled).startAfter().toMillis()) {
      GeneratorSettings.ScheduledRun run = scheduled.get(nextScheduled++);
      apply(new ControlCommand.Start(UUID.randomUUID(), run.request()), "the settings");
    }
    runs.drainEntities().forEach(this::record);
    runs.expire().forEach(window -> {
      record(window);
      LOG.info("Scenario {} ended (run {})", window.scenario(), window.windowId());
    });
    if (simulatedClock != null && now >= nextSimulatedRoll) {
      nextSimulatedRoll = now + settings.attack().toggleInterval().toMillis();
      if (now > startedMillis) {
        rollAttackDice();
      }
    }
    if (now >= endMillis) {
      running = false;
      endAllRuns();
      LOG.info("Simulated time written: {} records from {} to {}", emitted, Instant.ofEpochMilli(startedMillis),
        Instant.ofEpochMilli(now));
      return false;
    }
    return true;
  }

  private long burstLimit() {
    double perTick = settings.ratePerSecond() * settings.tick().toMillis() / 1000.0;
    return Math.max(MIN_BURST, (long) Math.ceil(perTick * TICKS_PER_BURST));
  }

  private boolean backpressured() {
    return inFlight >= settings.producer().maxInFlight() || producer.writeQueueFull();
  }

  private void awaitDrain() {
    awaitingDrain = true;
    if (producer.writeQueueFull()) {
      producer.drainHandler(drained -> resumeAfterDrain());
    }
  }

  private void resumeAfterDrain() {
    if (awaitingDrain) {
      awaitingDrain = false;
      emitDue();
    }
  }

  private void send(OutgoingEvent event) {
    inFlight++;
    progress.sent(event);
    sent.get(event.type()).increment();
    producer.send(KafkaProducerRecord.create(kafka.topicOf(event.type()), event.key(), event.value()))
      .onComplete(this::onDelivered);
  }

  private void onDelivered(RecordMetadata metadata, Throwable error) {
    inFlight--;
    if (error == null) {
      progress.acked();
    } else if (progress.failed(error)) {
      LOG.warn("Kafka refused a record; further refusals this interval are only counted", error);
    }
    if (awaitingDrain && inFlight <= settings.producer().maxInFlight() / 2 && !producer.writeQueueFull()) {
      resumeAfterDrain();
    }
    if (allDelivered != null && inFlight == 0) {
      allDelivered.tryComplete();
    }
  }

  /** Records still queued inside the vert.x producer are not covered by its flush: wait for their outcome first. */
  private Future<Void> inFlightDelivered() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    allDelivered = Promise.promise();
    return allDelivered.future()
      .timeout(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
      .recover(timeout -> {
        LOG.warn("Stopping with {} records still unacknowledged after {}", inFlight, CLOSE_TIMEOUT);
        return Future.succeededFuture();
      });
  }

  private void rollAttackDice() {
    schedule.tick(clock.instant()).ifPresent(this::onClassicTransition);
  }

  private void onAttackModeRequest(Message<Object> request) {
    Optional<AttackMode> mode = AttackMode.fromRequest(request.body());
    if (mode.isEmpty()) {
      request.fail(400, "mode must be one of " + AttackMode.allowedValues());
      return;
    }
    force(mode.get(), "request");
    request.reply(new JsonObject().put("mode", schedule.mode().wireName()).put("attacking", schedule.attacking()));
  }

  /** The classic schedule entered or left attack mode: a classic run starts or ends with the schedule's window. */
  private void onClassicTransition(AttackTransition transition) {
    AttackWindow window = transition.window();
    if (transition.attacking()) {
      LOG.info("Entering attack mode... (window {}, trigger {})", window.windowId(), window.trigger().wireName());
      runs.start(window.windowId(), classicRequest(), window.trigger(), false).ifPresent(this::record);
    } else {
      LOG.info("Leaving attack mode (window {}, after {}s)", window.windowId(),
        Duration.between(window.startedAt(), window.endedAt()).toSeconds());
      runs.stop(window.windowId()).ifPresent(this::record);
    }
  }

  /** Classic's defaults, its duration the schedule's interval (the schedule ends it). */
  private ScenarioRequest classicRequest() {
    long seconds = Math.min(Scenario.MAX_DURATION_SECONDS, Math.max(1, settings.attack().toggleInterval().toSeconds()));
    return ScenarioRequest.parse(new JsonObject().put("scenario", Scenario.CLASSIC.wireName())
      .put("durationSeconds", seconds));
  }

  private Future<Void> endAllRuns() {
    schedule.end(clock.instant());
    runs.drainEntities().forEach(this::record);
    List<Future<Void>> recorded = new ArrayList<>();
    for (JsonObject run : runs.running()) {
      runs.stop(UUID.fromString(run.getString("runId"))).ifPresent(window -> recorded.add(record(window)));
    }
    runs.drainEntities().forEach(entity -> recorded.add(record(entity)));
    hostile = false;
    return Future.join(recorded).mapEmpty();
  }

  private Future<Void> record(AttackWindow window) {
    hostile = !runs.isEmpty();
    return producer.send(KafkaProducerRecord.create(kafka.attackWindowsTopic(), window.key(), window.toJson().encode()))
      .onFailure(error -> LOG.error("Could not record attack window {} to {}", window.windowId(),
        kafka.attackWindowsTopic(), error))
      .mapEmpty();
  }

  private Future<Void> record(AttackEntity entity) {
    return producer.send(KafkaProducerRecord.create(kafka.attackEntitiesTopic(), entity.key(), entity.toJson().encode()))
      .onFailure(error -> LOG.error("Could not record an entity of attack window {} to {}", entity.windowId(),
        kafka.attackEntitiesTopic(), error))
      .mapEmpty();
  }

  private void logProgress() {
    LOG.info("Generator: {}{}", progress.summarize(System.nanoTime(), hostile, settings.ratePerSecond(),
      inFlight, pacer.forfeited()), simulatedClock == null || !running ? "" : ", simulated time " + clock.instant());
  }

  private void closeAfterFailedStart(Throwable error) {
    LOG.error("Generator failed to start (Kafka at {}, IP database in {})", kafka.bootstrapServers(), ipDatabase, error);
    producer.close(CLOSE_TIMEOUT.toMillis());
  }
}
