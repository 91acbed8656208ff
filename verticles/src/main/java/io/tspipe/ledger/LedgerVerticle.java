package io.tspipe.ledger;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.metrics.Metrics;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ledger's clock: samples the event topics' end offsets and the worker's and indexer's committed offsets every
 * {@code ledger.sampleSeconds}, and reconciles the trailing {@code ledger.windowMinutes} every
 * {@code ledger.checkSeconds} (and after each sample until one succeeded) into the Prometheus gauges of {@link LedgerMeters}. Each loss and each duplicate is
 * logged once, naming its partition and offsets. A sample or a check that fails (an engine down, the tables not
 * migrated yet) is logged when it starts failing and when it recovers, and taken again at the next tick; one runs at a
 * time, and one not answered within {@link #STEP_DEADLINE} counts as failed, so nothing stops the clock. Starting never
 * waits on an engine.
 */
public final class LedgerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerVerticle.class);
  /** How long a sample or a check may take; each of their calls gives up well before on its own. */
  private static final Duration STEP_DEADLINE = Duration.ofMinutes(1);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

  private final LedgerSettings settings;
  private final KafkaSettings kafka;
  private final ClickHouseSettings clickHouseSettings;
  private final Set<String> reported = new HashSet<>();
  private boolean checked;

  private ClickHouseClient clickHouse;
  private Admin admin;
  private OffsetSampler sampler;
  private LedgerQuery query;
  private LedgerMeters meters;
  private final Ticks sampling = new Ticks("sampling offsets");
  private final Ticks checking = new Ticks("reconciling the ledger");

  public LedgerVerticle(LedgerSettings settings, KafkaSettings kafka, ClickHouseSettings clickHouse) {
    this.settings = settings;
    this.kafka = kafka;
    this.clickHouseSettings = clickHouse;
  }

  @Override
  public Future<?> start() {
    clickHouse = new ClickHouseClient(vertx, clickHouseSettings);
    admin = Admin.create(new HashMap<>(KafkaClientConfig.admin(kafka, ADMIN_TIMEOUT)));
    sampler = new OffsetSampler(admin, context, clickHouse, List.copyOf(kafka.eventTopicNames()),
      settings.workerGroup(), settings.indexerGroup());
    query = new LedgerQuery(clickHouse, Duration.ofSeconds(settings.settleSeconds()));
    meters = new LedgerMeters(Metrics.registry());
    sample();
    vertx.setPeriodic(settings.sampleSeconds() * 1000L, id -> sample());
    vertx.setPeriodic(settings.checkSeconds() * 1000L, id -> check());
    LOG.info("Ledger sampling {} every {} s, reconciling the last {} minutes every {} s", kafka.eventTopicNames(),
      settings.sampleSeconds(), settings.windowMinutes(), settings.checkSeconds());
    return Future.succeededFuture();
  }

  /** Samples; until a check has succeeded, checks after each sample, so the gauges exist soon after a start. */
  private void sample() {
    sampling.run(sampler::sample).onSuccess(v -> {
      if (!checked) {
        check();
      }
    });
  }

  private void check() {
    checking.run(() -> {
      Instant now = Instant.now();
      Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
      return query.reconcile(to.minus(Duration.ofMinutes(settings.windowMinutes())), to,
          new LedgerQuery.Scope(List.copyOf(kafka.eventTopicNames()), Optional.empty()), now)
        .onSuccess(reconciled -> {
          meters.update(reconciled.report(), now.getEpochSecond());
          checked = true;
          reconciled.discrepancies().forEach(this::logOnce);
        });
    });
  }

  private void logOnce(LedgerQuery.Discrepancy discrepancy) {
    Ledger.Range range = discrepancy.range();
    String key = discrepancy.kind() + "/" + range.partition() + "/" + range.from();
    if (reported.size() > 10_000) {
      reported.clear();
    }
    if (reported.add(key)) {
      LOG.warn("Ledger: {} {} of {} partition {} in offsets {}..{} produced at {}: {}{}",
        discrepancy.count(), discrepancy.kind() == Ledger.State.LOST ? "records lost" : "extra rows stored",
        range.partition().topic(), range.partition().partition(), range.from(), range.to() - 1, range.minute(),
        discrepancy.offsets().stream().map(run -> run[1] - run[0] == 1 ? Long.toString(run[0])
          : run[0] + ".." + (run[1] - 1)).toList(), discrepancy.truncated() ? " and more" : "");
    }
  }

  /** A periodic step that runs one at a time and logs when it starts failing and when it recovers. */
  private static final class Ticks {

    private final String what;
    private boolean running;
    private boolean failing;

    Ticks(String what) {
      this.what = what;
    }

    /** Runs {@code step} unless it is running already; the future completes when this run did. */
    Future<?> run(Supplier<Future<?>> step) {
      if (running) {
        return Future.failedFuture("already running");
      }
      running = true;
      return step.get().timeout(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).onComplete(done -> {
        running = false;
        if (done.failed() && !failing) {
          LOG.warn("Ledger: {} failed, retrying every tick: {}", what, done.cause().getMessage());
        } else if (done.succeeded() && failing) {
          LOG.info("Ledger: {} works again", what);
        }
        failing = done.failed();
      });
    }
  }

  @Override
  public Future<?> stop() {
    return vertx.executeBlocking(() -> {
      admin.close(ADMIN_TIMEOUT);
      return null;
    }).eventually(() -> clickHouse.close());
  }
}
