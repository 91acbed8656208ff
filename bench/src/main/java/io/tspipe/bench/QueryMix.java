package io.tspipe.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The fixed mix of investigator queries: the kinds take turns in {@link QueryKind} order, and each kind walks
 * round-robin through the sampled values it needs. Not thread-safe: one event loop draws from it.
 */
public final class QueryMix {

  public static final String SEARCH_PATH = "/api/v1/search";
  public static final String ENTITY_PATH = "/api/v1/entities/user/";
  static final Duration RANGE = Duration.ofMinutes(15);

  private static final List<QueryKind> KINDS = List.of(QueryKind.values());

  /**
   * One request to send.
   *
   * @param kind what it measures
   * @param path path under the base URL
   * @param body the search body, or {@code null} for a {@code GET}
   */
  public record Query(QueryKind kind, String path, JsonObject body) {
  }

  private final SampledValues values;
  private final int[] turns = new int[KINDS.size()];
  private long sequence;

  /** @throws IllegalArgumentException when there is no user id, IP or email to query for */
  public QueryMix(SampledValues values) {
    if (values.userIds().isEmpty() || values.sourceIps().isEmpty() || values.recipientEmails().isEmpty()) {
      throw new IllegalArgumentException("the mix needs at least one user id, IP and email; sampled "
        + values.userIds().size() + ", " + values.sourceIps().size() + " and " + values.recipientEmails().size());
    }
    this.values = values;
  }

  /** The next query; {@code now} anchors the time range of {@link QueryKind#RANGE_SORTED}. */
  public Query next(Instant now) {
    QueryKind kind = KINDS.get((int) (sequence++ % KINDS.size()));
    int turn = turns[kind.ordinal()]++;
    return switch (kind) {
      case BY_USER -> search(kind, freeText(pick(values.userIds(), turn)));
      case BY_IP -> search(kind, freeText(pick(values.sourceIps(), turn)));
      case BY_EMAIL -> search(kind, freeText(pick(values.recipientEmails(), turn)));
      case FILTERED -> search(kind, new JsonObject()
        .put("filters", new JsonObject()
          .put("type", new JsonArray().add("account_activity"))
          .put("success", false))
        .put("facets", new JsonArray().add("country").add("action")));
      case RANGE_SORTED -> search(kind, new JsonObject()
        .put("filters", new JsonObject()
          .put("type", new JsonArray().add("api_request"))
          .put("from", now.minus(RANGE).truncatedTo(ChronoUnit.MILLIS).toString())
          .put("status", new JsonArray().add(new JsonObject().put("min", 500).put("max", 599))))
        .put("sort", "responseTimeMs:desc"));
      case DEEP_PAGE -> search(kind, new JsonObject()
        .put("filters", new JsonObject().put("type", new JsonArray().add("api_request")))
        .put("page", 20)
        .put("limit", 50));
      case ENTITY -> new Query(kind, ENTITY_PATH + URLEncoder.encode(pick(values.userIds(), turn),
        StandardCharsets.UTF_8), null);
    };
  }

  private static JsonObject freeText(String value) {
    return new JsonObject().put("q", value);
  }

  private static Query search(QueryKind kind, JsonObject body) {
    return new Query(kind, SEARCH_PATH, body);
  }

  private static String pick(List<String> candidates, int turn) {
    return candidates.get(turn % candidates.size());
  }
}
