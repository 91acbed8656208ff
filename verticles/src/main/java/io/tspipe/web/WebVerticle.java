package io.tspipe.web;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.tspipe.bus.Addresses;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.ledger.LedgerSettings;
import io.tspipe.kafka.KafkaClientConfig;
import io.tspipe.backtest.Backtest;
import io.tspipe.detector.DetectorSettings;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseReader;
import io.tspipe.sink.search.MeilisearchClient;
import io.tspipe.sink.search.SearchSettings;
import io.tspipe.web.access.AccessRoutes;
import io.tspipe.web.access.ApiKeys;
import io.tspipe.truth.Scenario;
import io.tspipe.web.dashboard.DashboardAnswers;
import io.tspipe.web.dashboard.DashboardApis;
import io.tspipe.web.control.AttackControlApi;
import io.tspipe.web.control.GeneratorChannel;
import io.tspipe.web.control.ScenarioControlApi;
import io.tspipe.web.detections.BacktestJobs;
import io.tspipe.web.detections.DetectionFilter;
import io.tspipe.web.detections.DetectionsApi;
import io.tspipe.web.detections.ScoreApi;
import io.tspipe.web.detections.VerdictApi;
import io.tspipe.web.detections.VerdictView;
import io.tspipe.web.investigation.EntityApi;
import io.tspipe.web.investigation.EventApi;
import io.tspipe.web.investigation.EventExport;
import io.tspipe.web.labels.LabelRequest;
import io.tspipe.web.labels.LabelsApi;
import io.tspipe.web.live.SseFeed;
import io.tspipe.web.investigation.SearchApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.kafka.admin.KafkaAdminClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The web role: the HTTP APIs and the dashboard's files on {@code web.port}. Every API request is checked against
 * the OpenAPI contract before its handler runs, and, when {@code web.apiKeys} is set, needs a key or a session.
 * Searches go to Meilisearch with the search-only key, never the master key; everything else is read from ClickHouse
 * with parameterized queries, through a read-only client; the one write, a label set or removed by a person (with
 * the admin key), goes through a client signed in as {@code clickhouse.user}. Verdicts are answered from memory, the
 * process's {@code VerdictView}; the dashboard's read APIs through the process's {@link DashboardAnswers}, which
 * answers identical requests within a tick once. Live metrics and alerts are SSE feeds of what this process's
 * {@code LiveMetricsVerticle} publishes, detections of what its {@code DetectionStreamVerticle} reads from Kafka.
 * Every refusal is a JSON body {@code {"error", "message", "field"?}} ({@link Refusal}): 400 naming the field, 404,
 * 413 for an oversized body, and 503 when the engine behind an answer is unreachable; so are the refusals of the
 * router (a path it cannot read, no route, another method) and of the HTTP layer before routing: 414 for a request
 * line over {@value #MAX_REQUEST_LINE_BYTES} bytes, 431 for headers over {@value #MAX_HEADER_BYTES} bytes, 400 for a
 * request that is not HTTP/1.x. {@code /health/live} and {@code /health/ready} (Kafka, ClickHouse and Meilisearch,
 * asked through a Kafka admin client and the same HTTP clients) answer 200, or 503 when not ready.
 */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);
  private static final String JSON = "application/json";
  /** The longest request line (method, URL, version) the HTTP layer reads; a longer one is refused with 414. */
  public static final int MAX_REQUEST_LINE_BYTES = 4096;
  /** The most bytes of headers the HTTP layer reads; more are refused with 431. */
  public static final int MAX_HEADER_BYTES = 8192;

  private final WebSettings settings;
  private final ApiKeys apiKeys;
  private final ApiContract contract;
  private final KafkaSettings kafkaSettings;
  private final ClickHouseSettings clickHouseSettings;
  private final SearchSettings searchSettings;
  private final VerdictView verdictView;
  private final DetectorSettings detector;
  private final BacktestJobs backtests;
  private final LedgerSettings ledgerSettings;
  private final DashboardAnswers dashboardAnswers;

  private ClickHouseClient clickHouse;
  private ClickHouseReader reader;
  private ClickHouseClient labelWriter;
  private MeilisearchClient meilisearch;
  private KafkaAdminClient kafkaAdmin;
  private final SseFeed liveMetrics;
  private final SseFeed liveAlerts;
  private final SseFeed liveDetections;
  private HttpServer server;
  private AttackControlApi attackControl;
  private GeneratorChannel generator;

  public WebVerticle(WebSettings settings, ApiKeys apiKeys, ApiContract contract, KafkaSettings kafka,
                     ClickHouseSettings clickHouse, SearchSettings search, VerdictView verdictView,
                     DetectorSettings detector, BacktestJobs backtests, LedgerSettings ledgerSettings,
                     DashboardAnswers dashboardAnswers) {
    this.settings = settings;
    this.apiKeys = apiKeys;
    this.contract = contract;
    this.kafkaSettings = kafka;
    this.clickHouseSettings = clickHouse;
    this.searchSettings = search;
    this.verdictView = verdictView;
    this.detector = detector;
    this.backtests = backtests;
    this.ledgerSettings = ledgerSettings;
    this.dashboardAnswers = dashboardAnswers;
    this.liveMetrics = new SseFeed(Addresses.LIVE_METRICS_TICK, settings.sseMaxQueuedBytes(), SseFeed.latest());
    this.liveAlerts = new SseFeed(Addresses.LIVE_ALERTS, settings.sseMaxQueuedBytes(), SseFeed.alerts());
    this.liveDetections = new SseFeed(Addresses.LIVE_DETECTIONS, settings.sseMaxQueuedBytes(), SseFeed.none());
  }

  @Override
  public Future<?> start() {
    if (searchSettings.searchKey().isBlank()) {
      return Future.failedFuture(new IllegalStateException("config key search.searchKey is empty: the web role "
        + "searches with a search-only key; create it with `java -jar tspipe.jar search-key` and pass it as "
        + "TSPIPE_SEARCH_SEARCH_KEY"));
    }
    clickHouse = ClickHouseClient.readOnly(vertx, clickHouseSettings);
    reader = ClickHouseReader.create(vertx, clickHouseSettings);
    labelWriter = new ClickHouseClient(vertx, clickHouseSettings);
    meilisearch = new MeilisearchClient(vertx, searchSettings, searchSettings.searchKey());
    return liveMetrics.start(vertx)
      .compose(v -> liveAlerts.start(vertx))
      .compose(v -> liveDetections.start(vertx))
      .compose(v -> vertx.executeBlocking(() -> KafkaAdminClient.create(vertx,
        KafkaClientConfig.admin(kafkaSettings, healthTimeout())))
      .compose(this::listen));
  }

  private Future<HttpServer> listen(KafkaAdminClient admin) {
    kafkaAdmin = admin;
    HealthApi health = new HealthApi(admin, clickHouse, meilisearch, healthTimeout());
    Router router = router(new SearchApi(meilisearch), new EventApi(reader), new EntityApi(reader, settings),
      health);
    return vertx.createHttpServer(new HttpServerOptions()
        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
        .setMaxHeaderSize(MAX_HEADER_BYTES))
      .requestHandler(router)
      .invalidRequestHandler(WebVerticle::invalid)
      .listen(settings.port(), settings.host())
      .onSuccess(listening -> {
        server = listening;
        LOG.info("Web API listening on http://{}:{}/api/v1", settings.host(), listening.actualPort());
      });
  }

  private Router router(SearchApi search, EventApi events, EntityApi entities, HealthApi health) {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(contract.validator("getLiveness"))
      .handler(ctx -> answerHealth(ctx, true, health.live()));
    router.get("/health/ready").handler(contract.validator("getReadiness")).handler(ctx -> health.ready()
      .onSuccess(ready -> answerHealth(ctx, ready.up(), ready.body()))
      .onFailure(ctx::fail));
    if (!settings.corsOrigins().isEmpty()) {
      router.route("/api/*").handler(cors());
    }
    router.get("/api/v1/openapi.yaml").handler(contract.documentHandler());
    if (apiKeys.required()) {
      router.post("/api/v1/session").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
        .handler(contract.validator("openSession"));
    }
    new AccessRoutes(apiKeys, Duration.ofHours(settings.sessionHours()), settings.maxBodyBytes()).mount(router);
    router.get("/api/v1/stream/metrics").handler(contract.validator("streamLiveMetrics"))
      .handler(liveMetrics::subscribe);
    router.get("/api/v1/stream/alerts").handler(contract.validator("streamAlerts")).handler(liveAlerts::subscribe);
    router.get("/api/v1/stream/detections").handler(contract.validator("streamDetections"))
      .handler(this::subscribeToDetections);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    router.post("/api/v1/search").handler(contract.validator("searchEvents"))
      .handler(ctx -> answer(ctx, "search", () -> search.search(jsonBody(ctx))));
    router.get("/api/v1/events/:id").handler(contract.validator("getEvent"))
      .handler(ctx -> answerFound(ctx, "storage", () -> events.event(ctx.pathParam("id")),
        "no stored event has id " + ctx.pathParam("id")));
    router.get("/api/v1/entities/:kind/:value").handler(contract.validator("getEntity"))
      .handler(ctx -> answerFound(ctx, "storage", () -> entities.entity(ctx.pathParam("kind"), ctx.pathParam("value"),
          ctx.queryParams().get("recent")),
        "no stored event mentions " + ctx.pathParam("kind") + " " + Values.shorten(ctx.pathParam("value"))));
    generator = new GeneratorChannel(vertx, kafkaSettings);
    attackControl = new AttackControlApi(settings.adminKey(), generator);
    router.post("/api/v1/generator/attack").handler(ctx -> asAdmin(ctx, "setAttackMode", () -> answer(ctx, "generator",
      () -> attackControl.force(jsonBody(ctx)), reply -> "kafka".equals(reply.getString("delivered")) ? 202 : 200)));
    router.get("/api/v1/scenarios").handler(contract.validator("listScenarios"))
      .handler(ctx -> answer(ctx, "generator", () -> {
        return Future.succeededFuture(Scenario.catalogue());
      }));
    ScenarioControlApi scenarios = new ScenarioControlApi(generator);
    router.post("/api/v1/generator/scenarios").handler(ctx -> asAdmin(ctx, "startScenario",
      () -> answer(ctx, "generator", () -> scenarios.start(jsonBody(ctx)), reply -> 202)));
    router.delete("/api/v1/generator/scenarios/:runId").handler(ctx -> asAdmin(ctx, "stopScenario",
      () -> answerFound(ctx, "generator", () -> scenarios.stop(ctx.pathParam("runId")),
        "the generator runs no scenario with runId " + Values.shorten(ctx.pathParam("runId")), 202)));
    EventExport export = new EventExport(clickHouse);
    router.get("/api/v1/export/events").handler(contract.validator("exportEvents")).handler(ctx -> {
      EventExport.Request request;
      try {
        request = EventExport.Request.parse(ctx.queryParams());
      } catch (BadRequest refused) {
        refuse(ctx, 400, "bad_request", refused.getMessage(), refused.field());
        return;
      }
      export.stream(request, ctx.response()).onFailure(failure -> unavailable(ctx, "storage", failure));
    });
    mountDashboard(router);
    mountDetections(router);
    router.route("/api/*").handler(ctx -> refuse(ctx, 404, "not_found", "no API at " + ctx.request().method() + " "
      + ctx.request().path(), null));
    AppRoutes.mount(router);
    router.route().failureHandler(this::failed);
    for (int status : List.of(400, 404, 405, 415)) {
      router.errorHandler(status, ctx -> unrouted(ctx, status));
    }
    router.errorHandler(500, this::failed);
    return router;
  }

  /**
   * The dashboard's read APIs, answered through the process's {@link DashboardAnswers}: identical requests within a
   * tick share one answer.
   */
  private void mountDashboard(Router router) {
    DashboardApis dashboard = new DashboardApis(reader, settings.staleAfterSeconds(),
      Duration.ofSeconds(ledgerSettings.settleSeconds()), kafkaSettings.eventTopicNames());
    router.get("/api/v1/suspicious").handler(contract.validator("listSuspiciousEntities"))
      .handler(ctx -> answerShared(ctx, dashboard.suspicious()));
    router.get("/api/v1/metrics/kpis").handler(contract.validator("getKpis"))
      .handler(ctx -> answerShared(ctx, dashboard.kpis()));
    router.get("/api/v1/metrics/timeseries").handler(contract.validator("getTimeSeries"))
      .handler(ctx -> answerShared(ctx, dashboard.timeSeries()));
    router.get("/api/v1/quality").handler(contract.validator("getQuality"))
      .handler(ctx -> answerShared(ctx, dashboard.quality()));
    router.get("/api/v1/ledger").handler(contract.validator("getLedger"))
      .handler(ctx -> answerShared(ctx, dashboard.ledger()));
    router.get("/api/v1/attacks").handler(contract.validator("listAttackWindows"))
      .handler(ctx -> answerShared(ctx, dashboard.attacks()));
  }

  /**
   * Detections and their scoreboard, labels and verdicts; setting and removing a label need the admin key. Verdicts
   * are answered from the process's verdict view, which takes each label written here before the write is answered.
   */
  private void mountDetections(Router router) {
    DetectionsApi detections = new DetectionsApi(reader);
    LabelsApi labels = new LabelsApi(reader, labelWriter, verdictView::applyLabel);
    VerdictApi verdicts = new VerdictApi(verdictView, labels, detections);
    router.get("/api/v1/detections").handler(contract.validator("listDetections"))
      .handler(ctx -> answer(ctx, "storage", () -> detections.list(ctx.queryParams(), Instant.now())));
    ScoreApi scores = new ScoreApi(vertx, reader);
    router.get("/api/v1/detections/score").handler(contract.validator("scoreDetections"))
      .handler(ctx -> answer(ctx, "storage", () -> scores.score(ctx.queryParams(), Instant.now())));
    router.get("/api/v1/labels").handler(contract.validator("listLabels"))
      .handler(ctx -> answer(ctx, "storage", () -> labels.list(ctx.queryParams(), Instant.now())));
    router.post("/api/v1/labels").handler(ctx -> asAdmin(ctx, "setLabel", () -> answer(ctx, "storage", () -> {
      Instant now = Instant.now();
      return labels.set(LabelRequest.set(jsonBody(ctx), now), now);
    }, body -> 201)));
    router.delete("/api/v1/labels/:kind/:value/:label").handler(ctx -> asAdmin(ctx, "removeLabel",
      () -> answerFound(ctx, "storage", () -> labels.remove(ctx.pathParam("kind"), ctx.pathParam("value"),
          ctx.pathParam("label"), LabelRequest.removal(ctx.queryParams().get("reason"),
            ctx.queryParams().get("by"), optionalJsonBody(ctx)), Instant.now()),
        "no label " + Values.shorten(ctx.pathParam("label")) + " is set on " + ctx.pathParam("kind") + " "
          + Values.shorten(ctx.pathParam("value")))));
    router.get("/api/v1/verdicts/:kind/:value").handler(contract.validator("getVerdict"))
      .handler(ctx -> answer(ctx, "storage", () -> verdicts.verdict(ctx.pathParam("kind"),
        ctx.pathParam("value"), Instant.now())));
    mountBacktests(router);
  }

  /**
   * Backtests: starting one needs the admin key (it loads ClickHouse for as long as it runs); one runs at a time per
   * process, and a second is refused with 409 until it ends.
   */
  private void mountBacktests(Router router) {
    Backtest backtest = new Backtest(reader, detector, 2);
    router.post("/api/v1/backtests").handler(ctx -> asAdmin(ctx, "startBacktest", () -> {
      BacktestJobs.Request request;
      try {
        request = BacktestJobs.parse(jsonBody(ctx), Instant.now(), clickHouse.database());
      } catch (BadRequest refused) {
        refuse(ctx, 400, "bad_request", refused.getMessage(), refused.field());
        return;
      }
      try {
        JsonObject job = backtests.start(backtest, request, Instant.now());
        ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .putHeader(HttpHeaders.LOCATION, "/api/v1/backtests/" + job.getString("id")).end(job.toBuffer());
      } catch (BacktestJobs.Busy busy) {
        refuse(ctx, 409, "conflict", busy.getMessage(), null);
      }
    }));
    router.get("/api/v1/backtests").handler(contract.validator("listBacktests"))
      .handler(ctx -> answer(ctx, "storage", () -> Future.succeededFuture(backtests.list())));
    router.get("/api/v1/backtests/:id").handler(contract.validator("getBacktest"))
      .handler(ctx -> answerFound(ctx, "storage", () -> Future.succeededFuture(
        backtests.get(ctx.pathParam("id").toLowerCase(Locale.ROOT))),
        "no backtest " + Values.shorten(ctx.pathParam("id")) + " is kept"));
  }

  private void subscribeToDetections(RoutingContext ctx) {
    DetectionFilter filter;
    try {
      filter = DetectionFilter.parse(ctx.queryParams());
    } catch (BadRequest refused) {
      refuse(ctx, 400, "bad_request", refused.getMessage(), refused.field());
      return;
    }
    liveDetections.subscribe(ctx, filter);
  }

  /** Pages from {@code web.corsOrigins} may call the API, with the headers it reads; pages from elsewhere may not. */
  private CorsHandler cors() {
    CorsHandler cors = CorsHandler.create()
      .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
      .allowedHeaders(Set.of("Content-Type", "Authorization", ApiKeys.HEADER, "Last-Event-ID"))
      .maxAgeSeconds(600);
    if (!settings.corsOrigins().contains("*")) {
      cors.addOrigins(settings.corsOrigins());
    }
    return cors;
  }

  /**
   * Runs {@code handler} for a caller with the admin key: 403 while none is configured, 401 without it. The request
   * is checked against the operation {@code operationId} only then, so a caller without the key learns nothing about
   * the body.
   */
  private void asAdmin(RoutingContext ctx, String operationId, Runnable handler) {
    if (!attackControl.open()) {
      refuse(ctx, 403, "forbidden", "attack control is closed: no admin key is configured (web.adminKey)", null);
    } else if (!attackControl.authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
      refuse(ctx, 401, "unauthorized", "send the admin key as Authorization: Bearer <key>", "Authorization");
    } else {
      contract.check(ctx, operationId).onComplete(checked -> {
        if (checked.failed() && checked.cause() instanceof BadRequest refused) {
          refuse(ctx, 400, "bad_request", refused.getMessage(), refused.field());
        } else if (checked.failed()) {
          ctx.fail(checked.cause());
        } else {
          handler.run();
        }
      });
    }
  }

  /** The JSON object of a body that may be left out: null when it is empty. */
  static JsonObject optionalJsonBody(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0 ? null : jsonBody(ctx);
  }

  /** The JSON object of a body, else a {@link BadRequest} naming {@code body}. */
  static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new BadRequest("body", "expected a JSON object, got an empty body");
      }
      return body;
    } catch (DecodeException | ClassCastException notAnObject) {
      throw new BadRequest("body", "expected a JSON object; it does not parse as one");
    }
  }

  /** Runs {@code work}, answering its JSON, or the refusal its failure calls for. */
  private void answer(RoutingContext ctx, String engine, Supplier<Future<JsonObject>> work) {
    answer(ctx, engine, work, body -> 200);
  }

  /** Answers a dashboard request, or shares the answer of an identical one of this tick. */
  private <R> void answerShared(RoutingContext ctx, DashboardApis.Endpoint<R> endpoint) {
    answer(ctx, "storage", () -> dashboardAnswers.answer(endpoint, ctx.queryParams(), Instant.now(), context));
  }

  /** As above, with the status the answer calls for. */
  private void answer(RoutingContext ctx, String engine, Supplier<Future<JsonObject>> work,
                      ToIntFunction<JsonObject> status) {
    Future<JsonObject> answer;
    try {
      answer = work.get();
    } catch (BadRequest refused) {
      refuse(ctx, 400, "bad_request", refused.getMessage(), refused.field());
      return;
    }
    answer
      .onSuccess(body -> ctx.response().setStatusCode(status.applyAsInt(body))
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer()))
      .onFailure(failure -> unavailable(ctx, engine, failure));
  }

  /** 200 when up, else 503; never cached, so every probe sees the engines as they are now. */
  private static void answerHealth(RoutingContext ctx, boolean up, JsonObject body) {
    ctx.response().setStatusCode(up ? 200 : 503)
      .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .end(body.toBuffer());
  }

  private void answerFound(RoutingContext ctx, String engine, Supplier<Future<Optional<JsonObject>>> work,
                           String notFound) {
    answerFound(ctx, engine, work, notFound, 200);
  }

  private void answerFound(RoutingContext ctx, String engine, Supplier<Future<Optional<JsonObject>>> work,
                           String notFound, int status) {
    answer(ctx, engine, () -> work.get().map(found -> found.orElseThrow(() -> new NotFound(notFound))),
      body -> status);
  }

  private void unavailable(RoutingContext ctx, String engine, Throwable failure) {
    if (failure instanceof NotFound notFound) {
      refuse(ctx, 404, "not_found", notFound.getMessage(), null);
      return;
    }
    if (failure instanceof BadRequest refused) {
      refuse(ctx, 400, "bad_request", refused.getMessage(), refused.field());
      return;
    }
    LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), failure.toString());
    refuse(ctx, 503, engine + "_unavailable", engine + " did not answer: " + failure.getMessage(), null);
  }

  private void failed(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof BadRequest refused) {
      refuse(ctx, 400, "bad_request", refused.getMessage(), refused.field());
    } else if (ctx.statusCode() == 413) {
      refuse(ctx, 413, "body_too_large", "the request body is larger than " + settings.maxBodyBytes() + " bytes", "body");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      refuse(ctx, ctx.statusCode(), Refusal.error(ctx.statusCode()), ctx.response().getStatusMessage(), null);
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      refuse(ctx, 500, "internal_error", "the request failed; see the web role's log", null);
    }
  }

  /**
   * What the router refuses before any route runs: a path it cannot read (400; the only input its matching reads),
   * no route for the path (404), a route for another method (405) or content type (415).
   */
  private static void unrouted(RoutingContext ctx, int status) {
    String at = ctx.request().method() + " " + Values.shorten(ctx.request().path());
    String message = switch (status) {
      case 400 -> "the request's path cannot be read (a stray % or a bad escape)";
      case 404 -> "nothing at " + at;
      case 405 -> ctx.request().method() + " is not allowed at " + Values.shorten(ctx.request().path());
      default -> "cannot answer " + at + ": " + ctx.response().getStatusMessage();
    };
    refuse(ctx, status, Refusal.error(status), message, status == 400 ? "path" : null);
  }

  /**
   * A request the HTTP layer could not read, before any routing: a request line over
   * {@value #MAX_REQUEST_LINE_BYTES} bytes (414), headers over {@value #MAX_HEADER_BYTES} bytes (431), or anything
   * else that is not HTTP/1.x (400). Answered as every refusal is, then the connection is closed: what follows on
   * it cannot be read either.
   */
  private static void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      message = "the request line (method, URL, version) is longer than " + MAX_REQUEST_LINE_BYTES + " bytes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      message = "the request's headers are larger than " + MAX_HEADER_BYTES + " bytes";
    } else {
      status = 400;
      message = "the request is not valid HTTP/1.x" + (cause == null || cause.getMessage() == null ? ""
        : ": " + Values.shorten(cause.getMessage()));
    }
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    Refusal.send(request.response(), status, Refusal.error(status), message, null)
      .onComplete(sent -> request.connection().close());
  }

  private static void refuse(RoutingContext ctx, int status, String error, String message, String field) {
    Refusal.send(ctx.response(), status, error, message, field);
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = Future.all(liveMetrics.stop(), liveAlerts.stop(), liveDetections.stop()).<Void>mapEmpty()
      .eventually(() -> server == null ? Future.succeededFuture() : server.close());
    return closed.eventually(() -> Future.all(List.of(clickHouse.close(), reader.close(), labelWriter.close(),
      meilisearch.close(), generator == null ? Future.succeededFuture() : generator.close(),
      kafkaAdmin == null ? Future.succeededFuture() : kafkaAdmin.close(settings.healthTimeoutMs()))));
  }

  private Duration healthTimeout() {
    return Duration.ofMillis(settings.healthTimeoutMs());
  }

  /** A lookup that found nothing: answered 404. */
  private static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message, null, false, false);
    }
  }
}
