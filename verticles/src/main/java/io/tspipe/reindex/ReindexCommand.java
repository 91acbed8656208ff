package io.tspipe.reindex;

import io.tspipe.CommandArguments;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.sink.clickhouse.ClickHouseReader;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code reindex} command of the jar: its arguments, and a {@link Reindexer} run to an exit code. The calling
 * thread blocks until the reindex has ended, so it must not be an event loop.
 */
public final class ReindexCommand {

  public static final String USAGE = """
    usage: java -jar tspipe.jar reindex --from <instant> [--to <instant>]

    Rebuilds the search index from ClickHouse for the events stamped from <= timestamp < to,
    upserting their documents by id; running it again is harmless.

      --from <instant>   ISO-8601 instant, e.g. 2025-06-01T00:00:00Z (required)
      --to <instant>     ISO-8601 instant, excluded (default: now)
      --help             this text
    """;

  private static final Logger LOG = LoggerFactory.getLogger(ReindexCommand.class);

  private ReindexCommand() {
  }

  /**
   * Parses {@code --from <instant> [--to <instant>]} (also {@code --from=<instant>}); {@code to} defaults to
   * {@code now}. Empty when help was asked for; an unusable argument fails with a message naming it.
   */
  public static Optional<ReindexRange> parse(List<String> arguments, Instant now) {
    if (arguments.contains("--help") || arguments.contains("-h")) {
      return Optional.empty();
    }
    Map<String, String> values = CommandArguments.parse(arguments, Set.of("--from", "--to"));
    Instant from = CommandArguments.instant(values, "--from");
    Instant to = CommandArguments.instant(values, "--to");
    if (from == null) {
      throw new IllegalArgumentException("--from is required: " + CommandArguments.INSTANT_EXAMPLE);
    }
    Instant end = to == null ? now : to;
    if (!from.isBefore(end)) {
      throw new IllegalArgumentException("--from (" + from + ") must be before --to (" + end
        + (to == null ? ", now" : "") + ")");
    }
    return Optional.of(new ReindexRange(from, end));
  }

  /**
   * Reindexes {@code range} with the {@code clickhouse}, {@code search} and {@code reindex} slices of {@code config},
   * printing progress to {@code out}; answers the exit code: 0 done, 1 failed (the reason is logged). A slice that
   * does not hold fails with {@link IllegalArgumentException} naming the key.
   */
  public static int run(Vertx vertx, JsonObject config, ReindexRange range, PrintStream out) {
    ReindexSettings settings = ReindexSettings.from(config.getJsonObject("reindex"));
    ClickHouseSettings clickHouseSettings = ClickHouseSettings.from(config.getJsonObject("clickhouse"));
    SearchSettings search = SearchSettings.from(config.getJsonObject("search"));
    if (search.masterKey() == null || search.masterKey().isEmpty()) {
      LOG.error("reindex needs the Meilisearch master key: set search.masterKey (TSPIPE_SEARCH_MASTER_KEY)");
      return 1;
    }
    ClickHouseReader clickHouse = ClickHouseReader.create(vertx, clickHouseSettings);
    MeilisearchClient meilisearch = new MeilisearchClient(vertx, search, search.masterKey());
    Reindexer reindexer = new Reindexer(vertx, settings, clickHouse, meilisearch, out);
    try {
      reindexer.run(range).await();
      return 0;
    } catch (Exception failure) {
      LOG.error("reindex from {} to {} into index {} failed: {}", range.from(), range.to(), search.index(),
        failure.getMessage());
      return 1;
    } finally {
      clickHouse.close();
      meilisearch.close();
    }
  }
}
