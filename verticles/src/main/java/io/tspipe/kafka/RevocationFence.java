package io.tspipe.kafka;

import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.serialization.BufferDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A Kafka consumer that holds a rebalance until the partitions it gives up are fenced. Vert.x's read stream hands a
 * revocation to its handler on the handler's context and lets the rebalance go on at once, so another member could
 * take a partition while a batch of its records is still being written here, read the same records from the last
 * committed offset, and store them again. This consumer keeps the rebalance waiting, on the polling thread, inside the
 * listener Kafka calls, until every batch holding records of the revoked partitions is written, then commits their
 * offsets there: the next owner starts after them. Kafka waits for that listener up to {@code max.poll.interval.ms};
 * the fence waits at most {@code timeout}, shorter than that, then logs that a batch still in flight may be stored
 * twice (the ledger then names it) and lets the rebalance go on.
 *
 * <p>Partitions lost rather than revoked (this member was presumed dead) are already someone else's: nothing is
 * waited for or committed.
 */
public final class RevocationFence extends KafkaConsumer<String, Buffer> {

  /** What the consumer's user does when partitions are revoked. */
  public interface Release {

    /**
     * Completes, off the polling thread, once every batch holding records of {@code partitions} is written, with the
     * offset to commit for each (a partition with nothing to commit is left out).
     */
    CompletableFuture<Map<io.vertx.kafka.client.common.TopicPartition, Long>> release(
      Set<io.vertx.kafka.client.common.TopicPartition> partitions);
  }

  private final Duration timeout;
  private final Logger log;
  private volatile Release release = partitions -> CompletableFuture.completedFuture(Map.of());

  public RevocationFence(Map<String, String> config, Duration timeout, Logger log) {
    super(new HashMap<>(config), new StringDeserializer(), new BufferDeserializer());
    this.timeout = timeout;
    this.log = log;
  }

  /** Who is asked to finish the batches of revoked partitions; set before subscribing. */
  public void onRevoke(Release release) {
    this.release = release;
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    super.subscribe(topics, new Fenced(listener));
  }

  @Override
  public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
    super.subscribe(pattern, new Fenced(listener));
  }

  private final class Fenced implements ConsumerRebalanceListener {

    private final ConsumerRebalanceListener handlers;

    Fenced(ConsumerRebalanceListener handlers) {
      this.handlers = handlers;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      handlers.onPartitionsAssigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      handlers.onPartitionsRevoked(partitions);
      if (partitions.isEmpty()) {
        return;
      }
      long startedNanos = System.nanoTime();
      Set<io.vertx.kafka.client.common.TopicPartition> revoked = new HashSet<>();
      partitions.forEach(partition -> revoked.add(
        new io.vertx.kafka.client.common.TopicPartition(partition.topic(), partition.partition())));
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      try {
        release.release(revoked).get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((partition, next) ->
          offsets.put(new TopicPartition(partition.getTopic(), partition.getPartition()), new OffsetAndMetadata(next)));
      } catch (TimeoutException e) {
        log.error("Partitions {} are handed over while a batch of their records is still being written after {} s;"
          + " the next owner may store those records again", partitions, timeout.toSeconds());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        log.warn("Could not finish the batches of revoked partitions {}: {}", partitions, e.getCause().getMessage());
        return;
      }
      try {
        if (!offsets.isEmpty()) {
          commitSync(offsets);
        }
        log.info("Revoked {} partitions after {} ms, their written batches committed: {}", partitions.size(),
          (System.nanoTime() - startedNanos) / 1_000_000, offsets.keySet());
      } catch (RuntimeException e) {
        log.warn("Revoked partitions {} were written, but their offsets not committed; the next owner reads them again"
          + " and recognises them as stored: {}", partitions, e.getMessage());
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      handlers.onPartitionsLost(partitions);
    }
  }
}
