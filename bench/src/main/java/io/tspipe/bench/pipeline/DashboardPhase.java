package io.tspipe.bench.pipeline;

import io.tspipe.bench.BenchOptions;
import io.tspipe.bench.Figures;
import io.tspipe.bench.Mix;
import io.tspipe.bench.SampledValues;
import io.tspipe.bench.SearchLoadVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The dashboard phase of {@link PipelineBench}, on the web role of {@link LiveWeb}: the dashboard APIs' latency over
 * the stored events while ingesting, then the pages' over the same events ({@link SearchLoadVerticle}), with
 * {@code --dashboard-concurrency} requests in flight for {@code --dashboard-seconds} each.
 */
final class DashboardPhase {

  private DashboardPhase() {
  }

  static void run(BenchRun run, String webUrl) throws Exception {
    HarnessOptions options = run.options();
    long stored = run.counts().events();
    run.phase("dashboard", "dashboard APIs over %,d stored events while ingesting %,d events/s, %d requests in flight"
      + " for %d s", stored, options.dashboardRate(), options.dashboardConcurrency(), options.dashboardSeconds());
    JsonArray kinds = measuredKinds(run, webUrl, Mix.DASHBOARD, null);
    run.phase("dashboard", "pages over the same events, %d requests in flight for %d s",
      options.dashboardConcurrency(), options.dashboardSeconds());
    kinds.addAll(measuredKinds(run, webUrl, Mix.PAGES, storedValues(run.counts())));
    run.results().put("dashboard", new JsonObject().put("eventsStored", stored).put("ingestingPerSecond",
      options.dashboardRate()).put("concurrency", options.dashboardConcurrency()).put("kinds", kinds));
  }

  private static JsonArray measuredKinds(BenchRun run, String webUrl, Mix mix, SampledValues values) throws Exception {
    HarnessOptions options = run.options();
    SearchLoadVerticle load = new SearchLoadVerticle(new BenchOptions(webUrl, options.dashboardSeconds(), 5,
      options.dashboardConcurrency(), Optional.empty(), mix, Optional.empty()), values, run.out(), run.out());
    String deployment = run.vertx().deployVerticle(load).await();
    SearchLoadVerticle.Run measured = load.finished().await();
    run.vertx().undeploy(deployment).await();
    JsonArray kinds = new JsonArray();
    for (Figures figures : measured.figures()) {
      kinds.add(new JsonObject().put("name", figures.name()).put("count", figures.count())
        .put("errors", figures.errors()).put("perSecond", PipelineBench.round(figures.perSecond()))
        .put("p50Ms", PipelineBench.round(figures.latency().p50()))
        .put("p95Ms", PipelineBench.round(figures.latency().p95()))
        .put("p99Ms", PipelineBench.round(figures.latency().p99()))
        .put("maxMs", PipelineBench.round(figures.latency().max())));
      run.out().printf(Locale.ROOT, "bench: dashboard %-18s %6d answered, %3d errors, %7.1f req/s, p50 %8.1f, p95"
          + " %8.1f, p99 %8.1f ms%n", figures.name(), figures.count(), figures.errors(), figures.perSecond(),
        figures.latency().p50(), figures.latency().p95(), figures.latency().p99());
    }
    return kinds;
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
