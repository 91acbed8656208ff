package io.tspipe.kafka;

import io.tspipe.metrics.Metrics;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The consume → batch → write → commit loop of the roles that sink Kafka records. Each record becomes an item as it
 * arrives; a batch closes at {@link Limits#maxRecords} records or once its first record is {@link Limits#maxDelayMs}
 * old. Up to {@link Limits#maxInFlight} batches are written at once while the next one fills; while they all are, the
 * next one keeps filling up to {@link Limits#maxRecordsBehind} records or {@link Limits#maxBytesBehind} bytes and is
 * written as soon as one of them is, so a sink that falls behind gets larger batches. The consumer is paused while
 * that batch is full, or while newly assigned partitions are being prepared. A batch's offsets are committed only after its
 * write and every earlier batch's commit succeeded, so commits go in order and a crash means records are read again,
 * never lost. Offsets whose commit failed (a rebalance under way, the coordinator away) are committed again with the
 * next batch's, or on their own within {@link #RECOMMIT_MS} ms when none follows, so a partition whose records stop
 * coming is not left committed behind what is written. A partition revoked in a rebalance is handed over only once
 * every batch holding its records is written and committed ({@link RevocationFence}); records of it polled before and
 * delivered after are dropped, for its next owner to read. Its lag per owned partition is a meter of
 * {@code /metrics}. Not thread-safe: runs on its verticle's context.
 *
 * @param <T> what the role makes of one record
 */
public final class BatchingConsumer<T> {

  /** What a role does with its records. */
  public interface Handler<T> {

    /** Turns one record into an item of the open batch. */
    T classify(KafkaConsumerRecord<String, Buffer> record);

    /** Makes a batch durable; the future completes once it is, retrying inside as long as it takes. */
    Future<Void> write(List<T> batch);

    /** Prepares newly assigned partitions; no record of theirs is classified before the future completes. */
    default Future<Void> assigned(Set<TopicPartition> partitions) {
      return Future.succeededFuture();
    }

    /** Partitions now owned by another member; their pending records were dropped, to be read again there. */
    default void revoked(Set<TopicPartition> partitions) {
    }

    /** A batch was written and its offsets committed. */
    default void written(List<T> batch, long elapsedMs) {
    }
  }

  /**
   * When a batch closes, and how many are written at once.
   *
   * @param maxRecords       a batch closes at this many records while a write is free to take it…
   * @param maxDelayMs       …or once its first record is this old
   * @param maxInFlight      batches written at once
   * @param maxRecordsBehind while {@code maxInFlight} batches are being written, the next one keeps filling up to this
   *                         many records before the consumer pauses, and is written whole when a write ends: at least
   *                         {@code maxRecords}, which is the same as no growing
   * @param maxBytesBehind   …or up to this many bytes of record values
   */
  public record Limits(int maxRecords, long maxDelayMs, int maxInFlight, int maxRecordsBehind, long maxBytesBehind) {

    public Limits {
      if (maxRecords < 1 || maxInFlight < 1 || maxRecordsBehind < maxRecords || maxBytesBehind < 1) {
        throw new IllegalArgumentException("batch limits: at least one record and one batch in flight, and at least as"
          + " many records behind as in a batch: " + maxRecords + " records, " + maxInFlight + " in flight, "
          + maxRecordsBehind + " records and " + maxBytesBehind + " bytes behind");
      }
    }

    /** Batches of at most {@code maxRecords} records whether or not the sink falls behind. */
    public static Limits fixed(int maxRecords, long maxDelayMs, int maxInFlight) {
      return new Limits(maxRecords, maxDelayMs, maxInFlight, maxRecords, Long.MAX_VALUE);
    }
  }

  private record Pending<T>(TopicPartition partition, T item, int bytes) {
  }

  /** How often offsets whose commit failed are committed again while no batch is being written. */
  static final long RECOMMIT_MS = 1000;

  /** A batch handed to the handler whose offsets are not committed yet. */
  private record Uncommitted(Map<TopicPartition, OffsetAndMetadata> offsets, Future<Void> written) {
  }

  private final Vertx vertx;
  private final Context context;
  private final KafkaConsumer<String, Buffer> consumer;
  private final Handler<T> handler;
  private final Limits limits;
  private final Logger log;

  private final Set<TopicPartition> owned = new HashSet<>();
  /** Offsets of written batches whose commit failed, per partition, until a commit covers them. */
  private final Map<TopicPartition, OffsetAndMetadata> unconfirmed = new HashMap<>();
  private final List<Uncommitted> uncommitted = new ArrayList<>();
  private List<Pending<T>> pending = new ArrayList<>();
  private Map<TopicPartition, Long> pendingOffsets = new HashMap<>();
  private long pendingBytes;
  private long pendingSince;
  private Future<Void> lastCommit = Future.succeededFuture();
  private int writesInFlight;
  private boolean full;
  private int preparing;
  private boolean paused;
  private boolean stopping;
  private long flushTimer = -1;
  private long recommitTimer = -1;
  private boolean recommitting;
  private final ConsumerLagMeters lag;

  /**
   * A consumer over {@code fence}, which {@link RevocationFence#onRevoke asks} this to finish the batches of revoked
   * partitions; create it on the context the handler runs on.
   */
  public BatchingConsumer(Vertx vertx, RevocationFence fence, String groupId, Handler<T> handler, Limits limits,
                          Logger log) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.consumer = KafkaConsumer.create(vertx, fence);
    fence.onRevoke(this::finishRevoked);
    this.lag = new ConsumerLagMeters(consumer.unwrap(), groupId, Metrics.registry());
    this.handler = handler;
    this.limits = limits;
    this.log = log;
  }

  /** Subscribes to {@code topics} and starts batching. */
  public Future<Void> start(Set<String> topics) {
    consumer.partitionsAssignedHandler(this::prepare);
    consumer.partitionsRevokedHandler(this::release);
    consumer.exceptionHandler(failure -> {
      // a commit refused during a rebalance is reported here too; commit() says what becomes of it
      if (!(failure instanceof RebalanceInProgressException)) {
        log.error("Kafka consumer failed", failure);
      }
    });
    consumer.handler(this::accept);
    flushTimer = vertx.setPeriodic(Math.max(1, limits.maxDelayMs() / 4), id -> flushIfDue());
    recommitTimer = vertx.setPeriodic(RECOMMIT_MS, id -> recommitIfIdle());
    return consumer.subscribe(topics);
  }

  /** The consumer, for the handler's own calls (such as its committed offsets). */
  public KafkaConsumer<String, Buffer> consumer() {
    return consumer;
  }

  private void accept(KafkaConsumerRecord<String, Buffer> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (!owned.contains(partition)) {
      // polled before its partition was revoked: the next owner reads it
      return;
    }
    if (pending.isEmpty()) {
      pendingSince = System.currentTimeMillis();
    }
    int bytes = record.value() == null ? 0 : record.value().length();
    pending.add(new Pending<>(partition, handler.classify(record), bytes));
    pendingBytes += bytes;
    pendingOffsets.put(partition, record.offset() + 1);
    if (pending.size() >= limits.maxRecords()) {
      if (writesInFlight < limits.maxInFlight()) {
        flush();
      } else if (pendingIsFull()) {
        full = true;
        updateFlow();
      }
    }
  }

  private boolean pendingIsFull() {
    return pending.size() >= limits.maxRecordsBehind() || pendingBytes >= limits.maxBytesBehind();
  }

  private void flushIfDue() {
    if (writesInFlight < limits.maxInFlight() && !pending.isEmpty()
      && System.currentTimeMillis() - pendingSince >= limits.maxDelayMs()) {
      flush();
    }
  }

  private void flush() {
    List<T> batch = pending.stream().map(Pending::item).toList();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    pendingOffsets.forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next, "")));
    pending = new ArrayList<>();
    pendingOffsets = new HashMap<>();
    pendingBytes = 0;
    writesInFlight++;
    long startedNanos = System.nanoTime();
    Future<Void> written = handler.write(batch);
    Uncommitted waiting = new Uncommitted(offsets, written);
    uncommitted.add(waiting);
    lastCommit = lastCommit
      .compose(v -> written)
      .compose(v -> commit(offsets))
      .andThen(done -> {
        uncommitted.remove(waiting);
        afterWrite(batch, startedNanos, done);
      });
  }

  /**
   * Commits {@code offsets}, with those whose commit failed before, of the partitions still owned: a revoked one's were
   * committed as it was handed over. A failure leaves them to be committed again.
   */
  private Future<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    Map<TopicPartition, OffsetAndMetadata> ours = new HashMap<>(unconfirmed);
    offsets.forEach((partition, offset) -> ours.merge(partition, offset, BatchingConsumer::later));
    ours.keySet().retainAll(owned);
    if (ours.isEmpty()) {
      return Future.succeededFuture();
    }
    return consumer.commit(ours)
      .onSuccess(committed -> ours.forEach(this::confirm))
      .<Void>mapEmpty()
      .recover(failure -> {
        ours.forEach((partition, offset) -> unconfirmed.merge(partition, offset, BatchingConsumer::later));
        if (failure instanceof RebalanceInProgressException) {
          log.info("Offset commit deferred by a rebalance in progress: committing it again with the next batch, within"
            + " {} ms, or when its partitions are handed over", RECOMMIT_MS);
        } else {
          log.warn("Offset commit failed after the batch was written; committing it again with the next batch or within"
            + " {} ms: {}", RECOMMIT_MS, failure.toString());
        }
        return Future.succeededFuture();
      });
  }

  /** Commits the offsets whose commit failed, unless a batch is being written: its commit carries them. */
  private void recommitIfIdle() {
    if (unconfirmed.isEmpty() || writesInFlight > 0 || recommitting || stopping) {
      return;
    }
    recommitting = true;
    lastCommit = lastCommit.compose(v -> commit(Map.of())).andThen(done -> recommitting = false);
  }

  private void confirm(TopicPartition partition, OffsetAndMetadata committed) {
    unconfirmed.computeIfPresent(partition,
      (same, waiting) -> waiting.getOffset() <= committed.getOffset() ? null : waiting);
  }

  private static OffsetAndMetadata later(OffsetAndMetadata one, OffsetAndMetadata other) {
    return one.getOffset() >= other.getOffset() ? one : other;
  }

  private void afterWrite(List<T> batch, long startedNanos, AsyncResult<Void> done) {
    writesInFlight--;
    if (done.failed()) {
      log.warn("A batch of {} records was not written before shutdown; it will be read again: {}", batch.size(),
        done.cause().getMessage());
      return;
    }
    handler.written(batch, (System.nanoTime() - startedNanos) / 1_000_000);
    if (pending.size() >= limits.maxRecords()) {
      flush();
    }
    full = pendingIsFull();
    updateFlow();
  }

  private void prepare(Set<TopicPartition> assigned) {
    if (assigned.isEmpty()) {
      return;
    }
    lag.assigned(assigned);
    owned.addAll(assigned);
    // lost and assigned again: reading resumes from the committed offset
    unconfirmed.keySet().removeAll(assigned);
    preparing++;
    updateFlow();
    handler.assigned(assigned)
      .onFailure(failure -> log.error("Could not prepare the assigned partitions {}", assigned, failure))
      .onComplete(done -> {
        preparing--;
        updateFlow();
      });
  }

  private void release(Set<TopicPartition> revoked) {
    owned.removeAll(revoked);
    lag.revoked(revoked);
    pending.removeIf(entry -> revoked.contains(entry.partition()));
    pendingBytes = pending.stream().mapToLong(Pending::bytes).sum();
    revoked.forEach(pendingOffsets::remove);
    handler.revoked(revoked);
  }

  /**
   * Called on the polling thread while Kafka holds a rebalance: on this consumer's context, after {@link #release} has
   * dropped the revoked partitions' pending records, waits for every batch holding their records to be written, and
   * answers the offset to commit for each: after the newest batch written, in flight or whose commit failed (a
   * rebalance in progress refuses commits), leaving out the batches in flight if any of them failed.
   */
  private CompletableFuture<Map<TopicPartition, Long>> finishRevoked(Set<TopicPartition> revoked) {
    CompletableFuture<Map<TopicPartition, Long>> finished = new CompletableFuture<>();
    context.runOnContext(v -> {
      List<Uncommitted> holding = uncommitted.stream()
        .filter(batch -> batch.offsets().keySet().stream().anyMatch(revoked::contains))
        .toList();
      Future.join(holding.stream().map(Uncommitted::written).toList()).onComplete(all -> {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : revoked) {
          OffsetAndMetadata waiting = unconfirmed.remove(partition);
          long next = waiting == null ? -1 : waiting.getOffset();
          List<Uncommitted> batches = holding.stream().filter(batch -> batch.offsets().containsKey(partition)).toList();
          if (batches.stream().allMatch(batch -> batch.written().succeeded())) {
            for (Uncommitted batch : batches) {
              next = Math.max(next, batch.offsets().get(partition).getOffset());
            }
          }
          if (next >= 0) {
            offsets.put(partition, next);
          }
        }
        finished.complete(offsets);
      });
    });
    return finished;
  }

  /**
   * Pauses the consumer while the next batch is full, partitions are being prepared or it is stopping; resumes
   * otherwise.
   */
  private void updateFlow() {
    boolean shouldPause = stopping || full || preparing > 0;
    if (shouldPause && !paused) {
      consumer.pause();
    } else if (!shouldPause && paused) {
      consumer.resume();
    }
    paused = shouldPause;
  }

  /**
   * Stops consuming and writes what is pending, one batch at a time, then closes the consumer. After
   * {@code graceMs} it runs {@code giveUp}, which must make the handler's writes stop retrying: what is not written
   * by then is read again after a restart.
   */
  public Future<Void> stop(long graceMs, Runnable giveUp) {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(recommitTimer);
    stopping = true;
    updateFlow();
    long deadline = vertx.setTimer(graceMs, id -> giveUp.run());
    return drain().eventually(() -> {
      vertx.cancelTimer(deadline);
      lag.close();
      return consumer.close();
    });
  }

  private Future<Void> drain() {
    if (writesInFlight > 0) {
      return lastCommit.otherwiseEmpty().compose(v -> drain());
    }
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    flush();
    return drain();
  }
}
