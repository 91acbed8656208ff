package io.tspipe.bench.pipeline;

import io.tspipe.bench.LatencyStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds many subscribers of the web role's live metrics feed ({@code GET /api/v1/stream/metrics}) open at once and
 * measures how late each tick reaches each of them ({@link SseFanoutSubscriber}). Subscribers connect over their own
 * HTTP/1.1 connection each, spread over the event loops of the given Vert.x instance, at most
 * {@link SseFanoutSettings#maxConnecting()} connecting at a time; they are never reconnected, so a subscriber the
 * feed drops shows as one fewer still open at the end.
 *
 * <p>Use it from a thread that may block (never an event loop): {@link #start} answers once every subscriber has
 * connected or failed, and measuring starts then; {@link #stop()} closes them and answers the result; {@link #run}
 * does both around {@link SseFanoutSettings#hold()}. The caller keeps and closes the Vert.x instance.
 */
public final class SseFanout {

  private final Vertx vertx;
  private final SseFanoutSettings settings;
  private final PrintStream progress;
  private final Tally tally = new Tally();
  private final List<Connector> connectors = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private long measuredFromNanos;
  private long progressTimer;
  private int progressFrom;
  private SseFanoutResult result;

  private SseFanout(Vertx vertx, SseFanoutSettings settings, PrintStream progress) {
    this.vertx = vertx;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Opens every subscriber and starts measuring. Blocks until each has connected or failed.
   *
   * @param progress where a progress line goes every {@link SseFanoutSettings#progressInterval()}
   * @throws IllegalStateException when called on an event loop
   */
  public static SseFanout start(Vertx vertx, SseFanoutSettings settings, PrintStream progress) {
    Blocking.refuseEventLoop("the SSE fan-out");
    SseFanout fanout = new SseFanout(vertx, settings, progress);
    fanout.subscribe();
    return fanout;
  }

  /** {@link #start}, holds the subscribers for {@link SseFanoutSettings#hold()}, then {@link #stop()}. Blocks. */
  public static SseFanoutResult run(Vertx vertx, SseFanoutSettings settings, PrintStream progress)
    throws InterruptedException {
    SseFanout fanout = start(vertx, settings, progress);
    try {
      Thread.sleep(settings.hold().toMillis());
    } catch (InterruptedException interrupted) {
      fanout.stop();
      throw interrupted;
    }
    return fanout.stop();
  }

  /**
   * Stops measuring, closes every subscriber and answers the figures; a second call answers the same. Blocks.
   *
   * @throws IllegalStateException when called on an event loop
   */
  public SseFanoutResult stop() {
    Blocking.refuseEventLoop("the SSE fan-out");
    if (result == null) {
      vertx.cancelTimer(progressTimer);
      tally.measuring = false;
      tally.closing = true;
      double seconds = (System.nanoTime() - measuredFromNanos) / 1e9;
      int openAtEnd = tally.open.get();
      deployments.forEach(id -> vertx.undeploy(id).await());
      result = tally.result(seconds, settings.subscribers(), openAtEnd, connectors);
    }
    return result;
  }

  private void subscribe() {
    int instances = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), settings.subscribers()));
    for (int index = 0; index < instances; index++) {
      int share = settings.subscribers() / instances + (index < settings.subscribers() % instances ? 1 : 0);
      int connecting = Math.max(1, settings.maxConnecting() / instances);
      Connector connector = new Connector(settings, share, connecting, tally);
      connectors.add(connector);
      deployments.add(vertx.deployVerticle(connector).await());
    }
    Future.all(connectors.stream().map(Connector::subscribed).toList()).await();
    measuredFromNanos = System.nanoTime();
    tally.measuring = true;
    progress.printf(Locale.ROOT, "sse-fanout: %d of %d subscribers connected, %d failed; measuring%n",
      tally.connected.get(), settings.subscribers(), tally.failed.get());
    progressTimer = vertx.setPeriodic(settings.progressInterval().toMillis(), tick -> printProgress());
  }

  private void printProgress() {
    Tally.Interval interval = tally.since(progressFrom);
    progressFrom = interval.upTo();
    progress.printf(Locale.ROOT, "sse-fanout %.0f s: %d open, %d failed; %d ticks received, last interval delay "
        + "p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", (System.nanoTime() - measuredFromNanos) / 1e9, tally.open.get(),
      tally.failed.get(), interval.total(), interval.delay().p50(), interval.delay().p99(), interval.delay().max());
  }


  /** Every measured delivery, over every subscriber and event loop. */
  private static final class Tally {
    private static final int MAX_FAILURE_REASONS = 5;

    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    volatile boolean measuring;
    /** Set before the subscribers are closed: a subscriber closed from then on was not dropped. */
    volatile boolean closing;
    private final ProbeSamples delays = new ProbeSamples();
    private final Set<Long> ticks = new HashSet<>();
    private final Set<String> failures = new LinkedHashSet<>();

    record Interval(long total, int upTo, LatencyStats delay) {
    }

    synchronized void delivered(long atMillis, long delayMillis) {
      delays.add(delayMillis * 1_000_000L);
      ticks.add(atMillis);
    }

    synchronized void failed(Throwable reason) {
      failed.incrementAndGet();
      if (failures.size() < MAX_FAILURE_REASONS) {
        failures.add(String.valueOf(reason.getMessage()));
      }
    }

    synchronized Interval since(int from) {
      return new Interval(delays.size(), delays.size(), delays.statsSince(from));
    }

    synchronized SseFanoutResult result(double seconds, int subscribers, int openAtEnd, List<Connector> connectors) {
      long min = Long.MAX_VALUE;
      long max = 0;
      long unreadable = 0;
      for (Connector connector : connectors) {
        for (Connector.Subscription subscription : connector.subscriptions) {
          unreadable += subscription.subscriber.unreadable();
          max = Math.max(max, subscription.measured);
          if (!subscription.dropped) {
            min = Math.min(min, subscription.measured);
          }
        }
      }
      return new SseFanoutResult(seconds, subscribers, connected.get(), failed.get(), openAtEnd, delays.size(),
        ticks.size(), min == Long.MAX_VALUE ? 0 : min, max, unreadable, delays.stats(), List.copyOf(failures));
    }
  }

  /** A share of the subscribers, on one event loop, with its own connection pool. */
  private static final class Connector extends VerticleBase {

    private final SseFanoutSettings settings;
    private final int share;
    private final int maxConnecting;
    private final Tally tally;
    private final Promise<Void> subscribed = Promise.promise();
    final List<Subscription> subscriptions = new ArrayList<>();
    private HttpClient http;
    private int attempted;
    private int settled;
    private int connecting;

    Connector(SseFanoutSettings settings, int share, int maxConnecting, Tally tally) {
      this.settings = settings;
      this.share = share;
      this.maxConnecting = maxConnecting;
      this.tally = tally;
    }

    /** One subscriber's connection and what it measured. Confined to the connector's event loop. */
    final class Subscription implements SseFanoutSubscriber.Sink {
      SseFanoutSubscriber subscriber;
      long measured;
      boolean open;
      boolean dropped;

      @Override
      public void delivered(long atMillis, long delayMillis) {
        if (tally.measuring) {
          measured++;
          tally.delivered(atMillis, delayMillis);
        }
      }

      void closed() {
        if (open) {
          open = false;
          dropped = !tally.closing;
          tally.open.decrementAndGet();
        }
      }
    }

    Future<Void> subscribed() {
      return subscribed.future();
    }

    @Override
    public Future<?> start() {
      http = vertx.createHttpClient(new HttpClientOptions()
          .setKeepAlive(true)
          .setConnectTimeout((int) settings.connectTimeout().toMillis()),
        new PoolOptions().setHttp1MaxSize(Math.max(1, share)));
      if (share == 0) {
        subscribed.complete();
      }
      connectMore();
      return Future.succeededFuture();
    }

    private void connectMore() {
      while (connecting < maxConnecting && attempted < share) {
        attempted++;
        connecting++;
        connect().onComplete(done -> {
          connecting--;
          settled++;
          if (settled == share) {
            subscribed.tryComplete();
          }
          connectMore();
        });
      }
    }

    private Future<Void> connect() {
      Subscription subscription = new Subscription();
      RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(settings.feedUrl())
        .putHeader("Accept", "text/event-stream");
      if (!settings.apiKey().isBlank()) {
        request.putHeader("X-API-Key", settings.apiKey());
      }
      return http.request(request)
        .compose(sent -> {
          long timer = vertx.setTimer(settings.connectTimeout().toMillis(), late -> sent.reset());
          return sent.send().onComplete(answered -> vertx.cancelTimer(timer));
        })
        .compose(response -> listen(response, subscription))
        .onFailure(tally::failed);
    }

    private Future<Void> listen(HttpClientResponse response, Subscription subscription) {
      if (response.statusCode() != 200) {
        response.request().reset();
        return Future.failedFuture("the feed answered " + response.statusCode());
      }
      subscription.subscriber = new SseFanoutSubscriber(System.currentTimeMillis(), subscription);
      subscription.open = true;
      subscriptions.add(subscription);
      tally.connected.incrementAndGet();
      tally.open.incrementAndGet();
      response.handler(chunk -> subscription.subscriber.receive(chunk.getBytes(), System.currentTimeMillis()));
      response.endHandler(end -> subscription.closed());
      response.exceptionHandler(broken -> subscription.closed());
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      return http.close();
    }
  }
}
