package io.tspipe.bench;

/** The investigator queries of the mix, in the order they take turns. */
public enum QueryKind {
  /** Free text: a user id. */
  BY_USER("by-user"),
  /** Free text: a source IP. */
  BY_IP("by-ip"),
  /** Free text: a recipient email. */
  BY_EMAIL("by-email"),
  /** Failed account activity, faceted by country and action. */
  FILTERED("filtered"),
  /** API requests answered 5xx in the last 15 minutes, slowest first. */
  RANGE_SORTED("range-sorted"),
  /** The 20th page of 50 API requests. */
  DEEP_PAGE("deep-page"),
  /** {@code GET /api/v1/entities/user/{userId}}: the user's profile, from ClickHouse rather than Meilisearch. */
  ENTITY("entity");

  private final String label;

  QueryKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether it is a {@code POST /api/v1/search}, answered by Meilisearch. */
  public boolean isSearch() {
    return this != ENTITY;
  }
}
