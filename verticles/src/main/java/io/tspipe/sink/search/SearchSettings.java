package io.tspipe.sink.search;

import io.vertx.core.json.JsonObject;

import java.net.URI;

/**
 * The {@code search} slice: where Meilisearch is and which index holds the events. The master key stays with the
 * indexer; readers get a search-only key.
 */
public record SearchSettings(URI url, String masterKey, String index, int requestTimeoutMs) {

  public SearchSettings {
    if (!index.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("config key search.index: '" + index
        + "' may hold only letters, digits, '-' and '_'");
    }
  }

  public static SearchSettings from(JsonObject search) {
    return new SearchSettings(
      URI.create(search.getString("url")),
      search.getString("masterKey"),
      search.getString("index"),
      search.getInteger("requestTimeoutMs"));
  }
}
