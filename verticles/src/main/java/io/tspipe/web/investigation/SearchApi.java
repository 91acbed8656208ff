package io.tspipe.web.investigation;

import io.tspipe.search.SearchDocuments;
import io.tspipe.sink.search.MeilisearchClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code POST /api/v1/search}: a checked {@link SearchRequest} run on the events index with the search-only key. */
public final class SearchApi {

  private final MeilisearchClient meilisearch;

  public SearchApi(MeilisearchClient meilisearch) {
    this.meilisearch = meilisearch;
  }

  /** Fails with {@link io.tspipe.web.BadRequest} before any I/O when the body is refused. */
  public Future<JsonObject> search(JsonObject body) {
    SearchRequest request = SearchRequest.parse(body);
    return meilisearch.search(request.meilisearchQuery()).map(result -> answer(request, result));
  }

  private static JsonObject answer(SearchRequest request, JsonObject result) {
    JsonArray hits = new JsonArray();
    result.getJsonArray("hits", new JsonArray()).forEach(hit -> hits.add(SearchDocuments.event((JsonObject) hit)));
    long total = result.getLong("totalHits", 0L);
    return new JsonObject()
      .put("hits", hits)
      .put("total", total)
      .put("totalIsLowerBound", total >= SearchRequest.MAX_TOTAL_HITS)
      .put("page", request.page())
      .put("limit", request.limit())
      .put("totalPages", result.getLong("totalPages", 0L))
      .put("sort", request.sort())
      .put("facets", result.getJsonObject("facetDistribution", new JsonObject()))
      .put("processingTimeMs", result.getLong("processingTimeMs", 0L));
  }
}
