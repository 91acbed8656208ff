package io.tspipe.bench.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.bench.BenchOptions;
import io.tspipe.bench.DashboardSql;
import io.tspipe.bench.EngineTwin;
import io.tspipe.bench.Figures;
import io.tspipe.bench.Mix;
import io.tspipe.bench.SampledValues;
import io.tspipe.bench.SearchLoadVerticle;
import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.sink.clickhouse.ClickHouseReader;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.web.dashboard.DashboardApis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard phase of {@link PipelineBench}, on the web role of {@link LiveWeb}: the dashboard APIs' latency over
 * the stored events while ingesting, then the pages' over the same events ({@link SearchLoadVerticle}), with
 * {@code --dashboard-concurrency} requests in flight for {@code --dashboard-seconds} each. Beside each request to a
 * dashboard API, the same SQL goes straight to ClickHouse at the same moment ({@link DashboardSql}), so each kind's
 * latency stands next to the engine's for the same statements under the same load. The web role shares the answer of
 * identical requests within a tick, as its users get it; how many of its answers were shared while the dashboard's
 * kinds ran (their warm-up included) is read from its meter before and after, and reported beside.
 */
final class DashboardPhase {

  /** The web role's meter of its dashboard answers, by outcome: computed or shared. */
  static final String ANSWERS = "tspipe_web_dashboard_answers_total";

  private DashboardPhase() {
  }

  static void run(BenchRun run, String webUrl, RoleProcess web, KafkaSettings kafka) throws Exception {
    HarnessOptions options = run.options();
    long stored = run.counts().events();
    run.phase("dashboard", "dashboard APIs over %,d stored events %s, %d requests in flight for %d s, each beside the"
        + " same SQL sent straight to ClickHouse", stored, options.dashboardRate() == 0 ? "with ingest paused"
        : String.format(Locale.ROOT, "while ingesting %,d events/s", options.dashboardRate()),
      options.dashboardConcurrency(), options.dashboardSeconds());
    ClickHouseReader engine = ClickHouseReader.create(run.vertx(), run.clickHouseSettings());
    JsonArray kinds;
    JsonObject answers;
    try {
      Map<String, Double> before = Exposition.byLabel(web.metrics(), ANSWERS, "outcome");
      kinds = measuredKinds(run, webUrl, Mix.DASHBOARD, null, Optional.of(new DashboardSql(engine,
        reads -> dashboardApis(reads, kafka))));
      answers = answers(before, Exposition.byLabel(web.metrics(), ANSWERS, "outcome"));
    } finally {
      engine.close().await();
    }
    run.out().printf(Locale.ROOT, "bench: dashboard answers %d computed, %d shared with an identical request of their"
      + " tick (%.1f%%)%n", answers.getLong("computed"), answers.getLong("shared"),
      100 * answers.getDouble("sharedFraction", 0.0));
    run.phase("dashboard", "pages over the same events, %d requests in flight for %d s",
      options.dashboardConcurrency(), options.dashboardSeconds());
    kinds.addAll(measuredKinds(run, webUrl, Mix.PAGES, storedValues(run.counts()), Optional.empty()));
    run.results().put("dashboard", new JsonObject().put("eventsStored", stored).put("ingestingPerSecond",
      options.dashboardRate()).put("concurrency", options.dashboardConcurrency()).put("answers", answers)
      .put("kinds", kinds));
  }

  /** The web role's dashboard APIs as it runs them here: the default configuration, the run's event topics. */
  private static DashboardApis dashboardApis(ClickHouseReads reads, KafkaSettings kafka) {
    JsonObject defaults = Config.defaults();
    return new DashboardApis(reads, defaults.getJsonObject("web").getInteger("staleAfterSeconds"),
      Duration.ofSeconds(defaults.getJsonObject("ledger").getInteger("settleSeconds")), kafka.eventTopicNames());
  }

