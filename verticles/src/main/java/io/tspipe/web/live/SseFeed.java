package io.tspipe.web.live;

import io.micrometer.core.instrument.Gauge;
import io.tspipe.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Server-Sent Events feed of what is published on one event-bus address, one {@code data:} line of JSON per event:
 * {@code GET /api/v1/stream/metrics} (every live metrics tick; a new subscriber gets the latest at once) and
 * {@code GET /api/v1/stream/alerts} (every alert that fires or resolves; a new subscriber gets those firing at once)
 * and {@code GET /api/v1/stream/detections} (every detection record, each subscriber with its own filter).
 * A subscriber that reads slower than events arrive is dropped as soon as more than {@code maxQueuedBytes} wait for
 * it, never buffered without bound; its {@code EventSource} reconnects by itself after the advertised {@code retry}.
 * A comment line every {@link #KEEP_ALIVE_MS} keeps quiet feeds open through proxies.
 */
public final class SseFeed {

  /** What a feed sends of each published message, and what it sends a new subscriber first. */
  public interface Memory {

    /** Remembers {@code message}; answers the events to send every subscriber now. */
    List<JsonObject> published(JsonObject message);

    /** What a new subscriber gets at once. */
    List<JsonObject> replay();
  }

  /** The metrics feed: each message is one event, and a new subscriber gets the latest. */
  public static Memory latest() {
    return new Memory() {
      private JsonObject latest;

      @Override
      public List<JsonObject> published(JsonObject message) {
        latest = message;
        return List.of(message);
      }

      @Override
      public List<JsonObject> replay() {
        return latest == null ? List.of() : List.of(latest);
      }
    };
  }

  /** A feed of every message as it comes, with nothing for a new subscriber: the detections feed. */
  public static Memory none() {
    return new Memory() {
      @Override
      public List<JsonObject> published(JsonObject message) {
        return List.of(message);
      }

      @Override
      public List<JsonObject> replay() {
        return List.of();
      }
    };
  }

  /** The alerts feed: {@code {"changes", "firing"}} messages; subscribers get changes, newcomers the firing ones. */
  public static Memory alerts() {
    return new Memory() {
      private List<JsonObject> firing = List.of();

      @Override
      public List<JsonObject> published(JsonObject message) {
        firing = objects(message.getJsonArray("firing"));
        return objects(message.getJsonArray("changes"));
      }

      @Override
      public List<JsonObject> replay() {
        return firing;
      }

      private List<JsonObject> objects(JsonArray array) {
        return array == null ? List.of() : array.stream().map(JsonObject.class::cast).toList();
      }
    };
  }

  public static final long KEEP_ALIVE_MS = 15_000;

  /** Subscribers per feed address, over every web verticle of the process, for {@code tspipe_web_sse_subscribers}. */
  private static final Map<String, AtomicInteger> SUBSCRIBERS = new ConcurrentHashMap<>();

  private static final Logger LOG = LoggerFactory.getLogger(SseFeed.class);
  private static final int RETRY_MS = 2_000;

  private final String address;
  private final int maxQueuedBytes;
  private final Memory memory;
  private final Map<HttpServerResponse, Predicate<JsonObject>> subscribers = new LinkedHashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private Vertx vertx;
  private long keepAlive = -1;
  private long dropped;
  private AtomicInteger counted = new AtomicInteger();

  public SseFeed(String address, int maxQueuedBytes, Memory memory) {
    this.address = address;
    this.maxQueuedBytes = maxQueuedBytes;
    this.memory = memory;
  }

  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    counted = SUBSCRIBERS.computeIfAbsent(address, feed -> {
      AtomicInteger count = new AtomicInteger();
      Gauge.builder("tspipe.web.sse.subscribers", count, AtomicInteger::get).description("open SSE subscriptions")
        .tag("feed", feed).register(Metrics.registry());
      return count;
    });
    keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, id -> write(": keep-alive\n\n", null));
    consumer = vertx.eventBus().consumer(address, message -> {
      for (JsonObject event : memory.published(message.body())) {
        write("data: " + event.encode() + "\n\n", event);
      }
    });
    return consumer.completion();
  }

  public void subscribe(RoutingContext ctx) {
    subscribe(ctx, event -> true);
  }

  /** Subscribes to the events {@code accepts} takes (keep-alive comments go to every subscriber). */
  public void subscribe(RoutingContext ctx, Predicate<JsonObject> accepts) {
    HttpServerResponse response = ctx.response()
      .setChunked(true)
      .setWriteQueueMaxSize(maxQueuedBytes)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .putHeader("X-Accel-Buffering", "no");
    if (subscribers.put(response, accepts) == null) {
      counted.incrementAndGet();
    }
    response.closeHandler(v -> forget(response));
    response.write("retry: " + RETRY_MS + "\n\n");
    memory.replay().stream().filter(accepts).forEach(event -> response.write("data: " + event.encode() + "\n\n"));
  }

  public int subscribers() {
    return subscribers.size();
  }

  /** Writes {@code frame} to every subscriber that takes {@code event} (null: a comment, for all). */
  private void write(String frame, JsonObject event) {
    for (Map.Entry<HttpServerResponse, Predicate<JsonObject>> subscriber : List.copyOf(subscribers.entrySet())) {
      HttpServerResponse response = subscriber.getKey();
      if (event != null && !subscriber.getValue().test(event)) {
        continue;
      }
      if (response.writeQueueFull()) {
        forget(response);
        dropped++;
        LOG.info("Dropped a slow SSE subscriber ({} queued bytes unread); {} dropped so far", maxQueuedBytes, dropped);
        response.reset();
      } else {
        response.write(frame);
      }
    }
  }

  public Future<Void> stop() {
    if (vertx != null) {
      vertx.cancelTimer(keepAlive);
    }
    subscribers.keySet().forEach(HttpServerResponse::end);
    counted.addAndGet(-subscribers.size());
    subscribers.clear();
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void forget(HttpServerResponse response) {
    if (subscribers.remove(response) != null) {
      counted.decrementAndGet();
    }
  }
}
