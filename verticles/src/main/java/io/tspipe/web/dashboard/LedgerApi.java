package io.tspipe.web.dashboard;

import io.tspipe.ledger.Ledger;
import io.tspipe.ledger.LedgerQuery;
import io.tspipe.store.StoredValues;
import io.tspipe.web.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ledger of a window ({@code GET /api/v1/ledger}): every range of offsets produced to an event topic partition
 * in a minute of it, accounted for stage by stage, their sums per minute and per partition, and the offsets of each
 * loss and duplicate. Window as for the KPIs, at most a day; {@code topic} must be one of the event topics.
 */
public final class LedgerApi {

  /** The longest window answered: every row stored in it is read. */
  public static final Duration MAX_SPAN = Duration.ofDays(1);
  /** The most ranges listed, newest first. */
  public static final int MAX_RANGES = 1_000;

  private final LedgerQuery query;

  public LedgerApi(LedgerQuery query) {
    this.query = query;
  }

  /** A ledger request: its window, widened to whole minutes, and the partitions it reads. */
  public record Request(MetricsWindow window, LedgerQuery.Scope scope) {
  }

  /**
   * Reads a ledger request: the window as for the KPIs, at most {@link #MAX_SPAN}; {@code topic}, when given, one of
   * {@code eventTopics}, else refused naming it.
   */
  public static Request request(MultiMap parameters, Instant now, List<String> eventTopics) {
    MetricsWindow window = MetricsWindow.parse(parameters, now, MAX_SPAN);
    String topic = parameters.get("topic");
    if (topic != null && !eventTopics.contains(topic)) {
      throw new BadRequest("topic", "not an event topic; one of " + String.join(", ", eventTopics));
    }
    Optional<Integer> partition = Optional.ofNullable(parameters.get("partition")).map(Integer::parseInt);
    return new Request(window, new LedgerQuery.Scope(topic == null ? eventTopics : List.of(topic), partition));
  }

  /** The ledger of a request, reconciled as of {@code now}. */
  public Future<JsonObject> ledger(Request request, Instant now) {
    return query.reconcile(request.window().from(), request.window().to(), request.scope(), now)
      .map(reconciled -> answer(request.window(), reconciled));
  }

  private JsonObject answer(MetricsWindow window, LedgerQuery.Reconciled reconciled) {
    Ledger.Report report = reconciled.report();
    JsonArray minutes = new JsonArray();
    report.minutes().forEach(sum -> minutes.add(counts(sum.counts())
      .put("minute", StoredValues.formatMillis(sum.key().toEpochMilli())).put("state", sum.state().wireName())));
    JsonArray partitions = new JsonArray();
    report.partitions().forEach(sum -> partitions.add(counts(sum.counts()).put("topic", sum.key().topic())
      .put("partition", sum.key().partition()).put("state", sum.state().wireName())));
    JsonArray ranges = new JsonArray();
    report.entries().stream().limit(MAX_RANGES).forEach(entry -> ranges.add(counts(entry.counts())
      .put("topic", entry.range().partition().topic()).put("partition", entry.range().partition().partition())
      .put("minute", StoredValues.formatMillis(entry.range().minute().toEpochMilli()))
      .put("offsets", offsets(entry.range().from(), entry.range().to())).put("state", entry.state().wireName())));
    JsonArray discrepancies = new JsonArray();
    for (LedgerQuery.Discrepancy discrepancy : reconciled.discrepancies()) {
      JsonArray offsets = new JsonArray();
      discrepancy.offsets().forEach(run -> offsets.add(offsets(run[0], run[1])));
      discrepancies.add(new JsonObject()
        .put("kind", discrepancy.kind().wireName())
        .put("topic", discrepancy.range().partition().topic())
        .put("partition", discrepancy.range().partition().partition())
        .put("minute", StoredValues.formatMillis(discrepancy.range().minute().toEpochMilli()))
        .put("count", discrepancy.count())
        .put("offsets", offsets)
        .put("truncated", discrepancy.truncated()));
    }
    return new JsonObject()
      .put("window", window.json())
      .put("settleSeconds", query.settle().toSeconds())
      .put("sampledAt", reconciled.sampledAt().map(at -> StoredValues.formatMillis(at.toEpochMilli())).orElse(null))
      .put("totals", counts(report.totals()))
      .put("minutes", minutes)
      .put("partitions", partitions)
      .put("ranges", ranges)
      .put("rangesTruncated", report.entries().size() > MAX_RANGES)
      .put("discrepancies", discrepancies);
  }

  private static JsonObject counts(Ledger.Counts counts) {
    return new JsonObject()
      .put("produced", counts.produced())
      .put("consumed", counts.consumed())
      .put("stored", counts.stored())
      .put("rejected", counts.rejected())
      .put("duplicates", counts.duplicates())
      .put("indexed", counts.indexed())
      .put("difference", counts.difference())
      .put("lost", counts.lost())
      .put("duplicated", counts.duplicated())
      .put("unsettled", counts.unsettled());
  }

  private static JsonObject offsets(long from, long to) {
    return new JsonObject().put("from", from).put("to", to);
  }
}
