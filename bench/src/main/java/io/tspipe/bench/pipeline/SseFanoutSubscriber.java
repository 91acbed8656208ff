package io.tspipe.bench.pipeline;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * What one subscriber of the live metrics feed received: each tick's delay, its receive time minus the tick's
 * {@code at} (the instant the web role computed it, just before fanning it out), in milliseconds on the wall clock.
 * A tick computed before the subscriber's response arrived is the feed's replay of the latest tick to a newcomer,
 * not a fan-out, and is counted apart. Pure and confined to the connection's event loop; delays go to a
 * {@link Sink}.
 */
public final class SseFanoutSubscriber {

  /** Where measured deliveries go; called from the event loop of each subscriber. */
  public interface Sink {

    /** A tick {@code at} (epoch ms) was received {@code delayMillis} after it was computed. */
    void delivered(long atMillis, long delayMillis);
  }

  private static final String AT_PREFIX = "{\"at\":\"";

  private final SseFanoutStream stream = new SseFanoutStream();
  private final long subscribedMillis;
  private final Sink sink;
  private long ticks;
  private long replays;
  private long unreadable;
  private String lastAt;
  private long lastAtMillis;

  /** @param subscribedMillis when the feed's response arrived, epoch ms */
  public SseFanoutSubscriber(long subscribedMillis, Sink sink) {
    this.subscribedMillis = subscribedMillis;
    this.sink = sink;
  }

  /** Reads a chunk of the feed that arrived at {@code receivedMillis} (epoch ms). */
  public void receive(byte[] chunk, long receivedMillis) {
    for (String data : stream.feed(chunk)) {
      OptionalLong at = atMillis(data);
      if (at.isEmpty()) {
        unreadable++;
      } else if (at.getAsLong() < subscribedMillis) {
        replays++;
      } else {
        ticks++;
        sink.delivered(at.getAsLong(), receivedMillis - at.getAsLong());
      }
    }
  }

  /** Ticks measured: received, and computed once this subscriber was connected. */
  public long ticks() {
    return ticks;
  }

  /** Ticks computed before this subscriber connected: the replay of the latest one. */
  public long replays() {
    return replays;
  }

  /** Data events that were not a tick with a readable {@code at}. */
  public long unreadable() {
    return unreadable;
  }

  /**
   * The {@code at} of a tick's data, in epoch ms; empty when the data is not a JSON object with an ISO instant
   * {@code at}. The web role writes {@code at} first, which is read without decoding the rest; anything else is
   * decoded whole.
   */
  public OptionalLong atMillis(String data) {
    String at = leadingAt(data);
    if (at == null) {
      try {
        Object value = new JsonObject(data).getValue("at");
        at = value instanceof String text ? text : null;
      } catch (DecodeException | ClassCastException notAnObject) {
        return OptionalLong.empty();
      }
    }
    if (at == null) {
      return OptionalLong.empty();
    }
    if (at.equals(lastAt)) {
      return OptionalLong.of(lastAtMillis);
    }
    try {
      lastAtMillis = Instant.parse(at).toEpochMilli();
      lastAt = at;
      return OptionalLong.of(lastAtMillis);
    } catch (DateTimeParseException notAnInstant) {
      return OptionalLong.empty();
    }
  }

  private static String leadingAt(String data) {
    if (!data.startsWith(AT_PREFIX)) {
      return null;
    }
    int end = data.indexOf('"', AT_PREFIX.length());
    return end < 0 ? null : data.substring(AT_PREFIX.length(), end);
  }
}
