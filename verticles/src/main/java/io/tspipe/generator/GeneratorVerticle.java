package io.tspipe.generator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tspipe.bus.Addresses;
import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.metrics.Metrics;
import io.tspipe.model.EventType;
import io.tspipe.truth.AttackWindow;
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

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The generator role: simulated traffic, normal or under attack, produced to the event topics at a steady
 * rate. Attack mode follows an {@link AttackSchedule}, can be forced through {@link Addresses#GENERATOR_ATTACK_MODE}
 * (from this process) or the control topic (from any process),
 * is announced on {@link Addresses#GENERATOR_ATTACK_CHANGED}, and each attack window is recorded to the
 * attack-windows topic as ground truth. Emission stops while the producer has {@code maxInFlight} records
 * unacknowledged or its write queue is full, and resumes when it drains.
 */
public final class GeneratorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GeneratorVerticle.class);

  /** The vert.x producer counts its write queue in characters of values: room for maxInFlight records this long. */
  private static final long WRITE_QUEUE_CHARS_PER_RECORD = 1024;
  /** Work per pacing tick, in ticks' worth of records: room to catch up, never a burst that hogs the event loop. */
  private static final long TICKS_PER_BURST = 3;
  private static final long MIN_BURST = 1000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final GeneratorSettings settings;
  private final KafkaSettings kafka;
  private final Clock clock = Clock.systemUTC();
  private final List<Long> timers = new ArrayList<>();
  private EventStream stream;
  private AttackSchedule schedule;
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

  public GeneratorVerticle(GeneratorSettings settings, KafkaSettings kafka) {
    this.settings = settings;
    this.kafka = kafka;
  }

  @Override
  public Future<?> start() {
    prepareTraffic();
    producer = createProducer();
    return KafkaTopics.ensure(vertx, kafka)
      .compose(topics -> producerReady())
      .compose(ready -> listenForAttackModeRequests())
      .compose(listening -> listenForControlCommands())
      .onSuccess(listening -> startTraffic())
      .onFailure(this::closeAfterFailedStart);
  }

  @Override
  public Future<?> stop() {
    running = false;
    timers.forEach(vertx::cancelTimer);
    Future<Void> windowClosed = schedule.end(clock.instant()).map(this::announce).orElse(Future.succeededFuture());
    Future<Void> controlClosed = control == null ? Future.succeededFuture() : control.close();
    return Future.join(windowClosed, inFlightDelivered(), controlClosed)
      .eventually(producer::flush)
      .eventually(() -> producer.close(CLOSE_TIMEOUT.toMillis()));
  }

  private void prepareTraffic() {
    SplittableRandom root = settings.seed() == 0 ? new SplittableRandom() : new SplittableRandom(settings.seed());
    Pools pools = Pools.generate(root.split(), settings.users(), settings.ips());
    stream = EventStream.create(settings, pools, root, clock);
    schedule = new AttackSchedule(settings.attack().probability(), root.split());
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

  /** Attack mode commands from other processes (the web role in another container), through the control topic. */
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
    JsonObject command;
    try {
      command = new JsonObject(record.value());
    } catch (RuntimeException notJson) {
      LOG.warn("Ignored a control command at offset {} that is not JSON", record.offset());
      return;
    }
    Optional<AttackMode> mode = AttackMode.fromRequest(command);
    if (mode.isEmpty()) {
      LOG.warn("Ignored a control command at offset {}: mode must be one of {}", record.offset(), AttackMode.allowedValues());
      return;
    }
    force(mode.get(), "the control topic");
  }

  private void force(AttackMode mode, String by) {
    schedule.force(mode, clock.instant()).ifPresent(this::announce);
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
      .description("1 while the generated traffic is hostile").register(registry);
  }

  private void startTraffic() {
    registerMeters();
    long now = System.nanoTime();
    pacer = RatePacer.startingAt(settings.ratePerSecond(), now);
    progress = new Progress(now);
    running = true;
    schedule.force(settings.attack().mode(), clock.instant()).ifPresent(this::announce);
    timers.add(vertx.setPeriodic(settings.tick().toMillis(), tick -> emitDue()));
    timers.add(vertx.setPeriodic(settings.attack().toggleInterval().toMillis(), tick -> rollAttackDice()));
    timers.add(vertx.setPeriodic(settings.progressInterval().toMillis(), tick -> logProgress()));
    LOG.info("Generating {} records/s to {} (attack mode {}, {} users, {} IPs, seed {})", settings.ratePerSecond(),
      kafka.eventTopicNames(), settings.attack().mode().wireName(), settings.users(), settings.ips(),
      settings.seed() == 0 ? "random" : settings.seed());
  }

  private void emitDue() {
    if (!running) {
      return;
    }
    long owed = Math.min(pacer.due(System.nanoTime()), burstLimit());
    TrafficProfile profile = TrafficProfile.of(schedule.attacking());
    long sent = 0;
    while (sent < owed && !backpressured()) {
      send(stream.next(profile));
      sent++;
    }
    pacer.sent(sent);
    if (sent < owed) {
      awaitDrain();
    }
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
    schedule.tick(clock.instant()).ifPresent(this::announce);
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

  private Future<Void> announce(AttackTransition transition) {
    hostile = schedule.attacking();
    AttackWindow window = transition.window();
    if (transition.attacking()) {
      LOG.info("Entering attack mode... (window {}, trigger {})", window.windowId(), window.trigger().wireName());
    } else {
      LOG.info("Leaving attack mode (window {}, after {}s)", window.windowId(),
        Duration.between(window.startedAt(), window.endedAt()).toSeconds());
    }
    vertx.eventBus().publish(Addresses.GENERATOR_ATTACK_CHANGED, transition.changedMessage());
    return recordWindow(window);
  }

  private Future<Void> recordWindow(AttackWindow window) {
    return producer.send(KafkaProducerRecord.create(kafka.attackWindowsTopic(), window.key(), window.toJson().encode()))
      .onFailure(error -> LOG.error("Could not record attack window {} to {}", window.windowId(),
        kafka.attackWindowsTopic(), error))
      .mapEmpty();
  }

  private void logProgress() {
    LOG.info("Generator: {}", progress.summarize(System.nanoTime(), schedule.attacking(), settings.ratePerSecond(),
      inFlight, pacer.forfeited()));
  }

  private void closeAfterFailedStart(Throwable error) {
    LOG.error("Generator failed to start against Kafka at {}", kafka.bootstrapServers(), error);
    producer.close(CLOSE_TIMEOUT.toMillis());
  }
}
