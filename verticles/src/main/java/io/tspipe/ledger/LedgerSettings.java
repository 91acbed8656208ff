package io.tspipe.ledger;

import io.vertx.core.json.JsonObject;

/**
 * The {@code ledger} slice of the configuration, with the consumer groups whose committed offsets it samples.
 *
 * @param sampleSeconds how often the partitions' end offsets and the groups' committed offsets are sampled
 * @param settleSeconds how long after its minute a range must add up
 * @param checkSeconds  how often the trailing window is reconciled for the Prometheus gauges and the log
 * @param windowMinutes the trailing window the gauges describe
 * @param workerGroup   the worker's consumer group ({@code worker.groupId})
 * @param indexerGroup  the indexer's consumer group ({@code indexer.groupId})
 */
public record LedgerSettings(int sampleSeconds, int settleSeconds, int checkSeconds, int windowMinutes,
                             String workerGroup, String indexerGroup) {

  public static LedgerSettings from(JsonObject ledger, JsonObject worker, JsonObject indexer) {
    return new LedgerSettings(ledger.getInteger("sampleSeconds"), ledger.getInteger("settleSeconds"),
      ledger.getInteger("checkSeconds"), ledger.getInteger("windowMinutes"), worker.getString("groupId"),
      indexer.getString("groupId"));
  }
}
