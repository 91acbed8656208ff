package io.tspipe.web.detections;

import io.tspipe.scoring.ScoreJson;
import io.tspipe.scoring.StoredPeriod;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.tspipe.web.dashboard.MetricsWindow;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code GET /api/v1/detections/score}: the scoreboard of a period, every rule the detector evaluated in it scored
 * against the generator's ground truth ({@link io.tspipe.scoring.Scorer}), in the JSON form of
 * {@link ScoreJson#scoreboard}. The period is not widened: it is scored as asked, to the millisecond. The scoring runs
 * off the event loop.
 */
public final class ScoreApi {

  /** The period when neither {@code range} nor {@code from} is given: this long, ending now. */
  public static final Duration DEFAULT_SPAN = Duration.ofHours(6);
  public static final Duration MAX_SPAN = Duration.ofDays(7);
  public static final int DEFAULT_BUCKETS = 12;
  public static final int DEFAULT_GRACE_SECONDS = 60;

  /** What to score: the period {@code [from, to)}, the trend's number of slices, the grace after each window. */
  public record Request(Instant from, Instant to, int buckets, Duration grace) {

    /** Reads the query; a {@link BadRequest} naming the parameter at fault. */
    public static Request parse(MultiMap query, Instant now) {
      MetricsWindow.Bounds bounds = MetricsWindow.bounds(query, now.truncatedTo(ChronoUnit.MILLIS), DEFAULT_SPAN,
        MAX_SPAN);
      int buckets = Values.integer(query.get("buckets"), DEFAULT_BUCKETS);
      int grace = Values.integer(query.get("graceSeconds"), DEFAULT_GRACE_SECONDS);
      Instant from = bounds.from().truncatedTo(ChronoUnit.MILLIS);
      Instant to = bounds.to().truncatedTo(ChronoUnit.MILLIS);
      if (!from.isBefore(to)) {
        throw new BadRequest("to", "must be at least a millisecond later than from");
      }
      return new Request(from, to, buckets, Duration.ofSeconds(grace));
    }
  }

  private final Vertx vertx;
  private final ClickHouseReads clickHouse;

  public ScoreApi(Vertx vertx, ClickHouseReads clickHouse) {
    this.vertx = vertx;
    this.clickHouse = clickHouse;
  }

  /** Reads the request, then the period from ClickHouse, and scores it; a {@link BadRequest} naming a bad parameter. */
  public Future<JsonObject> score(MultiMap query, Instant now) {
    Request request = Request.parse(query, now);
    return StoredPeriod.read(clickHouse, request.from(), request.to(), request.grace())
      .compose(period -> vertx.executeBlocking(() -> ScoreJson.scoreboard(period, request.buckets()), false));
  }
}
