package io.tspipe.web;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.ledger.LedgerSettings;
import io.tspipe.ledger.LedgerVerticle;
import io.tspipe.metrics.Metrics;
import io.tspipe.detector.DetectorSettings;
import io.tspipe.sink.search.SearchSettings;
import io.tspipe.web.access.ApiKeys;
import io.tspipe.web.dashboard.DashboardAnswers;
import io.tspipe.web.detections.BacktestJobs;
import io.tspipe.web.detections.DetectionStreamVerticle;
import io.tspipe.web.detections.VerdictView;
import io.tspipe.web.detections.VerdictViewVerticle;
import io.tspipe.web.live.AlertRules;
import io.tspipe.web.live.AttackIndicator;
import io.tspipe.web.live.LiveMetricsVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;

/**
 * The web role as one deployment: the {@link LiveMetricsVerticle}, the {@link DetectionStreamVerticle} and the
 * {@link VerdictViewVerticle} (on a worker thread, since it parses whole snapshots) and the {@link LedgerVerticle},
 * once per process each, and
 * {@code web.instances} {@link WebVerticle}s sharing the port, which fan their ticks, alerts and detections out to
 * their SSE subscribers and answer verdicts from the one {@link VerdictView} of the process, backtests from its one
 * {@link BacktestJobs}, and the dashboard's read APIs through its one {@link DashboardAnswers}, so identical requests
 * within a tick are answered once whichever verticle takes them. The API contract is
 * loaded once and shared by them. Undeploying the role undeploys them all.
 */
public final class WebRole extends VerticleBase {

  private final WebSettings settings;
  private final KafkaSettings kafka;
  private final ClickHouseSettings clickHouse;
  private final SearchSettings search;
  private final DetectorSettings detector;
  private final LedgerSettings ledger;

  public WebRole(WebSettings settings, KafkaSettings kafka, ClickHouseSettings clickHouse, SearchSettings search,
                 DetectorSettings detector, LedgerSettings ledger) {
    this.settings = settings;
    this.detector = detector;
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.search = search;
    this.ledger = ledger;
  }

  @Override
  public Future<?> start() {
    ApiKeys apiKeys = ApiKeys.parse(settings.apiKeys());
    VerdictView verdicts = new VerdictView();
    BacktestJobs backtests = new BacktestJobs();
    DashboardAnswers dashboardAnswers = new DashboardAnswers(settings.liveTickMs(), Metrics.registry());
    return ApiContract.load(vertx)
      .compose(contract -> vertx.deployVerticle(
        () -> new WebVerticle(settings, apiKeys, contract, kafka, clickHouse, search, verdicts, detector,
          backtests, ledger, dashboardAnswers),
        new DeploymentOptions().setInstances(settings.instances())))
      .compose(web -> vertx.deployVerticle(new LiveMetricsVerticle(settings, clickHouse, AttackIndicator.DEFAULT,
        new AlertRules(AlertRules.DEFAULT_LIMITS))))
      .compose(live -> vertx.deployVerticle(new VerdictViewVerticle(verdicts, clickHouse, settings.verdictRefreshMs(),
        settings.verdictMaxRows()), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
      .compose(view -> vertx.deployVerticle(new DetectionStreamVerticle(kafka)))
      .compose(stream -> vertx.deployVerticle(new LedgerVerticle(ledger, kafka, clickHouse)));
  }
}
