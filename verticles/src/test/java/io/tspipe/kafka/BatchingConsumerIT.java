package io.tspipe.kafka;

import io.tspipe.testing.Engines;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batching loop with two batches written at once, on the real broker: commits stay in order. */
class BatchingConsumerIT {

  private static final int BATCH = 10;

  /** Writes that complete only when the test says so. */
  private static final class HeldWrites extends VerticleBase implements BatchingConsumer.Handler<String> {

    private final String topic;
    private final String groupId;
    private final BatchingConsumer.Limits limits;
    private final TestPipeline pipeline;
    private final Map<String, String> consumerConfig;
    private final List<Promise<Void>> writes = new CopyOnWriteArrayList<>();
    private final List<List<String>> written = new CopyOnWriteArrayList<>();
    private final AtomicInteger classified = new AtomicInteger();
    private volatile Context home;
    private boolean holding = true;
    private BatchingConsumer<String> batches;

    HeldWrites(TestPipeline pipeline, String topic, String groupId) {
      this(pipeline, topic, groupId, BatchingConsumer.Limits.fixed(BATCH, 600_000, 2), Map.of());
    }

    /** {@code consumerConfig}: consumer properties in place of the roles' own. */
    HeldWrites(TestPipeline pipeline, String topic, String groupId, BatchingConsumer.Limits limits,
               Map<String, String> consumerConfig) {
      this.limits = limits;
      this.pipeline = pipeline;
      this.topic = topic;
      this.groupId = groupId;
      this.consumerConfig = consumerConfig;
    }

    @Override
    public Future<?> start() {
      home = context;
      Map<String, String> config = new HashMap<>(KafkaClientConfig.consumer(pipeline.kafka(), groupId, 10_000, BATCH));
      config.putAll(consumerConfig);
      RevocationFence fence = new RevocationFence(config, KafkaClientConfig.REVOKE_TIMEOUT,
        LoggerFactory.getLogger(BatchingConsumerIT.class));
      batches = new BatchingConsumer<>(vertx, fence, groupId, this, limits,
        LoggerFactory.getLogger(BatchingConsumerIT.class));
      return batches.start(Set.of(topic));
    }

    @Override
    public Future<?> stop() {
      return batches.stop(60_000, () -> { });
    }

    @Override
    public String classify(KafkaConsumerRecord<String, Buffer> record) {
      classified.incrementAndGet();
      return record.value().toString();
    }

    @Override
    public Future<Void> write(List<String> batch) {
      Promise<Void> write = Promise.promise();
      writes.add(write);
      if (holding) {
        return write.future();
      }
      write.complete();
      return write.future();
    }

    /** Lets every write complete at once from the start; called before deploying. */
    Future<Void> letGoOnStart() {
      holding = false;
      return Future.succeededFuture();
    }

    /** From now on every write completes at once, the held ones too. */
    Future<Void> letGo() {
      Promise<Void> told = Promise.promise();
      home.runOnContext(v -> {
        holding = false;
        writes.forEach(Promise::tryComplete);
        told.complete();
      });
      return told.future();
    }

    @Override
    public void written(List<String> batch, long elapsedMs) {
      written.add(batch);
    }

    /** Completes a write on the consumer's context; the future tells when the consumer has been told. */
    Future<Void> complete(int write) {
      Promise<Void> told = Promise.promise();
      home.runOnContext(v -> {
        writes.get(write).complete();
        told.complete();
      });
      return told.future();
    }
  }

