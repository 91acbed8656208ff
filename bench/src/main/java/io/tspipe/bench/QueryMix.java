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
  public static final String IP_PATH = "/api/v1/entities/ip/";
  public static final String EVENT_PATH = "/api/v1/events/";
  public static final String VERDICT_IP_PATH = "/api/v1/verdicts/ip/";
  public static final String DETECTIONS_PATH = "/api/v1/detections";
  public static final String LABELS_PATH = "/api/v1/labels";
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
   * @throws IllegalArgumentException when the mix needs values and there is no user id, IP or email (search) or
   *                                  event id (pages) to query for
   */
  public QueryMix(Mix mix, SampledValues values) {
    if (mix == Mix.PAGES && (values == null || values.userIds().isEmpty() || values.sourceIps().isEmpty()
      || values.eventIds().isEmpty())) {
      throw new IllegalArgumentException("the pages mix needs at least one user id, IP and event id; "
        + (values == null ? "sampled none" : "sampled " + values.userIds().size() + ", " + values.sourceIps().size()
        + " and " + values.eventIds().size()));
    }
    if (mix == Mix.SEARCH && (values == null || values.userIds().isEmpty() || values.sourceIps().isEmpty()
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
      case ENTITY_USER -> get(kind, ENTITY_PATH + encoded(pick(values.userIds(), turn)));
      case ENTITY_IP -> get(kind, IP_PATH + encoded(pick(values.sourceIps(), turn)));
      case EVENT -> get(kind, EVENT_PATH + encoded(pick(values.eventIds(), turn)));
      case VERDICT_IP -> get(kind, VERDICT_IP_PATH + encoded(pick(values.sourceIps(), turn)));
      case DETECTIONS -> get(kind, DETECTIONS_PATH);
      case SCORE_1H -> get(kind, DETECTIONS_PATH + "/score?range=1h");
      case SUSPICIOUS_USERS -> get(kind, SUSPICIOUS_PATH + "?kind=user&range=1h");
      case LABELS -> get(kind, LABELS_PATH);
    };
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
