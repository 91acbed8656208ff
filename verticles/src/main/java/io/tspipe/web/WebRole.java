package io.tspipe.web;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.sink.search.SearchSettings;
import io.tspipe.web.access.ApiKeys;
import io.tspipe.web.detections.DetectionStreamVerticle;
import io.tspipe.web.live.AlertRules;
import io.tspipe.web.openapi.ApiContract;
import io.tspipe.web.live.AttackIndicator;
import io.tspipe.web.live.LiveMetricsVerticle;
import io.tspipe.web.suspicious.RollupCoverage;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Duration;

/**
 * The web role as one deployment: the {@link LiveMetricsVerticle} and the {@link DetectionStreamVerticle}, once per
 * process each, and {@code web.instances} {@link WebVerticle}s sharing the port, which fan their ticks, alerts and
 * detections out to their SSE subscribers. The API
 * contract is loaded once and shared by them, and so is the {@link RollupCoverage} of the suspicious entities, found
 * from {@code maxFutureSkew} (the worker's {@code worker.maxFutureSkewSeconds}). Undeploying the role undeploys both.
 */
public final class WebRole extends VerticleBase {

  private final WebSettings settings;
  private final KafkaSettings kafka;
  private final ClickHouseSettings clickHouse;
  private final SearchSettings search;
  private final Duration maxFutureSkew;

  public WebRole(WebSettings settings, KafkaSettings kafka, ClickHouseSettings clickHouse, SearchSettings search,
                 Duration maxFutureSkew) {
    this.settings = settings;
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.search = search;
    this.maxFutureSkew = maxFutureSkew;
  }

  @Override
  public Future<?> start() {
    ApiKeys apiKeys = ApiKeys.parse(settings.apiKeys());
    RollupCoverage coverage = new RollupCoverage(maxFutureSkew);
    return ApiContract.load(vertx)
      .compose(contract -> vertx.deployVerticle(
        () -> new WebVerticle(settings, apiKeys, contract, kafka, clickHouse, search, coverage),
        new DeploymentOptions().setInstances(settings.instances())))
      .compose(web -> vertx.deployVerticle(new LiveMetricsVerticle(settings, clickHouse, AttackIndicator.DEFAULT,
        new AlertRules(AlertRules.DEFAULT_LIMITS))))
      .compose(live -> vertx.deployVerticle(new DetectionStreamVerticle(kafka)));
  }
}
