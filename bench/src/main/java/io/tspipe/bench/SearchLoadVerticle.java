package io.tspipe.bench;

import io.tspipe.bench.QueryMix.Query;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The load of {@link SearchLatency}: deploying it samples real values from the index for the search mix (the
 * deployment fails, saying why, when the web API does not answer or the index is empty), or for the dashboard mix,
 * which samples nothing, sends its first query once to check the web API answers it 200; then it keeps
 * {@code concurrency} requests in flight, each answer sending the next query of the {@link QueryMix}, through a
 * warm-up and a measured period. With an {@link EngineTwin}, what each request asks is also sent straight to the
 * engine at the same moment, timed apart, and the next request waits for both. Every request carries
 * {@code X-API-Key} when an API key is given.
 * {@link #finished()} completes with the figures once the requests still in flight at the end have been answered.
 */
public final class SearchLoadVerticle extends VerticleBase {

  /**
   * The outcome of a run.
   *
   * @param sampled      the values the queries took turns over; {@code null} for a mix that samples nothing
   * @param figures      rows as {@link Measurements#figures} gives them
   * @param elapsedNanos length of the measured period, up to the last answer
   * @param errors       measured requests not answered 200
   * @param engine       rows as {@link Measurements#figures} gives them of what the {@link EngineTwin} sent beside
   *                     each measured request, timed until all its statements were answered; empty without a twin
   */
  public record Run(SampledValues sampled, List<Figures> figures, long elapsedNanos, long errors,
                    List<Figures> engine) {
  }

  private enum Phase { WARMUP, MEASURED, STOPPED }

  static final int SAMPLE_SIZE = 100;
  static final long PROGRESS_INTERVAL_MS = 5_000;
  static final long CONNECT_TIMEOUT_MS = 5_000;
  static final long IDLE_TIMEOUT_MS = 30_000;
  static final int ERRORS_SHOWN = 5;
  static final String API_KEY_HEADER = "X-API-Key";
  private static final int BODY_SHOWN_CHARS = 500;
  private static final long PROGRESS_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final BenchOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final Promise<Run> finished = Promise.promise();
  private final Measurements measurements;
  private final Optional<EngineTwin> twin;
  private final Measurements engine;

  private WebClient client;
  private SampledValues sampled;
  private QueryMix mix;
  private Phase phase;
  private long phaseStartNanos;
  private long phaseEndNanos;
  private long measuredStartNanos;
  private long progressTimer = -1;
  private long phaseRequests;
  private long phaseErrors;
  private long lastProgressRequests;
  private long lastProgressNanos;
  private int inFlight;
  private int errorsShown;

  public SearchLoadVerticle(BenchOptions options, PrintStream out, PrintStream err) {
    this(options, null, Optional.empty(), out, err);
  }

  /**
   * A load whose mix takes turns over {@code presampled} instead of sampling the index, when not null; with a
   * {@code twin}, each request is sent beside what the twin sends straight to the engine at the same moment, and the
   * next request of its turn waits for both.
   */
  public SearchLoadVerticle(BenchOptions options, SampledValues presampled, Optional<EngineTwin> twin, PrintStream out,
                            PrintStream err) {
    this.options = options;
    this.sampled = presampled;
    this.twin = twin;
    this.out = out;
    this.err = err;
    this.measurements = new Measurements(options.mix());
    this.engine = new Measurements(options.mix());
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) CONNECT_TIMEOUT_MS),
      new PoolOptions().setHttp1MaxSize(options.concurrency()));
    Future<SampledValues> ready = sampled != null ? Future.succeededFuture(sampled)
      : options.mix().samplesValues() ? sample() : checkAnswers().map(answered -> null);
    return ready.onSuccess(this::startLoad);
  }

  /** The figures, once the measured period is over and every request in flight answered. */
  public Future<Run> finished() {
    return finished.future();
  }

  private Future<SampledValues> sample() {
    return searchHits(new JsonObject().put("limit", SAMPLE_SIZE).put("sort", "timestamp:desc"))
      .map(SampledValues::of)
      .compose(this::withEmails)
      .compose(this::usable);
  }

  /** Emails are only on {@code email_send} events: asks for those alone when the newest events hold none. */
  private Future<SampledValues> withEmails(SampledValues values) {
    if (values.isEmpty() || !values.recipientEmails().isEmpty()) {
      return Future.succeededFuture(values);
    }
    return searchHits(new JsonObject()
        .put("filters", new JsonObject().put("type", new JsonArray().add("email_send")))
        .put("limit", SAMPLE_SIZE)
        .put("sort", "timestamp:desc"))
      .map(hits -> values.plus(SampledValues.of(hits)));
  }

  private Future<SampledValues> usable(SampledValues values) {
    if (values.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("the events index is empty: POST " + options.url()
        + QueryMix.SEARCH_PATH + " found no event to take values from; let the pipeline run (tools/up) until the "
        + "indexer has stored some"));
    }
    if (values.recipientEmails().isEmpty()) {
      return Future.failedFuture(new IllegalStateException("no email_send event is indexed, so by-email has no "
        + "email to search for; let the generator run until some are"));
    }
    return Future.succeededFuture(values);
  }

  private Future<JsonArray> searchHits(JsonObject body) {
    String url = options.url() + QueryMix.SEARCH_PATH;
    return answered200("POST", url, prepared(client.postAbs(url)).sendJsonObject(body))
      .compose(response -> hits(url, response));
  }

  /** A mix that samples nothing: its first query, sent once, must be answered 200 before the load starts. */
  private Future<Void> checkAnswers() {
    Query first = new QueryMix(options.mix(), null).next(Instant.now());
    return answered200(first.body() == null ? "GET" : "POST", options.url() + first.path(), request(first))
      .mapEmpty();
  }

  /** {@code sent}, failed with a message saying what to do unless it was answered 200. */
  private Future<HttpResponse<Buffer>> answered200(String method, String url, Future<HttpResponse<Buffer>> sent) {
    return sent
      .recover(failure -> Future.failedFuture(new IllegalStateException("the web API does not answer at "
        + options.url() + " (" + failure.getMessage() + "); start the pipeline with its web role (tools/up)",
        failure)))
      .compose(response -> response.statusCode() == 200
        ? Future.succeededFuture(response)
        : Future.failedFuture(new IllegalStateException(method + " " + url + " answered " + response.statusCode()
          + ": " + shown(response) + (response.statusCode() == 401 && options.apiKey().isEmpty()
          ? " (the web role requires an API key: give one with --api-key)" : ""))));
  }

  private static Future<JsonArray> hits(String url, HttpResponse<Buffer> response) {
    JsonObject answer = jsonOrNull(response);
    if (answer == null || !(answer.getValue("hits") instanceof JsonArray hits)) {
      return Future.failedFuture(new IllegalStateException("POST " + url + " answered 200 but not with search "
        + "results: " + shown(response)));
    }
    return Future.succeededFuture(hits);
  }

  private void startLoad(SampledValues values) {
    sampled = values;
    mix = new QueryMix(options.mix(), values);
    if (values != null) {
      out.printf(Locale.ROOT, "measure-search: sampled %d user ids, %d IPs, %d emails; %d requests in flight, "
          + "%d s warm-up, then %d s measured, against %s%n", values.userIds().size(), values.sourceIps().size(),
        values.recipientEmails().size(), options.concurrency(), options.warmup(), options.seconds(), options.url());
    } else {
      out.printf(Locale.ROOT, "measure-search: %s mix of %d query kinds, nothing sampled; %d requests in flight, "
          + "%d s warm-up, then %d s measured, against %s%n", options.mix().label(), options.mix().kinds().size(),
        options.concurrency(), options.warmup(), options.seconds(), options.url());
    }
    if (options.warmup() > 0) {
      enter(Phase.WARMUP, options.warmup(), this::measure);
    } else {
      measure();
    }
    for (int i = 0; i < options.concurrency(); i++) {
      send();
    }
  }

  private void measure() {
    enter(Phase.MEASURED, options.seconds(), this::stopSending);
    measuredStartNanos = phaseStartNanos;
  }

  private void stopSending() {
    phase = Phase.STOPPED;
  }

  /** Starts a phase of {@code seconds}, with its progress lines; {@code then} runs once it is over. */
  private void enter(Phase next, int seconds, Runnable then) {
    phase = next;
    phaseStartNanos = System.nanoTime();
    phaseEndNanos = phaseStartNanos + TimeUnit.SECONDS.toNanos(seconds);
    phaseRequests = 0;
    phaseErrors = 0;
    lastProgressRequests = 0;
    lastProgressNanos = phaseStartNanos;
    progressTimer = vertx.setPeriodic(PROGRESS_INTERVAL_MS, tick -> progressDuring());
    vertx.setTimer(TimeUnit.SECONDS.toMillis(seconds), end -> endPhase(then));
  }

  private void endPhase(Runnable then) {
    vertx.cancelTimer(progressTimer);
    printProgress();
    then.run();
  }

  private void progressDuring() {
    if (System.nanoTime() < phaseEndNanos - PROGRESS_SLACK_NANOS) {
      printProgress();
    }
  }

  private void printProgress() {
    long now = System.nanoTime();
    double seconds = (now - lastProgressNanos) / 1e9;
    out.printf(Locale.ROOT, "measure-search: %s %d/%d s: %d requests, %.1f req/s, %d errors%n",
      phase == Phase.WARMUP ? "warm-up" : "measured", Math.round((now - phaseStartNanos) / 1e9),
      phase == Phase.WARMUP ? options.warmup() : options.seconds(), phaseRequests,
      seconds > 0 ? (phaseRequests - lastProgressRequests) / seconds : 0.0, phaseErrors);
    lastProgressRequests = phaseRequests;
    lastProgressNanos = now;
  }

  private void send() {
    Instant now = Instant.now();
    Query query = mix.next(now);
    Phase startedIn = phase;
    inFlight++;
    long started = System.nanoTime();
    Future<HttpResponse<Buffer>> web = request(query)
      .onSuccess(response -> answered(query.kind(), startedIn, System.nanoTime() - started, response))
      .onFailure(failure -> failed(query.kind(), startedIn, "got no answer: " + failure.getMessage()));
    Future<Void> straight = twin.isEmpty() ? Future.succeededFuture() : sendToEngine(twin.get(), query, now, startedIn);
    Future.join(web, straight).onComplete(done -> sendNextOrFinish());
  }

  /** What {@code query} asks, sent straight to the engine at the same moment, timed apart. */
  private Future<Void> sendToEngine(EngineTwin engineTwin, Query query, Instant now, Phase startedIn) {
    long started = System.nanoTime();
    return engineTwin.send(query, now)
      .onSuccess(done -> {
        if (startedIn == Phase.MEASURED) {
          engine.answered(query.kind(), System.nanoTime() - started, -1);
        }
      })
      .onFailure(failure -> {
        if (startedIn == Phase.MEASURED) {
          engine.failed(query.kind());
        }
        showError(query.kind(), "sent straight to the engine: " + failure.getMessage());
      });
  }

  private Future<HttpResponse<Buffer>> request(Query query) {
    String url = options.url() + query.path();
    return query.body() == null
      ? prepared(client.getAbs(url)).send()
      : prepared(client.postAbs(url)).sendJsonObject(query.body());
  }

  private HttpRequest<Buffer> prepared(HttpRequest<Buffer> request) {
    return prepared(request, options);
  }

  /** {@code request} with its timeouts and, when {@code options} give one, the API key as {@code X-API-Key}. */
  static HttpRequest<Buffer> prepared(HttpRequest<Buffer> request, BenchOptions options) {
    request.connectTimeout(CONNECT_TIMEOUT_MS).idleTimeout(IDLE_TIMEOUT_MS);
    options.apiKey().ifPresent(key -> request.putHeader(API_KEY_HEADER, key));
    return request;
  }

  private void answered(QueryKind kind, Phase startedIn, long nanos, HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      failed(kind, startedIn, "answered " + response.statusCode() + ": " + shown(response));
      return;
    }
    long processingTimeMs = -1;
    if (kind.isSearch()) {
      JsonObject answer = jsonOrNull(response);
      if (answer == null) {
        failed(kind, startedIn, "answered 200 with a body that is not a JSON object: " + shown(response));
        return;
      }
      processingTimeMs = answer.getValue("processingTimeMs") instanceof Number number ? number.longValue() : -1;
    }
    if (startedIn == Phase.MEASURED) {
      measurements.answered(kind, nanos, processingTimeMs);
    }
    if (startedIn == phase) {
      phaseRequests++;
    }
  }

  private void failed(QueryKind kind, Phase startedIn, String detail) {
    if (startedIn == Phase.MEASURED) {
      measurements.failed(kind);
    }
    if (startedIn == phase) {
      phaseRequests++;
      phaseErrors++;
    }
    showError(kind, detail);
  }

  private void showError(QueryKind kind, String detail) {
    if (errorsShown < ERRORS_SHOWN) {
      errorsShown++;
      err.println("measure-search: " + kind.label() + " " + detail
        + (errorsShown == ERRORS_SHOWN ? " (further errors are counted, not shown)" : ""));
    }
  }

  private void sendNextOrFinish() {
    inFlight--;
    if (phase != Phase.STOPPED) {
      send();
    } else if (inFlight == 0) {
      long elapsed = System.nanoTime() - measuredStartNanos;
      finished.complete(new Run(sampled, measurements.figures(elapsed), elapsed, measurements.errors(),
        twin.isEmpty() ? List.of() : engine.figures(elapsed)));
    }
  }

  private static JsonObject jsonOrNull(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException notAnObject) {
      return null;
    }
  }

  private static String shown(HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    body = body.strip();
    return body.length() <= BODY_SHOWN_CHARS ? body : body.substring(0, BODY_SHOWN_CHARS) + "…";
  }
}
