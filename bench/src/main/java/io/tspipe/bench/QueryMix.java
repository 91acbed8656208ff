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
 * The fixed queries of a {@link Mix}: its kinds take turns in {@link QueryKind} order, and each search kind walks
 * round-robin through the sampled values it needs. Not thread-safe: one event loop draws from it.
 */
public final class QueryMix {

  public static final String SEARCH_PATH = "/api/v1/search";
  public static final String ENTITY_PATH = "/api/v1/entities/user/";
  public static final String KPIS_PATH = "/api/v1/metrics/kpis";
  public static final String TIMESERIES_PATH = "/api/v1/metrics/timeseries";
  public static final String QUALITY_PATH = "/api/v1/quality";
  public static final String SUSPICIOUS_PATH = "/api/v1/suspicious";
  public static final String ATTACKS_PATH = "/api/v1/attacks";
  static final Duration RANGE = Duration.ofMinutes(15);

  /**
   * One request to send.
   *
   * @param kind what it measures
   * @param path path under the base URL, with its query string if any
   * @param body the search body, or {@code null} for a {@code GET}
   */
  public record Query(QueryKind kind, String path, JsonObject body) {
  }

  private final List<QueryKind> kinds;
  private final SampledValues values;
  private final int[] turns = new int[QueryKind.values().length];
  private long sequence;

  /**
   * @param values what the search kinds query for; ignored (may be {@code null}) when the mix
   *               {@linkplain Mix#samplesValues() samples nothing}
   * @throws IllegalArgumentException when the mix needs values and there is no user id, IP or email to query for
   */
  public QueryMix(Mix mix, SampledValues values) {
    if (mix.samplesValues() && (values == null || values.userIds().isEmpty() || values.sourceIps().isEmpty()
      || values.recipientEmails().isEmpty())) {
      throw new IllegalArgumentException("the " + mix.label() + " mix needs at least one user id, IP and email; "
        + (values == null ? "sampled none" : "sampled " + values.userIds().size() + ", " + values.sourceIps().size()
        + " and " + values.recipientEmails().size()));
    }
    this.kinds = mix.kinds();
    this.values = mix.samplesValues() ? values : null;
  }

  /** The next query; {@code now} anchors the time range of {@link QueryKind#RANGE_SORTED}. */
  public Query next(Instant now) {
    QueryKind kind = kinds.get((int) (sequence++ % kinds.size()));
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
      case ENTITY -> get(kind, ENTITY_PATH + URLEncoder.encode(pick(values.userIds(), turn),
        StandardCharsets.UTF_8));
      case KPIS_1H -> get(kind, KPIS_PATH + "?range=1h");
      case KPIS_24H -> get(kind, KPIS_PATH + "?range=24h");
      case TIMESERIES_1H -> get(kind, TIMESERIES_PATH + "?range=1h");
      case TIMESERIES_24H -> get(kind, TIMESERIES_PATH + "?range=24h&step=300");
      case QUALITY_1H -> get(kind, QUALITY_PATH + "?range=1h");
      case SUSPICIOUS_IPS -> get(kind, SUSPICIOUS_PATH + "?kind=ip&range=15m");
      case ATTACKS_24H -> get(kind, ATTACKS_PATH + "?range=24h");
    };
  }

  private static JsonObject freeText(String value) {
    return new JsonObject().put("q", value);
  }

  private static Query search(QueryKind kind, JsonObject body) {
    return new Query(kind, SEARCH_PATH, body);
  }

  private static Query get(QueryKind kind, String pathAndQuery) {
    return new Query(kind, pathAndQuery, null);
  }

  private static String pick(List<String> candidates, int turn) {
    return candidates.get(turn % candidates.size());
  }
}
