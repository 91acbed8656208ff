package io.tspipe.web.live;

import io.tspipe.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code GET /api/v1/stream/metrics}: Server-Sent Events, one {@code data:} line of JSON per live metrics tick. A new
 * subscriber gets the latest tick at once. A subscriber that reads slower than ticks arrive is dropped as soon as
 * more than {@code maxQueuedBytes} wait for it, never buffered without bound; its {@code EventSource} reconnects by
 * itself after the advertised {@code retry}.
 */
public final class SseFeed {

  private static final Logger LOG = LoggerFactory.getLogger(SseFeed.class);
  private static final int RETRY_MS = 2_000;

  private final int maxQueuedBytes;
  private final Set<HttpServerResponse> subscribers = new LinkedHashSet<>();
  private MessageConsumer<JsonObject> consumer;
  private String latest;
  private long dropped;

  public SseFeed(int maxQueuedBytes) {
    this.maxQueuedBytes = maxQueuedBytes;
  }

  public Future<Void> start(Vertx vertx) {
    consumer = vertx.eventBus().consumer(Addresses.LIVE_METRICS_TICK, message -> fanOut(message.body()));
    return consumer.completion();
  }

  public void subscribe(RoutingContext ctx) {
    HttpServerResponse response = ctx.response()
      .setChunked(true)
      .setWriteQueueMaxSize(maxQueuedBytes)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .putHeader("X-Accel-Buffering", "no");
    subscribers.add(response);
    response.closeHandler(v -> subscribers.remove(response));
    response.write("retry: " + RETRY_MS + "\n\n");
    if (latest != null) {
      response.write(latest);
    }
  }

  public int subscribers() {
    return subscribers.size();
  }

  private void fanOut(JsonObject tick) {
    latest = "data: " + tick.encode() + "\n\n";
    for (HttpServerResponse response : Set.copyOf(subscribers)) {
      if (response.writeQueueFull()) {
        subscribers.remove(response);
        dropped++;
        LOG.info("Dropped a slow SSE subscriber ({} queued bytes unread); {} dropped so far", maxQueuedBytes, dropped);
        response.reset();
      } else {
        response.write(latest);
      }
    }
  }

  public Future<Void> stop() {
    subscribers.forEach(HttpServerResponse::end);
    subscribers.clear();
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
