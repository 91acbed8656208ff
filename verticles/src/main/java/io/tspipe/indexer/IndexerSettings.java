package io.tspipe.indexer;

import io.tspipe.event.DeadLetter;
import io.tspipe.kafka.BatchingConsumer;
import io.vertx.core.json.JsonObject;

/**
 * The {@code indexer} slice of the configuration.
 *
 * @param groupId                  Kafka consumer group of the indexers, apart from the workers', so storage never
 *                                 waits on search
 * @param sessionTimeoutMs         an indexer silent this long is presumed dead and its partitions move on
 * @param batchMaxRecords          a batch is sent once it holds this many records…
 * @param batchMaxDelayMs          …or once its first record is this old
 * @param batchesInFlight          batches sent to Meilisearch before the first is processed, so it never waits for
 *                                 the next; their offsets are still committed in order
 * @param batchMaxRecordsBehind    while that many batches are with Meilisearch, the next keeps filling up to this
 *                                 many records, and is sent whole as soon as one of them is done: Meilisearch's cost
 *                                 per batch grows with the index, so a larger batch is what lets it catch up…
 * @param batchMaxBytesBehind      …or up to this many bytes of records, which keeps a request within Meilisearch's
 *                                 payload limit (100 MB by default)
 * @param dedupWindowSeconds       how long an event id is remembered, so a re-sent event or another event reusing
 *                                 its id never replaces the document of the first (as the worker stores the first)
 * @param dedupMaxIds              upper bound of remembered ids, whatever their age
 * @param deadLetterPayloadMaxBytes raw payload kept per dead letter of a document the engine refused
 * @param retentionDays            documents of events older than this are deleted
 * @param retentionCheckSeconds    how often old documents are deleted
 * @param retryInitialDelayMs      first wait after a failed write
 * @param retryMaxDelayMs          longest wait between retries
 * @param progressIntervalMs       how often a progress line is logged
 */
public record IndexerSettings(
  String groupId,
  int sessionTimeoutMs,
  int batchMaxRecords,
  long batchMaxDelayMs,
  int batchesInFlight,
  int batchMaxRecordsBehind,
  long batchMaxBytesBehind,
  long dedupWindowSeconds,
  int dedupMaxIds,
  int deadLetterPayloadMaxBytes,
  int retentionDays,
  long retentionCheckSeconds,
  long retryInitialDelayMs,
  long retryMaxDelayMs,
  long progressIntervalMs) {

  public IndexerSettings {
    if (batchesInFlight < 1) {
      throw new IllegalArgumentException("config key indexer.batchesInFlight: must be at least 1, not " + batchesInFlight);
    }
    if (batchMaxRecordsBehind < batchMaxRecords) {
      throw new IllegalArgumentException("config key indexer.batchMaxRecordsBehind: must be at least"
        + " indexer.batchMaxRecords (" + batchMaxRecords + "), not " + batchMaxRecordsBehind);
    }
    if (batchMaxBytesBehind < 1) {
      throw new IllegalArgumentException("config key indexer.batchMaxBytesBehind: must be positive, not "
        + batchMaxBytesBehind);
    }
    if (deadLetterPayloadMaxBytes < 0 || deadLetterPayloadMaxBytes > DeadLetter.PAYLOAD_MAX_BYTES_LIMIT) {
      throw new IllegalArgumentException("config key indexer.deadLetterPayloadMaxBytes: must be from 0 to "
        + DeadLetter.PAYLOAD_MAX_BYTES_LIMIT + ", not " + deadLetterPayloadMaxBytes);
    }
  }

  /** How the indexer's batches close. */
  public BatchingConsumer.Limits batchLimits() {
    return new BatchingConsumer.Limits(batchMaxRecords, batchMaxDelayMs, batchesInFlight, batchMaxRecordsBehind,
      batchMaxBytesBehind);
  }

  public static IndexerSettings from(JsonObject indexer) {
    return new IndexerSettings(
      indexer.getString("groupId"),
      indexer.getInteger("sessionTimeoutMs"),
      indexer.getInteger("batchMaxRecords"),
      indexer.getLong("batchMaxDelayMs"),
      indexer.getInteger("batchesInFlight"),
      indexer.getInteger("batchMaxRecordsBehind"),
      indexer.getLong("batchMaxBytesBehind"),
      indexer.getLong("dedupWindowSeconds"),
      indexer.getInteger("dedupMaxIds"),
      indexer.getInteger("deadLetterPayloadMaxBytes"),
      indexer.getInteger("retentionDays"),
      indexer.getLong("retentionCheckSeconds"),
      indexer.getLong("retryInitialDelayMs"),
      indexer.getLong("retryMaxDelayMs"),
      indexer.getLong("progressIntervalMs"));
  }
}
