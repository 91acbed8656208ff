package io.tspipe.worker;

import io.tspipe.event.DeadLetter;
import io.vertx.core.json.JsonObject;

/**
 * The {@code worker} slice of the configuration.
 *
 * @param instances               worker verticles per process, each a consumer of the group on its own thread
 * @param groupId                 Kafka consumer group shared by all worker processes
 * @param sessionTimeoutMs        a worker silent this long is presumed dead and its partitions move to the others
 * @param batchMaxRows            a batch is flushed once it holds this many records…
 * @param batchMaxDelayMs         …or once its first record is this old
 * @param batchesInFlight         batches written at once; their offsets are still committed in order
 * @param dedupWindowSeconds      how long an event id is remembered to recognise a re-sent event
 * @param dedupMaxIds             upper bound of remembered ids, whatever their age
 * @param rejectedPayloadMaxBytes raw payload kept per reject in ClickHouse
 * @param deadLetterPayloadMaxBytes raw payload kept per dead letter, at most {@link DeadLetter#PAYLOAD_MAX_BYTES_LIMIT}
 *                                so a dead letter always fits the broker's record size
 * @param retryInitialDelayMs     first wait after a failed write
 * @param retryMaxDelayMs         longest wait between retries
 * @param maxFutureSkewSeconds    events stamped further ahead than this are rejected
 * @param progressIntervalMs      how often a progress line is logged
 */
public record WorkerSettings(
  int instances,
  String groupId,
  int sessionTimeoutMs,
  int batchMaxRows,
  long batchMaxDelayMs,
  int batchesInFlight,
  long dedupWindowSeconds,
  int dedupMaxIds,
  int rejectedPayloadMaxBytes,
  int deadLetterPayloadMaxBytes,
  long retryInitialDelayMs,
  long retryMaxDelayMs,
  long maxFutureSkewSeconds,
  long progressIntervalMs) {

  public WorkerSettings {
    if (batchesInFlight < 1) {
      throw new IllegalArgumentException("config key worker.batchesInFlight: must be at least 1, not " + batchesInFlight);
    }
    if (deadLetterPayloadMaxBytes < 0 || deadLetterPayloadMaxBytes > DeadLetter.PAYLOAD_MAX_BYTES_LIMIT) {
      throw new IllegalArgumentException("config key worker.deadLetterPayloadMaxBytes: must be from 0 to "
        + DeadLetter.PAYLOAD_MAX_BYTES_LIMIT + ", not " + deadLetterPayloadMaxBytes);
    }
  }

  public static WorkerSettings from(JsonObject worker) {
    return new WorkerSettings(
      worker.getInteger("instances"),
      worker.getString("groupId"),
      worker.getInteger("sessionTimeoutMs"),
      worker.getInteger("batchMaxRows"),
      worker.getLong("batchMaxDelayMs"),
      worker.getInteger("batchesInFlight"),
      worker.getLong("dedupWindowSeconds"),
      worker.getInteger("dedupMaxIds"),
      worker.getInteger("rejectedPayloadMaxBytes"),
      worker.getInteger("deadLetterPayloadMaxBytes"),
      worker.getLong("retryInitialDelayMs"),
      worker.getLong("retryMaxDelayMs"),
      worker.getLong("maxFutureSkewSeconds"),
      worker.getLong("progressIntervalMs"));
  }
}
