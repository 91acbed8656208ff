package io.tspipe.sink.search;

import io.vertx.core.json.JsonObject;

import java.net.URI;

/**
 * The {@code search} slice: where Meilisearch is and which index holds the events. The master key stays with the
 * indexer and the admin commands; the web role searches with {@code searchKey}, a key allowed only to search this
 * index, which the {@code search-key} command creates (under the fixed {@code searchKeyUid}, so its value is the
 * same every time for one master key) and prints.
 */
public record SearchSettings(URI url, String masterKey, String index, int requestTimeoutMs, String searchKey,
                             String searchKeyUid) {

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
      search.getInteger("requestTimeoutMs"),
      search.getString("searchKey"),
      search.getString("searchKeyUid"));
  }
}
