package io.tspipe.worker;

import io.tspipe.event.DeadLetter;
import io.tspipe.sink.Retry;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.RowBinary;
import io.tspipe.store.AttackEntitiesTable;
import io.tspipe.store.AttackWindowsTable;
import io.tspipe.store.DuplicateEventsTable;
import io.tspipe.store.EventsTable;
import io.tspipe.store.RejectedEventsTable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Makes one batch durable: its rejects go to the dead-letter topic ({@link DeadLetter}, bounded so the broker always
 * takes them) and its records, encoded here as rows of the {@code io.tspipe.store} tables, to ClickHouse, all at
 * once, each step retried with backoff until it succeeds. The batch is durable when every step has succeeded, and only
 * then are its offsets committed, so a crash repeats the batch rather than losing any of it: a dead letter may be
 * published twice, a row is stored once, because each insert carries a token derived from the batch id and a retry
 * the server already applied is dropped. The steps are independent, so running them together makes a batch's
 * latency that of its slowest step (the events' insert, mostly) rather than the sum of all of them.
 */
public final class BatchWriter {

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

  /**
   * Stages a classified record for its batch: a new event's {@code events} row is encoded now, as the record arrives,
   * while the decoded event is still in the cache (encoding a whole batch later reads every event again from memory,
   * about a fifth more CPU per event); any other record is staged as it is, its row encoded when its batch is written.
   */
  public static Classified stage(Classified record) {
    return record instanceof Classified.NewEvent event
      ? new Classified.StagedEvent(event.position(), event.accepted().type(), event.accepted().timestampMillis(),
        EventsTable.row(event.accepted(), event.address(), event.intelligence(), event.position()))
      : record;
  }

  /**
   * Encodes the rows not staged yet on the calling thread (the worker's, never an event loop), then writes the batch;
   * every row is stored at {@code nowMillis}.
   */
  Future<Void> write(Batch batch, long nowMillis) {
    return Future.all(List.of(
      publishDeadLetters(batch, nowMillis),
      insert(batch, EventsTable.NAME, EventsTable.COLUMNS, batch.events().size(), () -> EventsTable.rows(
        batch.events().stream().map(Classified.StagedEvent::row).toList(), nowMillis)),
      insert(batch, RejectedEventsTable.NAME, RejectedEventsTable.COLUMNS, batch.rejects(),
        rejectedPayloadMaxBytes / 4 + 128, (rows, reject) -> RejectedEventsTable.append(rows, nowMillis,
          reject.position(), reject.verdict(), reject.payload(), rejectedPayloadMaxBytes)),
      insert(batch, DuplicateEventsTable.NAME, DuplicateEventsTable.COLUMNS, batch.duplicates(), 96,
        (rows, duplicate) -> DuplicateEventsTable.append(rows, nowMillis, duplicate.event(), duplicate.position(),
          duplicate.firstSeenAt())),
      insert(batch, AttackWindowsTable.NAME, AttackWindowsTable.COLUMNS, batch.windows(), 128,
        (rows, window) -> AttackWindowsTable.append(rows, window.window())),
      insert(batch, AttackEntitiesTable.NAME, AttackEntitiesTable.COLUMNS, batch.entities(), 96,
        (rows, entity) -> AttackEntitiesTable.append(rows, entity.entity(), nowMillis))))
      .mapEmpty();
  }

  /** One row of {@code table} per record, encoded into a buffer {@code bytesPerRow} sizes, then inserted. */
  private <T> Future<Void> insert(Batch batch, String table, List<String> columns, List<T> records, int bytesPerRow,
                                  BiConsumer<RowBinary, T> append) {
    return insert(batch, table, columns, records.size(), () -> RowBinary.rows(records, bytesPerRow, append));
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
