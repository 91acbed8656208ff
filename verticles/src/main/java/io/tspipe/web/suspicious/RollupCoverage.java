package io.tspipe.web.suspicious;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.StoredEvents;
import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first minute from which the entity rollups of {@value #MIGRATION} ({@code ip_minute}, {@code user_minute}) hold
 * every stored event. Their views see only rows inserted after they exist, and nothing is backfilled; a row inserted
 * earlier is stamped at most {@code worker.maxFutureSkewSeconds} after its insert, which came before the migration's
 * {@code applied_at} in {@code schema_migrations}. So every minute from {@code applied_at + maxFutureSkew}, rounded up
 * to the minute, is whole in the rollups, and every earlier minute is read from {@code events}. When no stored event was
 * ingested before {@code applied_at} (a store created with the views, or one whose older events have expired), every
 * stored event went through the views, and the rollups cover every minute: an event is inserted after its
 * {@code ingested_at}, and an insert before the views would carry an earlier one.
 *
 * <p>One instance per web role, shared by its verticles (thread-safe): the start is looked up until the migration is
 * recorded, then kept, as it never changes.
 */
public final class RollupCoverage {

  public static final String MIGRATION = "V003__entity_rollups.sql";

  private final Duration maxFutureSkew;
  private final AtomicReference<Instant> start = new AtomicReference<>();

  public RollupCoverage(Duration maxFutureSkew) {
    this.maxFutureSkew = maxFutureSkew;
  }

  /**
   * The first whole minute of the rollups ({@link Instant#EPOCH} when they hold every stored event), or empty while
   * {@value #MIGRATION} is not applied.
   */
  public Future<Optional<Instant>> start(ClickHouseClient clickHouse) {
    Instant known = start.get();
    if (known != null) {
      return Future.succeededFuture(Optional.of(known));
    }
    return clickHouse.select("SELECT toUnixTimestamp64Milli(applied_at) AS applied_ms FROM " + clickHouse.database()
        + ".schema_migrations FINAL WHERE version = {version:String}", Map.of("version", MIGRATION))
      .compose(rows -> rows.isEmpty() ? Future.succeededFuture(Optional.<Instant>empty())
        : firstCovered(clickHouse, Instant.ofEpochMilli(StoredEvents.longOf(rows.get(0), "applied_ms"))).map(Optional::of))
      .map(found -> {
        found.ifPresent(first -> start.compareAndSet(null, first));
        return Optional.ofNullable(start.get());
      });
  }

  /** {@link Instant#EPOCH} when no stored event was ingested before {@code appliedAt}, else {@link #start}. */
  private Future<Instant> firstCovered(ClickHouseClient clickHouse, Instant appliedAt) {
    return clickHouse.select("SELECT count() AS earlier FROM (SELECT 1 FROM " + clickHouse.database() + ".events"
          + " WHERE ingested_at < {applied:DateTime64(3, 'UTC')} LIMIT 1)",
        Map.of("applied", ClickHouseClient.dateTime64(appliedAt)))
      .map(rows -> StoredEvents.longOf(rows.get(0), "earlier") == 0 ? Instant.EPOCH : start(appliedAt, maxFutureSkew));
  }

  /** {@code appliedAt + maxFutureSkew}, rounded up to the whole minute. */
  static Instant start(Instant appliedAt, Duration maxFutureSkew) {
    Instant covered = appliedAt.plus(maxFutureSkew);
    Instant minute = covered.truncatedTo(ChronoUnit.MINUTES);
    return minute.equals(covered) ? minute : minute.plus(1, ChronoUnit.MINUTES);
  }

  /**
   * Where a window {@code [from, to)} turns from raw events to rollups: {@code start} within the window, {@code from}
   * when the rollups cover all of it, {@code to} when they cover none of it or are not there yet.
   */
  static Instant split(Instant from, Instant to, Optional<Instant> start) {
    return start.map(first -> first.isBefore(from) ? from : first.isAfter(to) ? to : first).orElse(to);
  }
}
