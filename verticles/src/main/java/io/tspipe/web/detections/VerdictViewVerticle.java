package io.tspipe.web.detections;

import io.micrometer.core.instrument.Gauge;
import io.tspipe.bus.Addresses;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.metrics.Metrics;
import io.tspipe.sink.clickhouse.ClickHouseReader;
import io.tspipe.web.labels.StoredLabels;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Keeps the process's {@link VerdictView} filled: a snapshot of the open live detections and the labels in force read
 * from ClickHouse (through the read-only client) when it starts and then {@code web.verdictRefreshMs} after each
 * snapshot ends, and every detection record {@code DetectionStreamVerticle} publishes on
 * {@link Addresses#LIVE_DETECTIONS} applied as it comes. One per process. It does not wait for the first snapshot to
 * start: verdicts are read from ClickHouse until it is installed. A snapshot that fails leaves the last one in place
 * (logged once until one succeeds again); one over {@code web.verdictMaxRows} rows in either table is not held at all:
 * the view is emptied and verdicts are read from ClickHouse again until a snapshot fits. The age of the view is the
 * gauge {@value #AGE_GAUGE} (seconds since the installed snapshot started to be read, or since this verticle started
 * while none is). Deployed as a worker: parsing and indexing a snapshot of tens of thousands of rows takes a good
 * part of a second, which no event loop should wait for.
 */
public final class VerdictViewVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(VerdictViewVerticle.class);
  static final String AGE_GAUGE = "tspipe.web.verdict.view.age.seconds";

  private final VerdictView view;
  private final ClickHouseSettings clickHouseSettings;
  private final long refreshMs;
  private final int maxRows;

  private ClickHouseReader clickHouse;
  private MessageConsumer<JsonObject> changes;
  private Gauge age;
  private long startedMillis;
  private long timer = -1;
  private boolean stopped;
  private boolean failing;
  private boolean tooLarge;

  public VerdictViewVerticle(VerdictView view, ClickHouseSettings clickHouse, long refreshMs, int maxRows) {
    this.view = view;
    this.clickHouseSettings = clickHouse;
    this.refreshMs = refreshMs;
    this.maxRows = maxRows;
  }

  @Override
  public Future<?> start() {
    startedMillis = System.currentTimeMillis();
    clickHouse = ClickHouseReader.create(vertx, clickHouseSettings);
    age = Gauge.builder(AGE_GAUGE, this, VerdictViewVerticle::ageSeconds)
      .description("seconds since the verdict view's snapshot was read from ClickHouse (since start while none is)")
      .register(Metrics.registry());
    changes = vertx.eventBus().localConsumer(Addresses.LIVE_DETECTIONS, this::apply);
    return changes.completion().onSuccess(listening -> refresh());
  }

  private void apply(Message<JsonObject> record) {
    try {
      view.applyDetection(record.body());
    } catch (IllegalArgumentException malformed) {
      LOG.warn("Verdict view skipped a detection record: {}", malformed.getMessage());
    }
  }

  private void refresh() {
    long started = System.currentTimeMillis();
    view.snapshotStarting();
    readSnapshot(started)
      .onSuccess(this::install)
      .onFailure(this::notInstalled)
      .onComplete(done -> scheduleRefresh());
  }

  private Future<Read> readSnapshot(long started) {
    String db = clickHouse.database();
    Future<List<JsonObject>> detections = clickHouse.select(StoredDetections.openLive(db, maxRows + 1), Map.of());
    Future<List<JsonObject>> labels = clickHouse.select(StoredLabels.inForce(db, maxRows + 1), Map.of());
    return Future.all(detections, labels).map(read -> {
      if (detections.result().size() > maxRows || labels.result().size() > maxRows) {
        throw new SnapshotTooLarge(detections.result().size(), labels.result().size(), maxRows);
      }
      long readAt = System.currentTimeMillis();
      VerdictView.Snapshot snapshot = VerdictView.snapshot(detections.result(), labels.result(), started);
      return new Read(snapshot, readAt - started, System.currentTimeMillis() - readAt);
    });
  }

  /** A snapshot, how long its statements took and how long building its maps took. */
  private record Read(VerdictView.Snapshot snapshot, long readMs, long builtMs) {
  }

  private void install(Read read) {
    boolean first = view.snapshotStartedMillis() < 0;
    view.install(read.snapshot());
    String loaded = "{} open live detections and {} labels, read in {} ms, built in {} ms";
    if (first || failing || tooLarge) {
      LOG.info("Verdict view loaded: " + loaded + "; verdicts answer from it", view.openDetections(),
        view.labelRows(), read.readMs(), read.builtMs());
    } else {
      LOG.debug("Verdict view refreshed: " + loaded, view.openDetections(), view.labelRows(), read.readMs(),
        read.builtMs());
    }
    failing = false;
    tooLarge = false;
  }

  private void notInstalled(Throwable failure) {
    if (failure instanceof SnapshotTooLarge large) {
      view.unload();
      if (!tooLarge) {
        LOG.warn("Verdict view emptied: {}; verdicts are read from ClickHouse until a snapshot fits", large.getMessage());
      }
      tooLarge = true;
      return;
    }
    view.snapshotFailed();
    if (!failing && view.snapshotStartedMillis() < 0) {
      LOG.warn("Verdict view not loaded ({}); verdicts are read from ClickHouse meanwhile; trying again every {} ms",
        failure.toString(), refreshMs);
    } else if (!failing) {
      LOG.warn("Verdict view not refreshed ({}); it keeps answering from its snapshot of {} s ago and tries again "
        + "every {} ms", failure.toString(), Math.round(ageSeconds()), refreshMs);
    }
    failing = true;
  }

  private void scheduleRefresh() {
    if (!stopped) {
      timer = vertx.setTimer(refreshMs, id -> refresh());
    }
  }

  private double ageSeconds() {
    long since = view.snapshotStartedMillis();
    return (System.currentTimeMillis() - (since < 0 ? startedMillis : since)) / 1000.0;
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    Metrics.registry().remove(age);
    view.unload();
    return Future.join(changes.unregister(), clickHouse.close());
  }

  /** A snapshot with more rows than the view holds. */
  private static final class SnapshotTooLarge extends RuntimeException {
    SnapshotTooLarge(int detections, int labels, int maxRows) {
      super("the snapshot holds " + (detections > maxRows ? "more than " + maxRows : detections)
        + " open live detections and " + (labels > maxRows ? "more than " + maxRows : labels)
        + " labels in force, over web.verdictMaxRows (" + maxRows + ")", null, false, false);
    }
  }
}
