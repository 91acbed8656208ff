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
  DASHBOARD("dashboard", Measurements.ALL_DASHBOARD, "allDashboard", false);

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

  /** Whether its queries need user ids, IPs and emails sampled from the indexed events first. */
  public boolean samplesValues() {
    return samplesValues;
  }

  /** Its kinds, in the order they take turns. */
  public List<QueryKind> kinds() {
    return Arrays.stream(QueryKind.values()).filter(kind -> kind.mix() == this).toList();
  }

  /** @throws IllegalArgumentException when {@code label} names no mix */
  public static Mix of(String label) {
    for (Mix mix : values()) {
      if (mix.label.equals(label)) {
        return mix;
      }
    }
    throw new IllegalArgumentException("expected " + String.join(" or ", Arrays.stream(values()).map(Mix::label)
      .toList()) + ", got '" + label + "'");
  }
}
