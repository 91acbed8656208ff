package io.tspipe.bench.soak;

import io.tspipe.bench.LatencyStats;
import io.tspipe.bench.Mix;
import io.tspipe.bench.QueryMix;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * An open dashboard: one request to the web role's read APIs every {@code interval}, the dashboard mix's kinds in turn
 * ({@link QueryMix}), whether or not the previous one was answered. {@link #drain()} answers what was answered since
 * it was last called; it may be called from any thread.
 */
final class DashboardPoller extends VerticleBase {

  private static final long CONNECT_TIMEOUT_MS = 5_000;
  private static final long IDLE_TIMEOUT_MS = 30_000;

  private final String webUrl;
  private final Duration interval;
  private final QueryMix mix = new QueryMix(Mix.DASHBOARD, null);
  private WebClient client;
  private long timer;
  private int sent;
  private int errors;
  private long[] answeredNanos = new long[64];
  private int answered;

  /** A dashboard of the web role at {@code webUrl} (no trailing slash), refreshing every {@code interval}. */
  DashboardPoller(String webUrl, Duration interval) {
    this.webUrl = webUrl;
    this.interval = interval;
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx);
    timer = vertx.setPeriodic(interval.toMillis(), tick -> send());
    return Future.succeededFuture();
  }

  /** The requests answered or failed since the previous call, and the latency of those answered 200. */
  synchronized Minute.Requests drain() {
    Minute.Requests requests = new Minute.Requests(sent, errors,
      LatencyStats.ofNanos(Arrays.copyOf(answeredNanos, answered)));
    sent = 0;
    errors = 0;
    answered = 0;
    return requests;
  }

  private void send() {
    QueryMix.Query query = mix.next(Instant.now());
    long started = System.nanoTime();
    request(query).onComplete((response, failure) -> record(failure == null && response.statusCode() == 200,
      System.nanoTime() - started));
  }

  private Future<HttpResponse<Buffer>> request(QueryMix.Query query) {
    String url = webUrl + query.path();
    return query.body() == null
      ? withTimeouts(client.getAbs(url)).send()
      : withTimeouts(client.postAbs(url)).sendJsonObject(query.body());
  }

  private static HttpRequest<Buffer> withTimeouts(HttpRequest<Buffer> request) {
    return request.connectTimeout(CONNECT_TIMEOUT_MS).idleTimeout(IDLE_TIMEOUT_MS);
  }

  private synchronized void record(boolean ok, long nanos) {
    sent++;
    if (!ok) {
      errors++;
      return;
    }
    if (answered == answeredNanos.length) {
      answeredNanos = Arrays.copyOf(answeredNanos, answered * 2);
    }
    answeredNanos[answered++] = nanos;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    client.close();
    return Future.succeededFuture();
  }
}
