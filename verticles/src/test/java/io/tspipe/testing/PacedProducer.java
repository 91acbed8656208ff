package io.tspipe.testing;

import io.tspipe.config.KafkaSettings;
import io.tspipe.generator.OutgoingEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records sent to their type's topic, keyed as the generator keys them, at a steady pace over a given time from a
 * thread of their own, so a test can break an engine or a role while they arrive. The producer rides out a broker
 * outage: it keeps what it is given while the broker is away and retries for up to {@link #PATIENCE}, and it is
 * idempotent, so a batch retried after the broker wrote it is not written twice. Start it with
 * {@link TestPipeline#producePaced}; closing it stops sending and waits a little for what is on its way.
 */
public final class PacedProducer implements AutoCloseable {

  /** How long a record may wait for the broker before its send fails. */
  public static final Duration PATIENCE = Duration.ofMinutes(5);
  private static final long TICK_MS = 20;

  private final KafkaProducer<String, String> producer;
  private final KafkaSettings kafka;
  private final List<OutgoingEvent> records;
  private final Duration over;
  private final Thread sender;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean closed;

  private PacedProducer(KafkaSettings kafka, List<OutgoingEvent> records, Duration over) {
    this.kafka = kafka;
    this.records = List.copyOf(records);
    this.over = over;
    Properties properties = new Properties();
    properties.put("bootstrap.servers", kafka.bootstrapServers());
    properties.put("acks", "all");
    properties.put("enable.idempotence", "true");
    properties.put("linger.ms", "10");
    properties.put("batch.size", "262144");
    properties.put("buffer.memory", Long.toString(256L << 20));
    properties.put("delivery.timeout.ms", Long.toString(PATIENCE.toMillis()));
    properties.put("max.block.ms", Long.toString(PATIENCE.toMillis()));
    producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    sender = new Thread(this::sendAll, "paced-producer");
    sender.setDaemon(true);
  }

  /** Starts sending {@code records} in order, evenly over {@code over}; their topics must exist. */
  static PacedProducer start(KafkaSettings kafka, List<OutgoingEvent> records, Duration over) {
    PacedProducer paced = new PacedProducer(kafka, records, over);
    paced.sender.start();
    return paced;
  }

  /** Records handed to the producer so far. */
  public long sent() {
    return sent.get();
  }

  /** Records the broker has acknowledged so far. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Waits until {@code count} records are handed to the producer; fails if a send failed. */
  public void awaitSent(long count, Duration timeout) {
    eventually(timeout, () -> {
      assertNoFailure();
      assertTrue(sent.get() >= count, () -> "records sent: " + sent.get() + " of the " + count + " awaited");
    });
  }

  /** Waits until the broker has acknowledged every record; fails if a send failed. */
  public void awaitAcknowledged(Duration timeout) {
    eventually(timeout, () -> {
      assertNoFailure();
      assertTrue(acknowledged.get() == records.size(),
        () -> "records acknowledged: " + acknowledged.get() + " of " + records.size());
    });
  }

  private void assertNoFailure() {
    Exception failed = failure.get();
    if (failed != null) {
      Eventually.GiveUp hopeless = new Eventually.GiveUp("a record could not be sent: " + failed);
      hopeless.initCause(failed);
      throw hopeless;
    }
  }

  private void sendAll() {
    long startedNanos = System.nanoTime();
    int next = 0;
    try {
      while (next < records.size() && !closed) {
        long due = Math.min(records.size(), records.size() * (System.nanoTime() - startedNanos) / over.toNanos());
        for (; next < due && !closed; next++) {
          send(records.get(next));
        }
        Thread.sleep(TICK_MS); // deliberate: the pace, records sent as their time comes
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void send(OutgoingEvent record) {
    producer.send(new ProducerRecord<>(kafka.topicOf(record.type()), record.key(), record.value()), (metadata, error) -> {
      if (error == null) {
        acknowledged.incrementAndGet();
      } else {
        failure.compareAndSet(null, error);
      }
    });
    sent.incrementAndGet();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    sender.join(Duration.ofSeconds(30).toMillis());
    producer.close(Duration.ofSeconds(10));
  }
}
