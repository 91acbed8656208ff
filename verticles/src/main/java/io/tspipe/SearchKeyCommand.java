package io.tspipe;

import io.tspipe.sink.Retry;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;

/**
 * The {@code search-key} command of the jar: makes sure the search-only key of the events index exists and prints
 * its value alone on stdout, so a script can take it with {@code key=$(java -jar tspipe.jar search-key)}. Waits up to
 * 30 s for a Meilisearch that is still starting.
 */
public final class SearchKeyCommand {

  public static final String USAGE = """
    usage: java -jar tspipe.jar search-key

    Creates (or confirms) the key allowed only to search the index search.index, under the fixed uid
    search.searchKeyUid, and prints its value; the value is the same every time for one master key.
    Needs search.masterKey (TSPIPE_SEARCH_MASTER_KEY).
    """;

  private static final Logger LOG = LoggerFactory.getLogger(SearchKeyCommand.class);
  private static final long RETRY_INITIAL_DELAY_MS = 250;
  private static final long RETRY_MAX_DELAY_MS = 2_000;
  private static final long GIVE_UP_AFTER_MS = 30_000;

  private SearchKeyCommand() {
  }

  /** The search-only key of the index, created when missing; retries while Meilisearch is unreachable, up to 30 s. */
  public static Future<String> searchKey(Vertx vertx, SearchSettings search) {
    if (search.masterKey() == null || search.masterKey().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("the search-only key is made with the Meilisearch"
        + " master key: set search.masterKey (TSPIPE_SEARCH_MASTER_KEY)"));
    }
    MeilisearchClient meilisearch = new MeilisearchClient(vertx, search, search.masterKey());
    Retry retry = new Retry(vertx, RETRY_INITIAL_DELAY_MS, RETRY_MAX_DELAY_MS, LOG);
    return retry.withinDeadline("asking Meilisearch at " + search.url() + " for the search key",
        () -> meilisearch.ensureSearchKey(search.searchKeyUid()), GIVE_UP_AFTER_MS)
      .recover(failure -> Future.failedFuture(Retry.isTransient(failure)
        ? new IllegalStateException("no answer from Meilisearch at " + search.url() + " within "
          + GIVE_UP_AFTER_MS / 1000 + " s: " + failure.getMessage(), failure)
        : failure))
      .eventually(meilisearch::close);
  }

  /** Prints the key to {@code out}; answers the exit code: 0 printed, 1 failed (the reason is logged). */
  public static int run(Vertx vertx, SearchSettings search, PrintStream out) {
    try {
      out.println(searchKey(vertx, search).await());
      return 0;
    } catch (Exception failure) {
      LOG.error("No search key for index {}: {}", search.index(), failure.getMessage());
      return 1;
    }
  }
}
