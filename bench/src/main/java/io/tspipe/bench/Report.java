package io.tspipe.bench;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The figures of a run, as the table {@link SearchLatency} prints and as the JSON {@code --json} writes. */
public final class Report {

  private static final String ROW = "%-14s %8s %7s %9s %9s %9s %9s %9s %9s%n";

  private Report() {
  }

  /** One line per row, times in milliseconds; a dash where there is nothing to show. */
  public static String table(List<Figures> rows) {
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, ROW, "query", "count", "errors", "req/s",
      "p50 ms", "p95 ms", "p99 ms", "max ms", "meili ms"));
    for (Figures row : rows) {
      LatencyStats latency = row.latency();
      table.append(String.format(Locale.ROOT, ROW, row.name(), row.count(), row.errors(),
        decimal(row.perSecond()), decimal(latency.p50()), decimal(latency.p95()), decimal(latency.p99()),
        decimal(latency.max()), row.meanProcessingTimeMs().isPresent()
          ? decimal(row.meanProcessingTimeMs().getAsDouble()) : "-"));
    }
    return table.toString();
  }

  /**
   * The run and its figures: {@code {url, mix, startedAt, seconds, warmupSeconds, concurrency, measuredSeconds,
   * sampled, queries: {<kind>: figures}, <aggregate>: figures}}, where {@code <aggregate>} is {@code allSearches} for
   * the search mix and {@code allDashboard} for the dashboard's; times in milliseconds rounded to 0.001, absent ones
   * null. {@code sampled} is null for a mix that samples nothing. The API key, if any, is not written.
   *
   * @param sampled the values the search kinds took turns over; {@code null} when the mix sampled none
   */
  public static JsonObject json(BenchOptions options, Instant startedAt, double measuredSeconds,
                                SampledValues sampled, List<Figures> rows) {
    Mix mix = options.mix();
    JsonObject queries = new JsonObject();
    JsonObject aggregate = null;
    for (Figures row : rows) {
      if (row.name().equals(mix.aggregateLabel())) {
        aggregate = figures(row);
      } else {
        queries.put(row.name(), figures(row));
      }
    }
    return new JsonObject()
      .put("url", options.url())
      .put("mix", mix.label())
      .put("startedAt", startedAt.toString())
      .put("seconds", options.seconds())
      .put("warmupSeconds", options.warmup())
      .put("concurrency", options.concurrency())
      .put("measuredSeconds", round(measuredSeconds))
      .put("sampled", sampled == null ? null : new JsonObject()
        .put("userIds", sampled.userIds().size())
        .put("sourceIps", sampled.sourceIps().size())
        .put("recipientEmails", sampled.recipientEmails().size()))
      .put("queries", queries)
      .put(mix.aggregateJsonKey(), aggregate);
  }

  private static JsonObject figures(Figures row) {
    LatencyStats latency = row.latency();
    return new JsonObject()
      .put("count", row.count())
      .put("errors", row.errors())
      .put("requestsPerSecond", round(row.perSecond()))
      .put("p50Ms", round(latency.p50()))
      .put("p95Ms", round(latency.p95()))
      .put("p99Ms", round(latency.p99()))
      .put("maxMs", round(latency.max()))
      .put("meanProcessingTimeMs", row.meanProcessingTimeMs().isPresent()
        ? round(row.meanProcessingTimeMs().getAsDouble()) : null);
  }

  private static String decimal(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}
