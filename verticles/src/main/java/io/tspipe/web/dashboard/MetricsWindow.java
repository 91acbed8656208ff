package io.tspipe.web.dashboard;

import io.tspipe.event.EventType;
import io.tspipe.store.StoredValues;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The time window of a metrics request, read from its query parameters: either {@code range} (15m, 1h, 6h, 24h,
 * ending now) or {@code from} and {@code to} (ISO-8601 instants), a bucket {@code step} in seconds (whole minutes,
 * the rollups' grain; chosen for about 60–120 points when absent), and an optional event {@code type}. The window is
 * widened to whole minutes, as the rollups hold them.
 */
public record MetricsWindow(Instant from, Instant to, long stepSeconds, Optional<EventType> type) {

  public static final Map<String, Duration> RANGES = rangesInOrder();
  public static final Duration MAX_SPAN = Duration.ofDays(31);
  public static final int MAX_POINTS = 1_500;
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
    .withZone(ZoneOffset.UTC);

  private static Map<String, Duration> rangesInOrder() {
    Map<String, Duration> ranges = new LinkedHashMap<>();
    ranges.put("15m", Duration.ofMinutes(15));
    ranges.put("1h", Duration.ofHours(1));
    ranges.put("6h", Duration.ofHours(6));
    ranges.put("24h", Duration.ofHours(24));
    return ranges;
  }

  /** Reads the window of a request the API contract accepted. */
  public static MetricsWindow parse(MultiMap parameters, Instant now) {
    return parse(parameters, now, MAX_SPAN);
  }

  /** As above, for an endpoint whose windows may span at most {@code maxSpan} (checked before widening). */
  public static MetricsWindow parse(MultiMap parameters, Instant now, Duration maxSpan) {
    Bounds bounds = bounds(parameters, now, RANGES.get("1h"), maxSpan);
    Instant from = bounds.from();
    Instant to = bounds.to();
    Instant alignedFrom = from.truncatedTo(ChronoUnit.MINUTES);
    Instant alignedTo = to.truncatedTo(ChronoUnit.MINUTES).equals(to) ? to : to.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    long spanSeconds = Duration.between(alignedFrom, alignedTo).toSeconds();
    long step = step(parameters.get("step"), spanSeconds);
    Optional<EventType> type = Optional.ofNullable(parameters.get("type")).map(name -> EventType.fromWireName(name)
      .orElseThrow());
    return new MetricsWindow(alignedFrom, alignedTo, step, type);
  }

  /** The two ends of a window as asked for, before any widening. */
  public record Bounds(Instant from, Instant to) {
  }

  /**
   * Reads {@code range} (ending {@code now}; one of the contract's, {@code 15m 1h 6h 24h}) or {@code from} and
   * {@code to} ({@code defaultSpan} before {@code now} and {@code now} when absent): giving both is refused naming
   * {@code range}, each instant must be a real one in the years the API takes, {@code to} must be later than
   * {@code from}, and the window may span at most {@code maxSpan} (refused naming {@code from}).
   */
  public static Bounds bounds(MultiMap parameters, Instant now, Duration defaultSpan, Duration maxSpan) {
    String range = parameters.get("range");
    String fromText = parameters.get("from");
    String toText = parameters.get("to");
    Instant from;
    Instant to;
    if (range != null) {
      if (fromText != null || toText != null) {
        throw new BadRequest("range", "give either range or from/to, not both");
      }
      to = now;
      from = now.minus(RANGES.get(range));
    } else {
      from = fromText == null ? now.minus(defaultSpan) : Values.instant("from", fromText);
      to = toText == null ? now : Values.instant("to", toText);
    }
    if (!from.isBefore(to)) {
      throw new BadRequest("to", "must be later than from");
    }
    if (Duration.between(from, to).compareTo(maxSpan) > 0) {
      throw new BadRequest("from", "the window may span at most " + (maxSpan.toHours() % 24 == 0
        ? maxSpan.toDays() + (maxSpan.toDays() == 1 ? " day" : " days") : maxSpan.toHours() + " hours"));
    }
    return new Bounds(from, to);
  }

  /** The window as ClickHouse query parameters {@code from}, {@code to}, {@code step} and, when given, {@code type}. */
  public Map<String, String> parameters() {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("from", MINUTE.format(from));
    parameters.put("to", MINUTE.format(to));
    parameters.put("step", Long.toString(stepSeconds));
    type.ifPresent(eventType -> parameters.put("type", eventType.wireName()));
    return parameters;
  }

  /** A WHERE clause selecting the window's rows of a per-minute rollup, by the parameters above. */
  public String rollupFilter() {
    return " WHERE minute >= {from:DateTime('UTC')} AND minute < {to:DateTime('UTC')}"
      + (type.isPresent() ? " AND type = {type:String}" : "");
  }

  /** {@code from}, {@code to} and {@code type}, as every answer about a window starts. */
  public JsonObject json() {
    return new JsonObject()
      .put("from", StoredValues.formatMillis(from.toEpochMilli()))
      .put("to", StoredValues.formatMillis(to.toEpochMilli()))
      .put("type", type.map(EventType::wireName).orElse(null));
  }

  /** Bucket starts, every {@code step} from the first bucket holding {@code from} to the last before {@code to}. */
  public long firstBucketEpochSecond() {
    return Math.floorDiv(from.getEpochSecond(), stepSeconds) * stepSeconds;
  }

  public double seconds() {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static long step(String text, long spanSeconds) {
    if (text == null) {
      long minutes = Math.max(1, spanSeconds / 60 / 90);
      return minutes * 60;
    }
    long step = Long.parseLong(text);
    if (spanSeconds / step > MAX_POINTS) {
      throw new BadRequest("step", "a step of " + step + " s makes more than " + MAX_POINTS + " points; use a larger one");
    }
    return step;
  }
}
