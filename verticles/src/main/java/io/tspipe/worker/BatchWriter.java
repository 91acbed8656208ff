package io.tspipe.worker;

import io.tspipe.event.DeadLetter;
import io.tspipe.sink.Retry;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Makes one batch durable: its rejects go to the dead-letter topic ({@link DeadLetter}, bounded so the broker always
 * takes them) and its rows to their ClickHouse tables, all at
 * once, each step retried with backoff until it succeeds. The batch is durable when every step has succeeded, and only
 * then are its offsets committed, so a crash repeats the batch rather than losing any of it: a dead letter may be
 * published twice, a row is stored once, because each insert carries a token derived from the batch id and a retry
 * the server already applied is dropped. The steps are independent, so running them together makes a batch's
 * latency that of its slowest step (the events' insert, mostly) rather than the sum of all of them.
 */
final class BatchWriter {

  private final ClickHouseClient clickHouse;
  private final KafkaProducer<String, Buffer> deadLetters;
  private final String rejectedTopic;
  private final Retry retry;
  private final BooleanSupplier running;
  private final int rejectedPayloadMaxBytes;
  private final int deadLetterPayloadMaxBytes;

  BatchWriter(ClickHouseClient clickHouse, KafkaProducer<String, Buffer> deadLetters, String rejectedTopic,
              Retry retry, BooleanSupplier running, int rejectedPayloadMaxBytes, int deadLetterPayloadMaxBytes) {
    this.clickHouse = clickHouse;
    this.deadLetters = deadLetters;
    this.rejectedTopic = rejectedTopic;
    this.retry = retry;
    this.running = running;
    this.rejectedPayloadMaxBytes = rejectedPayloadMaxBytes;
    this.deadLetterPayloadMaxBytes = deadLetterPayloadMaxBytes;
  }

  Future<Void> write(Batch batch, long nowMillis) {
    return Future.all(List.of(
      publishDeadLetters(batch, nowMillis),
      insert(batch, "events", ClickHouseRows.EVENT_COLUMNS, batch.events().size(),
        () -> ClickHouseRows.events(batch.events(), nowMillis)),
      insert(batch, "rejected_events", ClickHouseRows.REJECTED_COLUMNS, batch.rejects().size(),
        () -> ClickHouseRows.rejects(batch.rejects(), nowMillis, rejectedPayloadMaxBytes)),
      insert(batch, "duplicate_events", ClickHouseRows.DUPLICATE_COLUMNS, batch.duplicates().size(),
        () -> ClickHouseRows.duplicates(batch.duplicates(), nowMillis)),
      insert(batch, "attack_windows", ClickHouseRows.ATTACK_WINDOW_COLUMNS, batch.windows().size(),
        () -> ClickHouseRows.attackWindows(batch.windows())),
      insert(batch, "attack_entities", ClickHouseRows.ATTACK_ENTITY_COLUMNS, batch.entities().size(),
        () -> ClickHouseRows.attackEntities(batch.entities(), nowMillis))))
      .mapEmpty();
  }

  private Future<Void> insert(Batch batch, String table, List<String> columns, int rows, Supplier<Buffer> encode) {
    if (rows == 0) {
      return Future.succeededFuture();
    }
    Buffer body = encode.get();
    String token = batch.id() + ":" + table;
    return retry.untilSuccess("insert of " + rows + " rows into " + table,
      () -> clickHouse.insertRowBinary(table, columns, body, token), running);
  }

  private Future<Void> publishDeadLetters(Batch batch, long nowMillis) {
    if (batch.rejects().isEmpty()) {
      return Future.succeededFuture();
    }
    List<KafkaProducerRecord<String, Buffer>> letters = new ArrayList<>(batch.rejects().size());
    for (Classified.Reject reject : batch.rejects()) {
      letters.add(KafkaProducerRecord.create(rejectedTopic, DeadLetter.key(reject.key()), DeadLetter.value(
        reject.position(), DeadLetter.Stage.WORKER, reject.verdict(), reject.payload(), nowMillis,
        deadLetterPayloadMaxBytes)));
    }
    return retry.untilSuccess("publication of " + batch.rejects().size() + " dead letters", () -> {
      List<Future<?>> sends = new ArrayList<>();
      for (KafkaProducerRecord<String, Buffer> letter : letters) {
        sends.add(deadLetters.send(letter));
      }
      return Future.all(sends).<Void>mapEmpty();
    }, running);
  }
}