  @Test
  @DisplayName("with two batches in flight, the second finishing first is committed only once the first is")
  void commitsInOrderWhateverFinishesFirst() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("batching-order")) {
      Running running = twoWritesHeld(pipeline, 3 * BATCH);
      HeldWrites handler = running.handler();
      String topic = handler.topic;
      String groupId = handler.groupId;
      pipeline.awaitResult(handler.complete(1));
      Thread.sleep(1_500); // deliberate: a window in which nothing may be committed; no signal marks a commit not made
      assertEquals(0, committed(pipeline, topic, groupId), "the second batch is not committed before the first");
      assertEquals(List.of(), handler.written, "nor reported written");
      assertEquals(2, handler.writes.size(), "the third batch waits: both slots are still taken");

      handler.complete(0);
      awaitCommitted(pipeline, topic, groupId, 2 * BATCH, "both batches committed");
      assertEquals(List.of(records(0), records(BATCH)), handler.written, "reported in order");

      awaitWrites(handler, 3, "the third batch written", Duration.ofSeconds(30));
      handler.complete(2);
      awaitCommitted(pipeline, topic, groupId, 3 * BATCH, "every record committed");
    }
  }

  @Test
  @DisplayName("while every write is in flight the next batch keeps filling, up to the records allowed behind, and is"
    + " written whole when a write ends")
  void growsTheNextBatchWhileBehind() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("batching-behind")) {
      HeldWrites handler = writesHeld(pipeline, 10 * BATCH, new BatchingConsumer.Limits(BATCH, 600_000, 2, 5 * BATCH,
        Long.MAX_VALUE));
      eventually(Duration.ofSeconds(30), () -> assertEquals(7 * BATCH, handler.classified.get(),
        "two batches in flight and five batches' records pending"));
      Thread.sleep(1_500); // deliberate: a window in which nothing more may be read; no signal marks a read not made
      assertEquals(7 * BATCH, handler.classified.get(), "the consumer paused at the records allowed behind");
      assertEquals(2, handler.writes.size(), "the pending batch waits for a write to end");

      pipeline.awaitResult(handler.letGo());
      eventually(Duration.ofSeconds(30), () -> assertEquals(10 * BATCH, handler.written.stream()
        .mapToInt(List::size).sum(), "every record written"));
      assertEquals(IntStream.range(2 * BATCH, 7 * BATCH).mapToObj(i -> "record-" + i).toList(), handler.written.get(2),
        "the batch that filled while both writes were in flight went whole");
    }
  }

  @Test
  @DisplayName("the batch growing while every write is in flight stops at the bytes allowed behind")
  void stopsGrowingAtTheBytesAllowedBehind() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("batching-behind-bytes")) {
      // records 20 to 99 are "record-NN", 9 bytes each: 23 of them reach 200 bytes; the last few go on age
      HeldWrites handler = writesHeld(pipeline, 10 * BATCH, new BatchingConsumer.Limits(BATCH, 1_000, 2, 10 * BATCH,
        200));
      eventually(Duration.ofSeconds(30), () -> assertEquals(2 * BATCH + 23, handler.classified.get(),
        "two batches in flight and 200 bytes of records pending"));
      Thread.sleep(1_500); // deliberate: a window in which nothing more may be read; no signal marks a read not made
      assertEquals(2 * BATCH + 23, handler.classified.get(), "the consumer paused at the bytes allowed behind");

      pipeline.awaitResult(handler.letGo());
      eventually(Duration.ofSeconds(30), () -> assertEquals(10 * BATCH, handler.written.stream()
        .mapToInt(List::size).sum(), "every record written"));
      assertEquals(23, handler.written.get(2).size(), "the batch that filled while both writes were in flight");
    }
  }

  @Test
  @DisplayName("stopping writes the batches in flight and the one pending, and reads nothing more")
  void stopsReading() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("batching-stop")) {
      Running running = twoWritesHeld(pipeline, 6 * BATCH);
      HeldWrites handler = running.handler();
      // the third batch fills meanwhile
      eventually(Duration.ofSeconds(30), () -> assertTrue(handler.classified.get() >= 3 * BATCH,
        () -> handler.classified.get() + " records read, the third batch not full yet"));

      Future<Void> stopped = pipeline.vertx().undeploy(running.deployment());
      handler.complete(0);
      handler.complete(1);
      awaitWrites(handler, 3, "the pending batch written", Duration.ofSeconds(30));
      handler.complete(2);
      pipeline.awaitResult(stopped);
      assertEquals(3, handler.writes.size(), "no record read after the stop began");
      assertEquals(3 * BATCH, committed(pipeline, handler.topic, handler.groupId), "what was written is committed");
    }
  }

  @Test
  @DisplayName("a batch written while the broker is away, its commit failing, is committed once the broker is back,"
    + " though no record follows it")
  void commitsAgainOnceTheBrokerIsBack() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("batching-recommit")) {
      String topic = pipeline.kafka().attackWindowsTopic();
      for (int i = 0; i < BATCH; i++) {
        pipeline.produceRaw(topic, "one-partition", "record-" + i);
      }
      // a commit gives up after 5 s instead of the client's default minute
      HeldWrites handler = new HeldWrites(pipeline, topic, pipeline.name() + "-" + System.nanoTime(),
        BatchingConsumer.Limits.fixed(BATCH, 600_000, 2), Map.of("default.api.timeout.ms", "5000"));
      pipeline.awaitResult(pipeline.vertx().deployVerticle(handler));
      awaitWrites(handler, 1, "the batch in flight", Duration.ofSeconds(60));
      try {
        Engines.get().stopKafka();
        pipeline.awaitResult(handler.letGo());
        eventually(Duration.ofMinutes(1), () -> assertEquals(List.of(records(0)), handler.written,
          "the batch written and its commit tried"));
      } finally {
        Engines.get().startKafka();
      }
      eventually(Duration.ofMinutes(1), () -> assertEquals(BATCH, committed(pipeline, topic, handler.groupId),
        "committed offset once the broker is back"));
    }
  }

  @Test
  @DisplayName("a partition revoked while a batch of its records is being written is handed over once that batch is"
    + " written and committed: the next owner reads none of it again")
  void handsOverRevokedPartitionsOnceWritten() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("batching-handover")) {
      String topic = pipeline.kafka().attackWindowsTopic();
      pipeline.awaitResult(KafkaTopics.ensure(pipeline.vertx(), pipeline.kafka()));
      int records = 6 * BATCH;
      for (int i = 0; i < 2 * BATCH; i++) {
        pipeline.produceRaw(topic, "key-" + i, "record-" + i);
      }
      String groupId = pipeline.name() + "-" + System.nanoTime();
      HeldWrites first = new HeldWrites(pipeline, topic, groupId, BatchingConsumer.Limits.fixed(BATCH, 500, 2),
        Map.of());
      pipeline.awaitResult(pipeline.vertx().deployVerticle(first));
      // two batches in flight and nothing pending: the first member keeps polling, so the rebalance reaches it
      awaitWrites(first, 2, "two batches of the first member in flight", Duration.ofSeconds(60));

      HeldWrites second = new HeldWrites(pipeline, topic, groupId, BatchingConsumer.Limits.fixed(BATCH, 500, 2),
        Map.of());
      pipeline.awaitResult(second.letGoOnStart());
      pipeline.awaitResult(pipeline.vertx().deployVerticle(second));
      Thread.sleep(5_000); // deliberate: the rebalance is held while the first member's batches are written
      assertEquals(0, second.classified.get(), "the second member reads nothing before the revoked batches are written");
      for (int i = 2 * BATCH; i < records; i++) {
        pipeline.produceRaw(topic, "key-" + i, "record-" + i);
      }

      pipeline.awaitResult(first.letGo());
      eventually(Duration.ofSeconds(60), () -> assertEquals(records, first.written.stream().mapToInt(List::size).sum()
        + second.written.stream().mapToInt(List::size).sum(), "records written by both members"));
      List<String> all = new java.util.ArrayList<>();
      first.written.forEach(all::addAll);
      second.written.forEach(all::addAll);
      assertEquals(records, Set.copyOf(all).size(), "no record written twice: " + all);
      assertTrue(second.classified.get() > 0, "the second member took partitions over");
    }
  }

  private record Running(HeldWrites handler, String deployment) {
  }

  /** {@code records} records on one partition, consumed until the first two batches are being written. */
  private static Running twoWritesHeld(TestPipeline pipeline, int records) throws Exception {
    String topic = produceOnOnePartition(pipeline, records);
    HeldWrites handler = new HeldWrites(pipeline, topic, pipeline.name() + "-" + System.nanoTime());
    String deployment = pipeline.awaitResult(pipeline.vertx().deployVerticle(handler));
    awaitWrites(handler, 2, "two batches in flight", Duration.ofSeconds(60));
    return new Running(handler, deployment);
  }

  /** As {@link #twoWritesHeld}, batching within {@code limits}. */
  private static HeldWrites writesHeld(TestPipeline pipeline, int records, BatchingConsumer.Limits limits)
    throws Exception {
    String topic = produceOnOnePartition(pipeline, records);
    HeldWrites handler = new HeldWrites(pipeline, topic, pipeline.name() + "-" + System.nanoTime(), limits, Map.of());
    pipeline.awaitResult(pipeline.vertx().deployVerticle(handler));
    awaitWrites(handler, 2, "two batches in flight", Duration.ofSeconds(60));
    return handler;
  }

  private static String produceOnOnePartition(TestPipeline pipeline, int records) {
    String topic = pipeline.kafka().attackWindowsTopic();
    for (int i = 0; i < records; i++) {
      pipeline.produceRaw(topic, "one-partition", "record-" + i);
    }
    return topic;
  }

  private static void awaitWrites(HeldWrites handler, int writes, String what, Duration timeout) {
    eventually(timeout, () -> assertEquals(writes, handler.writes.size(), "writes started: " + what));
  }

  private static void awaitCommitted(TestPipeline pipeline, String topic, String groupId, long offset, String what) {
    eventually(Duration.ofSeconds(30), () -> assertEquals(offset, committed(pipeline, topic, groupId),
      "committed offset: " + what));
  }

  private static List<String> records(int from) {
    return IntStream.range(from, from + BATCH).mapToObj(i -> "record-" + i).toList();
  }

  /** The group's committed offsets over every partition of {@code topic}, added up. */
  private static long committed(TestPipeline pipeline, String topic, String groupId) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", pipeline.kafka().bootstrapServers());
    properties.put("group.id", groupId);
    try (var reader = new org.apache.kafka.clients.consumer.KafkaConsumer<>(properties, new StringDeserializer(),
      new StringDeserializer())) {
      Set<TopicPartition> partitions = reader.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toSet());
      Map<TopicPartition, OffsetAndMetadata> offsets = reader.committed(partitions);
      return offsets.values().stream().mapToLong(offset -> offset == null ? 0 : offset.offset()).sum();
    }
  }
}
