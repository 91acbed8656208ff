package io.tspipe.bench;

/** The queries of the mixes; those of a {@link Mix} take turns in this order. */
public enum QueryKind {
  /** Free text: a user id. */
  BY_USER("by-user", Mix.SEARCH),
  /** Free text: a source IP. */
  BY_IP("by-ip", Mix.SEARCH),
  /** Free text: a recipient email. */
  BY_EMAIL("by-email", Mix.SEARCH),
  /** Failed account activity, faceted by country and action. */
  FILTERED("filtered", Mix.SEARCH),
  /** API requests answered 5xx in the last 15 minutes, slowest first. */
  RANGE_SORTED("range-sorted", Mix.SEARCH),
  /** The 20th page of 50 API requests. */
  DEEP_PAGE("deep-page", Mix.SEARCH),
  /** {@code GET /api/v1/entities/user/{userId}}: the user's profile, from ClickHouse rather than Meilisearch. */
  ENTITY("entity", Mix.SEARCH),

  /** {@code GET /api/v1/metrics/kpis?range=1h}. */
  KPIS_1H("kpis-1h", Mix.DASHBOARD),
  /** {@code GET /api/v1/metrics/kpis?range=24h}. */
  KPIS_24H("kpis-24h", Mix.DASHBOARD),
  /** {@code GET /api/v1/metrics/timeseries?range=1h}. */
  TIMESERIES_1H("timeseries-1h", Mix.DASHBOARD),
  /** {@code GET /api/v1/metrics/timeseries?range=24h&step=300}. */
  TIMESERIES_24H("timeseries-24h", Mix.DASHBOARD),
  /** {@code GET /api/v1/quality?range=1h}. */
  QUALITY_1H("quality-1h", Mix.DASHBOARD),
  /** {@code GET /api/v1/suspicious?kind=ip&range=15m}. */
  SUSPICIOUS_IPS("suspicious-ips", Mix.DASHBOARD),
  /** {@code GET /api/v1/attacks?range=24h}. */
  ATTACKS_24H("attacks-24h", Mix.DASHBOARD),

  /** {@code GET /api/v1/entities/user/{userId}}: the user's page, with its pivots. */
  ENTITY_USER("entity-user", Mix.PAGES),
  /** {@code GET /api/v1/entities/ip/{ip}}: the address's page, with its pivots. */
  ENTITY_IP("entity-ip", Mix.PAGES),
  /** {@code GET /api/v1/events/{id}}: one stored event. */
  EVENT("event", Mix.PAGES),
  /** {@code GET /api/v1/verdicts/ip/{ip}}. */
  VERDICT_IP("verdict-ip", Mix.PAGES),
  /** {@code GET /api/v1/detections}: the last hour's detections. */
  DETECTIONS("detections", Mix.PAGES),
  /** {@code GET /api/v1/detections/score?range=1h}. */
  SCORE_1H("score-1h", Mix.PAGES),
  /** {@code GET /api/v1/suspicious?kind=user&range=1h}. */
  SUSPICIOUS_USERS("suspicious-users", Mix.PAGES),
  /** {@code GET /api/v1/labels}. */
  LABELS("labels", Mix.PAGES);

  private final String label;
  private final Mix mix;

  QueryKind(String label, Mix mix) {
    this.label = label;
    this.mix = mix;
  }

  public String label() {
    return label;
  }

  /** The mix it belongs to. */
  public Mix mix() {
    return mix;
  }

  /** Whether it is a {@code POST /api/v1/search}, answered by Meilisearch. */
  public boolean isSearch() {
    return mix == Mix.SEARCH && this != ENTITY;
  }

  /**
   * Whether its mix's aggregate row ({@link Mix#aggregateLabel()}) counts it: every kind but the entity profile,
   * which ClickHouse answers among the searches and is reported apart.
   */
  public boolean inAggregate() {
    return this != ENTITY;
  }
}
