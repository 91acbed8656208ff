package io.tspipe.bench;

import java.util.Arrays;
import java.util.List;

/** The query mixes {@link SearchLatency} can measure, as {@code --mix} names them. */
public enum Mix {
  /**
   * The investigator's searches (answered by Meilisearch) and the entity profile of a user (by ClickHouse, reported
   * apart): needs user ids, IPs and emails sampled from the index.
   */
  SEARCH("search", Measurements.ALL_SEARCHES, "allSearches", true),
  /** The dashboard's read APIs: KPIs, time series, data quality, suspicious IPs and attack windows; samples nothing. */
  DASHBOARD("dashboard", Measurements.ALL_DASHBOARD, "allDashboard", false),
  /**
   * The pages an investigator opens from the dashboard, all answered by ClickHouse: user and IP pages with their
   * pivots, a stored event, a verdict, detections, the scoreboard, suspicious users and labels; takes turns over user
   * ids, IPs and event ids sampled from stored events.
   */
  PAGES("pages", Measurements.ALL_PAGES, "allPages", true);

  private final String label;
  private final String aggregateLabel;
  private final String aggregateJsonKey;
  private final boolean samplesValues;

  Mix(String label, String aggregateLabel, String aggregateJsonKey, boolean samplesValues) {
    this.label = label;
    this.aggregateLabel = aggregateLabel;
    this.aggregateJsonKey = aggregateJsonKey;
    this.samplesValues = samplesValues;
  }

  /** The name {@code --mix} takes and the JSON gives. */
  public String label() {
    return label;
  }

  /** The name of the row of every kind {@link QueryKind#inAggregate() counted together}. */
  public String aggregateLabel() {
    return aggregateLabel;
  }

  /** The key of that row in the JSON. */
  public String aggregateJsonKey() {
    return aggregateJsonKey;
  }

  /** Whether its queries need values (user ids, IPs, emails, event ids) sampled from stored events first. */
  public boolean samplesValues() {
    return samplesValues;
  }

  /** Its kinds, in the order they take turns. */
  public List<QueryKind> kinds() {
    return Arrays.stream(QueryKind.values()).filter(kind -> kind.mix() == this).toList();
  }

  /**
   * The mix {@code --mix} names: search or dashboard. The pages mix is measured by {@code tools/bench} alone, which
   * samples its users, IPs and event ids from ClickHouse.
   *
   * @throws IllegalArgumentException when {@code label} names no such mix
   */
  public static Mix of(String label) {
    List<Mix> offered = List.of(SEARCH, DASHBOARD);
    for (Mix mix : offered) {
      if (mix.label.equals(label)) {
        return mix;
      }
    }
    throw new IllegalArgumentException("expected " + String.join(" or ", offered.stream().map(Mix::label)
      .toList()) + ", got '" + label + "'");
  }
}
