package io.tspipe.bench.pipeline;

import io.tspipe.event.EventType;
import io.tspipe.store.StoredValues;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * The events the {@link FreshnessProbe} sends: valid {@code api_request} events, each with a fresh id and a fresh
 * user id of its own, so that ClickHouse finds it by {@code id} and search by {@code userId} (the events index can
 * filter on {@code userId}, not on {@code id}), and nothing of the generator's traffic ever matches. Keyed by the
 * user id, as the generator keys its records. Pure.
 */
public final class ProbeEvents {

  public static final String PATH = "/v1/bench/freshness-probe";
  public static final String USER_AGENT = "tspipe-bench-freshness-probe/1";
  /** An address of TEST-NET-1 (RFC 5737), which no generated event carries. */
  public static final String SOURCE_IP = "192.0.2.1";

  private ProbeEvents() {
  }

  /**
   * One probe, stamped at {@code timestampMillis}.
   *
   * @param id              the event id, matched in ClickHouse
   * @param userId          the user id, matched in search, and the record key
   * @param timestampMillis the event's {@code timestamp}, epoch milliseconds: when it is produced
   * @param stampedNanos    {@link System#nanoTime()} read together with the timestamp, from which freshness is
   *                        measured on the monotonic clock
   */
  public record Probe(UUID id, UUID userId, long timestampMillis, long stampedNanos) {

    /** The record key, as the generator keys records: the user id. */
    public String key() {
      return userId.toString();
    }

    /** The event as it is produced. */
    public JsonObject event() {
      return new JsonObject()
        .put("id", id.toString())
        .put("timestamp", StoredValues.formatMillis(timestampMillis))
        .put("type", EventType.API_REQUEST.wireName())
        .put("schemaVersion", 1)
        .put("sourceIp", SOURCE_IP)
        .put("userId", userId.toString())
        .put("method", "GET")
        .put("path", PATH)
        .put("statusCode", 200)
        .put("responseTimeMs", 1)
        .put("requestBytes", 0)
        .put("responseBytes", 0)
        .put("userAgent", USER_AGENT);
    }

    /** The record value: the event as JSON text. */
    public String value() {
      return event().encode();
    }
  }

  /** A probe with fresh random ids, stamped now (wall clock, to the millisecond, and monotonic clock). */
  public static Probe stampedNow() {
    UUID id = UUID.randomUUID();
    UUID userId = UUID.randomUUID();
    long nanos = System.nanoTime();
    return new Probe(id, userId, System.currentTimeMillis(), nanos);
  }
}
