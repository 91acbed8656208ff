package io.tspipe.reindex;

import io.vertx.core.json.JsonObject;

/**
 * The {@code reindex} slice of the configuration.
 *
 * @param pageRows           events read from ClickHouse per page, and so documents sent to Meilisearch per write
 * @param progressIntervalMs how often a progress line is printed
 */
public record ReindexSettings(int pageRows, long progressIntervalMs) {

  public ReindexSettings {
    if (pageRows < 1) {
      throw new IllegalArgumentException("config key reindex.pageRows: " + pageRows + " is not a positive number");
    }
    if (progressIntervalMs < 1) {
      throw new IllegalArgumentException("config key reindex.progressIntervalMs: " + progressIntervalMs
        + " is not a positive number");
    }
  }

  public static ReindexSettings from(JsonObject reindex) {
    return new ReindexSettings(reindex.getInteger("pageRows"), reindex.getLong("progressIntervalMs"));
  }
}
