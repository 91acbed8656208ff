package io.tspipe.search;

import io.tspipe.sink.search.MeilisearchClient;
import io.vertx.core.Future;

/** The events index made ready for documents, the same way by the indexer and by the reindex command. */
public final class SearchIndex {

  private SearchIndex() {
  }

  /**
   * Checks Meilisearch is available, creates the index keyed by {@link SearchDocuments#PRIMARY_KEY} unless it exists,
   * and applies {@link SearchDocuments#indexSettings()}. Safe to repeat.
   */
  public static Future<Void> prepare(MeilisearchClient meilisearch) {
    return meilisearch.health()
      .compose(v -> meilisearch.createIndex(SearchDocuments.PRIMARY_KEY))
      .compose(v -> meilisearch.updateSettings(SearchDocuments.indexSettings()));
  }
}