  /**
   * The web role's answers between two readings of its meter: {@code computed}, {@code shared}, and the shared
   * fraction of them (null when none).
   */
  static JsonObject answers(Map<String, Double> before, Map<String, Double> after) {
    long computed = Math.round(after.getOrDefault("computed", 0.0) - before.getOrDefault("computed", 0.0));
    long shared = Math.round(after.getOrDefault("shared", 0.0) - before.getOrDefault("shared", 0.0));
    return new JsonObject().put("computed", computed).put("shared", shared)
      .put("sharedFraction", computed + shared == 0 ? null : hundredths((double) shared / (computed + shared)));
  }

  private static JsonArray measuredKinds(BenchRun run, String webUrl, Mix mix, SampledValues values,
                                         Optional<EngineTwin> twin) throws Exception {
    HarnessOptions options = run.options();
    SearchLoadVerticle load = new SearchLoadVerticle(new BenchOptions(webUrl, options.dashboardSeconds(), 5,
      options.dashboardConcurrency(), Optional.empty(), mix, Optional.empty()), values, twin, run.out(), run.out());
    String deployment = run.vertx().deployVerticle(load).await();
    SearchLoadVerticle.Run measured = load.finished().await();
    run.vertx().undeploy(deployment).await();
    JsonArray kinds = new JsonArray();
    for (Figures figures : measured.figures()) {
      JsonObject kind = latency(figures).put("name", figures.name()).put("perSecond",
        PipelineBench.round(figures.perSecond()));
      Optional<Figures> engine = measured.engine().stream().filter(row -> row.name().equals(figures.name()))
        .findFirst();
      engine.ifPresent(straight -> kind.put("engine", latency(straight))
        .put("p99RatioToEngine", ratio(figures.latency().p99(), straight.latency().p99())));
      kinds.add(kind);
      run.out().printf(Locale.ROOT, "bench: dashboard %-18s %6d answered, %3d errors, %7.1f req/s, p50 %8.1f, p95"
          + " %8.1f, p99 %8.1f ms%s%n", figures.name(), figures.count(), figures.errors(), figures.perSecond(),
        figures.latency().p50(), figures.latency().p95(), figures.latency().p99(),
        engine.map(straight -> String.format(Locale.ROOT, "; engine p50 %8.1f, p99 %8.1f ms, %3d errors; p99 %.2f×"
            + " the engine's", straight.latency().p50(), straight.latency().p99(), straight.errors(),
          kind.getDouble("p99RatioToEngine", Double.NaN))).orElse(""));
    }
    return kinds;
  }

  private static JsonObject latency(Figures figures) {
    return new JsonObject().put("count", figures.count()).put("errors", figures.errors())
      .put("p50Ms", PipelineBench.round(figures.latency().p50()))
      .put("p95Ms", PipelineBench.round(figures.latency().p95()))
      .put("p99Ms", PipelineBench.round(figures.latency().p99()))
      .put("maxMs", PipelineBench.round(figures.latency().max()));
  }

  /** Ours over the engine's, to the hundredth, or null when either has no figure. */
  static Double ratio(double ours, double engine) {
    return Double.isFinite(ours) && Double.isFinite(engine) && engine > 0 ? hundredths(ours / engine) : null;
  }

  private static double hundredths(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** Users, IPs and event ids of the newest stored events, for the pages to open. */
  private static SampledValues storedValues(StoreCounts counts) throws IOException, InterruptedException {
    String rows = counts.clickHouse("SELECT toString(user_id), source_ip, toString(id) FROM " + BenchRun.DATABASE
      + ".events WHERE timestamp > now() - INTERVAL 10 MINUTE ORDER BY timestamp DESC LIMIT 100");
    List<String> users = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String line : rows == null ? new String[0] : rows.split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 3) {
        users.add(fields[0]);
        ips.add(fields[1]);
        ids.add(fields[2]);
      }
    }
    return new SampledValues(users.stream().distinct().toList(), ips.stream().distinct().toList(), List.of(), ids);
  }
}
