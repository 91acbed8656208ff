package io.tspipe.web;

import io.tspipe.bus.Addresses;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.web.dashboard.DashboardApis;
import io.tspipe.web.control.AttackControlApi;
import io.tspipe.web.control.GeneratorChannel;
import io.tspipe.web.control.ScenarioControlApi;
import io.tspipe.web.detections.BacktestJobs;
import io.tspipe.web.detections.DetectionFilter;
import io.tspipe.web.detections.DetectionsApi;
import io.tspipe.web.detections.ScoreApi;
import io.tspipe.web.detections.Subjects;
import io.tspipe.web.investigation.EntityApi;
import io.tspipe.web.investigation.EventApi;
import io.tspipe.web.investigation.EventExport;
import io.tspipe.web.labels.LabelRequest;
import io.tspipe.web.labels.LabelsApi;
import io.tspipe.web.investigation.SearchRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The validator on the real request path: a Vert.x Web router on a real HTTP server on a loopback port, with the
 * {@code BodyHandler} on {@code /api/*} as the web role has it, the contract's validator on each route, and a trivial
 * handler answering 200 behind it. Requests are sent with a {@code WebClient}.
 *
 * <p>After the validator, each route runs its handler's own reading of the request, as {@code WebVerticle} wires it
 * ({@link #handlersVerdict}), and reports its verdict in a header. Whatever the contract accepts, the handler reads
 * without a refusal, but for the few checks across fields or of meaning that a schema cannot state (a window's span,
 * {@code from} before {@code to}, {@code page * limit}, an IPv6-looking text that is no address, a date the calendar
 * lacks), each listed below; whatever the contract refuses, the handler never sees, and the refusal names the field.
 */
@ExtendWith(VertxExtension.class)
class ApiValidationTest {

  private static final String VERDICT = "X-Handlers-Verdict";
  private static final String UUID = "6f1c5a8e-7a51-4c2e-9b8e-5d1f6a2b7c90";
  private static final String FROM = "2026-11-24T10:00:00.000Z";
  private static final String TO = "2026-11-24T11:00:00.000Z";

  private static Vertx vertx;
  private static ApiContract contract;
  private static HttpServer server;
  private static WebClient client;
  private static ClickHouseClient clickHouse;
  private static EventApi events;
  private static EntityApi entities;
  private static DashboardApis dashboard;
  private static AttackControlApi attackControl;
  private static ScenarioControlApi scenarioControl;
  private static DetectionsApi detections;
  private static LabelsApi labels;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext testContext) throws Exception {
    ApiValidationTest.vertx = vertx;
    JsonObject defaults;
    try (InputStream in = ApiValidationTest.class.getClassLoader().getResourceAsStream("tspipe-defaults.json")) {
      defaults = new JsonObject(Buffer.buffer(in.readAllBytes()));
    }
    // the handlers' checks all run before any I/O; what they then ask goes to a port where nothing listens
    clickHouse = new ClickHouseClient(vertx, ClickHouseSettings.from(defaults.getJsonObject("clickhouse").copy()
      .put("url", "http://127.0.0.1:9")));
    events = new EventApi(clickHouse);
    detections = new DetectionsApi(clickHouse);
    labels = new LabelsApi(clickHouse, clickHouse, row -> { });
    entities = new EntityApi(clickHouse, WebSettings.from(defaults.getJsonObject("web")));
    dashboard = new DashboardApis(clickHouse, 60, Duration.ZERO, List.of("api-requests", "email-events"));
    GeneratorChannel generator = new GeneratorChannel(vertx, KafkaSettings.from(defaults.getJsonObject("kafka")));
    attackControl = new AttackControlApi("test-admin-key", generator);
    scenarioControl = new ScenarioControlApi(generator);
    // a generator in this process answers, so a valid command never goes out to Kafka from this unit test
    Future<Void> attackMode = vertx.eventBus().<JsonObject>consumer(Addresses.GENERATOR_ATTACK_MODE,
      request -> request.reply(request.body().copy().put("attacking", "on".equals(request.body().getString("mode")))))
      .completion();
    Future<Void> control = vertx.eventBus().<JsonObject>consumer(Addresses.GENERATOR_CONTROL,
      request -> request.reply(new JsonObject().put("runId", request.body().getString("runId")).put("running", true)))
      .completion();
    ApiContract.load(vertx)
      .compose(loaded -> {
        contract = loaded;
        return Future.all(attackMode, control);
      })
      .compose(registered -> vertx.createHttpServer().requestHandler(router()).listen(0, "127.0.0.1"))
      .onComplete(testContext.succeeding(listening -> {
        server = listening;
        client = WebClient.create(vertx);
        testContext.completeNow();
      }));
  }

  /** Every route of the contract behind the handlers' checks and the contract's validator, as the web role has them. */
  private static Router router() {
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(65_536));
    for (Map.Entry<String, String> route : ApiContractTest.ROUTES.entrySet()) {
      String[] parts = route.getKey().split(" ");
      String operationId = route.getValue();
      router.route(HttpMethod.valueOf(parts[0]), parts[1].replaceAll("\\{([A-Za-z0-9_]+)}", ":$1"))
        .handler(contract.validator(operationId))
        .handler(ctx -> {
          ctx.put(VERDICT, handlersVerdict(operationId, ctx));
          ctx.next();
        })
        .handler(operationId.equals("getOpenApiDocument") ? contract.documentHandler()
          : ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader(VERDICT, ctx.<String>get(VERDICT))
          .end(new JsonObject().put("ok", operationId).encode()));
    }
    router.route("/api/*").handler(ctx -> answer(ctx, 404, "not_found", "no API here", null));
    router.route().failureHandler(ApiValidationTest::failed);
    return router;
  }

  @AfterAll
  static void stop(VertxTestContext testContext) {
    client.close();
    Future.all(server.close(), clickHouse.close()).onComplete(testContext.succeedingThenComplete());
  }

  /** As {@code WebVerticle.failed}: a {@link BadRequest} is a 400 naming its field, an oversized body a 413. */
  private static void failed(RoutingContext ctx) {
    if (ctx.get(VERDICT) != null) {
      ctx.response().putHeader(VERDICT, ctx.<String>get(VERDICT));
    }
    if (ctx.failure() instanceof BadRequest refused) {
      answer(ctx, 400, "bad_request", refused.getMessage(), refused.field());
    } else if (ctx.statusCode() == 413) {
      answer(ctx, 413, "body_too_large", "the request body is larger than 65536 bytes", "body");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      answer(ctx, ctx.statusCode(), "bad_request", ctx.response().getStatusMessage(), null);
    } else {
      answer(ctx, 500, "internal_error", String.valueOf(ctx.failure()), null);
    }
  }

  private static void answer(RoutingContext ctx, int status, String error, String message, String field) {
    JsonObject body = new JsonObject().put("error", error).put("message", message);
    if (field != null) {
      body.put("field", field);
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }

  /**
   * What the route's own handler would do with this request, as {@code WebVerticle} wires it: {@code accepted}, or
   * {@code refused:<field>}. Each check runs before any I/O; the futures of the requests that pass are left to fail.
   * The dashboard's routes read their requests as their {@code DashboardApis} endpoints do.
   */
  private static String handlersVerdict(String operationId, RoutingContext ctx) {
    try {
      Instant now = Instant.now();
      switch (operationId) {
        case "searchEvents" -> SearchRequest.parse(WebVerticle.jsonBody(ctx));
        case "getEvent" -> events.event(ctx.pathParam("id"));
        case "getEntity" -> entities.entity(ctx.pathParam("kind"), ctx.pathParam("value"),
          ctx.queryParams().get("recent"));
        case "setAttackMode" -> attackControl.force(WebVerticle.jsonBody(ctx));
        case "startScenario" -> scenarioControl.start(WebVerticle.jsonBody(ctx));
        case "stopScenario" -> scenarioControl.stop(ctx.pathParam("runId"));
        case "exportEvents" -> EventExport.Request.parse(ctx.queryParams());
        case "listSuspiciousEntities" -> dashboard.suspicious().read(ctx.queryParams(), now);
        case "getKpis" -> dashboard.kpis().read(ctx.queryParams(), now);
        case "getTimeSeries" -> dashboard.timeSeries().read(ctx.queryParams(), now);
        case "getQuality" -> dashboard.quality().read(ctx.queryParams(), now);
        case "getLedger" -> dashboard.ledger().read(ctx.queryParams(), now);
        case "listAttackWindows" -> dashboard.attacks().read(ctx.queryParams(), now);
        case "listDetections" -> detections.list(ctx.queryParams(), now);
        case "scoreDetections" -> ScoreApi.Request.parse(ctx.queryParams(), now);
        case "streamDetections" -> DetectionFilter.parse(ctx.queryParams());
        case "listLabels" -> labels.list(ctx.queryParams(), now);
        case "setLabel" -> LabelRequest.set(WebVerticle.jsonBody(ctx), now);
        case "startBacktest" -> BacktestJobs.parse(WebVerticle.jsonBody(ctx), now, "tspipe");
        case "removeLabel" -> {
          Subjects.value("value", Subjects.kind("kind", ctx.pathParam("kind")), ctx.pathParam("value"));
          LabelRequest.removal(ctx.queryParams().get("reason"), ctx.queryParams().get("by"),
            WebVerticle.optionalJsonBody(ctx));
        }
        case "getVerdict" -> Subjects.value("value", Subjects.kind("kind", ctx.pathParam("kind")), ctx.pathParam("value"));
        default -> {
          // health, live feeds and this document read nothing from the request
        }
      }
      return "accepted";
    } catch (BadRequest refused) {
      return "refused:" + refused.field();
    }
  }

  // ---- the cases

  /**
   * One request and what each side says of it.
   *
   * @param contract the field the contract refuses, or null when it accepts
   * @param handlers the field the route's own handler refuses, or null when it accepts
   */
  private record Case(String method, String uri, String body, String contentType, String contract, String handlers) {
    @Override
    public String toString() {
      return method + " " + uri + (body == null ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
    }
  }

  private static Case get(String uri) {
    return new Case("GET", uri, null, null, null, null);
  }

  private static Case get(String uri, String field) {
    return new Case("GET", uri, null, null, field, field);
  }

  /** A request only the handler refuses: a check the schema cannot state. */
  private static Case handlerOnly(String uri, String field) {
    return new Case("GET", uri, null, null, null, field);
  }

  private static Case search(Object body) {
    return new Case("POST", "/api/v1/search", String.valueOf(body), "application/json", null, null);
  }

  private static Case search(Object body, String field) {
    return new Case("POST", "/api/v1/search", String.valueOf(body), "application/json", field, field);
  }

  private static Case searchHandlerOnly(Object body, String field) {
    return new Case("POST", "/api/v1/search", String.valueOf(body), "application/json", null, field);
  }

  private static Case scenario(String body, String field) {
    return new Case("POST", "/api/v1/generator/scenarios", body, "application/json", field, field);
  }

  private static Case scenarioHandlerOnly(String body, String field) {
    return new Case("POST", "/api/v1/generator/scenarios", body, "application/json", null, field);
  }

  private static Case attack(String body, String field) {
    return new Case("POST", "/api/v1/generator/attack", body, "application/json", field, field);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonObject filters(Object... pairs) {
    JsonObject filters = new JsonObject();
    for (int i = 0; i < pairs.length; i += 2) {
      filters.put((String) pairs[i], pairs[i + 1]);
    }
    return new JsonObject().put("filters", filters);
  }

  private static JsonArray list(Object... values) {
    return new JsonArray(List.of(values));
  }

  /** Requests the code accepts, from the integration tests, SearchRequestTest, docs/api.md and the edges of each check. */
  static List<Case> accepted() {
    List<Case> cases = new ArrayList<>();
    for (String path : List.of("/health/live", "/health/ready", "/api/v1/stream/metrics", "/api/v1/stream/alerts",
      "/api/v1/stream/metrics?since=now")) {
      cases.add(get(path));
    }

    // POST /api/v1/search: SearchRequestTest
    cases.add(search("{}"));
    cases.add(search(new JsonObject()
      .put("q", "checkout")
      .put("filters", new JsonObject()
        .put("type", list("api_request", "account_activity"))
        .put("from", "2026-11-24T10:00:00Z")
        .put("to", "2026-11-24T11:00:00.500+01:00")
        .put("success", false)
        .put("action", list("login"))
        .put("method", list("POST"))
        .put("status", list(new JsonObject().put("min", 500).put("max", 599), new JsonObject().put("min", 429)))
        .put("bounceType", list("hard"))
        .put("country", list("US", "DE"))
        .put("ip", "2001:db8::1")
        .put("userId", "6F1C5A8E-7A51-4C2E-9B8E-5D1F6A2B7C90")
        .put("email", "a\"b\\c@example.org"))
      .put("sort", "responseTimeMs:asc")
      .put("page", 3)
      .put("limit", 100)
      .put("facets", list("type", "statusCode", "type"))));
    // SearchApiIT
    cases.add(search(filters("type", list("api_request"))));
    cases.add(search(filters("type", list("account_activity", "email_send"))));
    cases.add(search(filters("type", list("account_activity"), "success", false)));
    cases.add(search(filters("action", list("login", "logout"))));
    cases.add(search(filters("method", list("POST", "GET"), "status", list(new JsonObject().put("min", 500).put("max", 599),
      new JsonObject().put("min", 429)))));
    cases.add(search(filters("status", list(new JsonObject().put("min", 200).put("max", 299)))));
    cases.add(search(filters("bounceType", list("hard", "soft"))));
    cases.add(search(filters("country", list("US"))));
    cases.add(search(filters("ip", "198.51.100.7")));
    cases.add(search(filters("userId", UUID.toUpperCase())));
    cases.add(search(filters("email", "ana@example.org")));
    cases.add(search(filters("asn", list(15169, 16509))));
    cases.add(search(filters("asn", list(1, 4294967295L), "hosting", true)));
    cases.add(search(filters("prefix", "203.0.113.0/24", "hosting", false)));
    cases.add(search(filters("prefix", "2001:db8:1::/48")));
    cases.add(search(new JsonObject().put("facets", list("asn", "ipCountry", "ipHosting"))));
    cases.add(search(filters("from", FROM, "to", TO)));
    cases.add(search(filters("from", FROM, "type", list("account_activity"), "success", true, "country", list("DE"))));
    cases.add(search(new JsonObject().put("q", "ana@example.org").put("limit", 100)));
    cases.add(search(new JsonObject().put("limit", 1)
      .put("facets", list("type", "method", "statusCode", "country", "success", "bounceType"))));
    cases.add(search(new JsonObject().put("limit", 1).put("facets", list("country"))
      .put("filters", new JsonObject().put("action", list("login")).put("success", false))));
    cases.add(search(new JsonObject().put("limit", 100)));
    cases.add(search(new JsonObject().put("limit", 100).put("sort", "timestamp:asc")));
    cases.add(search(new JsonObject().put("limit", 100).put("sort", "responseTimeMs:desc")
      .put("filters", new JsonObject().put("type", list("api_request")))));
    cases.add(search(new JsonObject().put("limit", 37).put("page", 5).put("filters", new JsonObject().put("type", list("email_send")))));
    for (String q : List.of("\" OR 1=1 --", "type = api_request OR type EXISTS", "'; DROP TABLE events; --", "*", "\\", "\"",
      "-", "\u0000", "x".repeat(512), "é".repeat(512))) {
      cases.add(search(new JsonObject().put("q", q)));
    }
    cases.add(search(filters("email", "x\"OR\"1\"=\"1@example.org")));
    cases.add(search(filters("email", "x\\\"OR\\\"1@example.org")));
    // the example of docs/api.md
    cases.add(search("{\"q\": \"198.51.100.7\", \"filters\": {\"type\": [\"account_activity\"], \"success\": false, "
      + "\"from\": \"2026-11-24T10:00:00Z\", \"country\": [\"US\", \"DE\"]}, \"sort\": \"timestamp:desc\", \"page\": 1, "
      + "\"limit\": 20, \"facets\": [\"country\", \"action\"]}"));
    // the edges: null is absent, instants without seconds, the deepest page, every IPv6 form, no Content-Type check
    cases.add(search("{\"q\": null, \"filters\": null, \"sort\": null, \"page\": null, \"limit\": null, \"facets\": null}"));
    cases.add(search("{\"filters\": {\"type\": null, \"from\": null, \"to\": null, \"success\": null, \"action\": null, "
      + "\"method\": null, \"status\": null, \"bounceType\": null, \"country\": null, \"ip\": null, \"userId\": null, "
      + "\"email\": null}}"));
    cases.add(search(filters("status", list(new JsonObject().put("min", 404).putNull("max")))));
    cases.add(search(filters("status", list(new JsonObject().put("min", 100).put("max", 599)))));
    cases.add(search(filters("from", "2026-11-24T10:00Z", "to", "2026-11-24T10:00:00.001000001Z")));
    cases.add(search(filters("from", "2026-11-24t10:00:00+01:00:30", "to", "2026-11-24T23:00:00-05:00")));
    cases.add(search(new JsonObject().put("page", 100).put("limit", 100)));
    cases.add(search(new JsonObject().put("page", 10_000).put("limit", 1)));
    cases.add(search("{\"page\": 2.0}"));
    cases.add(search(new JsonObject().put("limit", 1).put("page", 1).put("facets", new JsonArray())));
    for (String ip : List.of("::1", "::ffff:192.0.2.128", "1:2:3:4:5:6:7:8", "FE80::1", "0.0.0.0", "255.255.255.255")) {
      cases.add(search(filters("ip", ip)));
    }
    cases.add(new Case("POST", "/api/v1/search", "{\"limit\": 5}", "text/plain", null, null));
    cases.add(new Case("POST", "/api/v1/search?debug=1", "{}", null, null, null));
    cases.add(search(new JsonObject().put("facets", new JsonArray(java.util.Collections.nCopies(50, "country")))));
    cases.add(search(filters("country", new JsonArray(java.util.Collections.nCopies(50, "US")))));

    cases.add(get("/api/v1/backtests/" + UUID));
    cases.add(get("/api/v1/backtests/" + UUID.toUpperCase()));

    // GET /api/v1/events/{id}
    cases.add(get("/api/v1/events/" + UUID));
    cases.add(get("/api/v1/events/" + UUID.toUpperCase()));

    // GET /api/v1/entities/{kind}/{value}
    cases.add(get("/api/v1/entities/user/" + UUID + "?recent=5"));
    cases.add(get("/api/v1/entities/user/" + UUID));
    cases.add(get("/api/v1/entities/USER/" + UUID.toUpperCase() + "?recent=100"));
    cases.add(get("/api/v1/entities/ip/198.51.100.7"));
    cases.add(get("/api/v1/entities/ip/203.0.113.254"));
    cases.add(get("/api/v1/entities/Ip/" + encode("2001:db8::1")));
    cases.add(get("/api/v1/entities/ip/2001:db8::1?recent=1"));
    cases.add(get("/api/v1/entities/email/" + encode("ana@example.org")));
    cases.add(get("/api/v1/entities/email/" + encode("x'OR'1'='1@a.bc")));
    cases.add(get("/api/v1/entities/email/" + encode("a\\'@b.co")));
    cases.add(get("/api/v1/entities/EMAIL/" + encode("\"quoted\"@example.org")));
    cases.add(get("/api/v1/entities/user/" + UUID + "?recent=%2B5"));
    cases.add(get("/api/v1/entities/user/" + UUID + "?recent=007"));
    cases.add(get("/api/v1/entities/asn/15169"));
    cases.add(get("/api/v1/entities/ASN/4294967295?recent=5"));
    cases.add(get("/api/v1/entities/prefix/" + encode("203.0.113.0/24")));
    cases.add(get("/api/v1/entities/Prefix/" + encode("10.0.0.0/8")));
    cases.add(get("/api/v1/entities/prefix/" + encode("198.51.100.7/32")));
    cases.add(get("/api/v1/entities/prefix/" + encode("2001:DB8:1::/48")));
    cases.add(get("/api/v1/entities/prefix/" + encode("2001::/16") + "?recent=1"));

    // POST /api/v1/generator/attack (LiveMetricsIT)
    for (String mode : List.of("on", "off", "auto")) {
      cases.add(attack(new JsonObject().put("mode", mode).encode(), null));
    }

    // GET /api/v1/scenarios, POST /api/v1/generator/scenarios, DELETE /api/v1/generator/scenarios/{runId}
    cases.add(get("/api/v1/scenarios"));
    for (io.tspipe.truth.Scenario each : io.tspipe.truth.Scenario.values()) {
      cases.add(scenario(new JsonObject().put("scenario", each.wireName()).encode(), null));
    }
    cases.add(scenario("{\"scenario\": \"credential_stuffing\", \"intensity\": 1, \"durationSeconds\": 86400, "
      + "\"variant\": \"low_and_slow\", \"addresses\": 5000, \"successRate\": 0}", null));
    cases.add(scenario("{\"scenario\": \"api_scraping\", \"intensity\": 0.0001, \"durationSeconds\": 1, "
      + "\"byUser\": true}", null));
    cases.add(scenario("{\"scenario\": \"brute_force\", \"attackers\": 50.0}", null));
    cases.add(new Case("DELETE", "/api/v1/generator/scenarios/" + UUID, null, null, null, null));
    cases.add(new Case("DELETE", "/api/v1/generator/scenarios/" + UUID.toUpperCase(), null, null, null, null));
    cases.add(get("/api/v1/attacks?range=1h&scenario=spam_wave"));

    // GET /api/v1/export/events (ExportIT)
    cases.add(get("/api/v1/export/events?from=" + FROM + "&to=" + TO));
    cases.add(get("/api/v1/export/events?format=csv&from=" + FROM + "&to=" + TO));
    cases.add(get("/api/v1/export/events?type=email_send&from=" + FROM + "&to=" + TO));
    cases.add(get("/api/v1/export/events?format=csv&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z"));
    cases.add(get("/api/v1/export/events?format=ndjson&from=2026-11-24T10:00%2B01:00&to=2026-11-24T10:00Z"));

    // GET /api/v1/suspicious (SuspiciousIT)
    for (String kind : List.of("ip", "user")) {
      cases.add(get("/api/v1/suspicious?kind=" + kind + "&range=1h&limit=200"));
    }
    cases.add(get("/api/v1/suspicious"));
    cases.add(get("/api/v1/suspicious?limit=1&range=6h"));
    cases.add(get("/api/v1/suspicious?from=" + FROM + "&to=" + TO));
    cases.add(get("/api/v1/suspicious?kind=user&limit=10&from=2026-11-23T11:00:00Z&to=" + TO));

    // GET /api/v1/metrics/kpis and /timeseries (MetricsApiIT, MetricsWindowTest)
    cases.add(get("/api/v1/metrics/kpis?range=1h"));
    cases.add(get("/api/v1/metrics/kpis?range=1h&type=api_request"));
    cases.add(get("/api/v1/metrics/kpis?from=2026-11-23T10:00:00Z&to=2026-11-23T10:10:00Z"));
    cases.add(get("/api/v1/metrics/kpis"));
    cases.add(get("/api/v1/metrics/kpis?range=15m&step=60"));
    cases.add(get("/api/v1/metrics/kpis?range=1h&range=bogus"));
    cases.add(get("/api/v1/metrics/timeseries?range=1h&step=300"));
    cases.add(get("/api/v1/metrics/timeseries?range=24h"));
    cases.add(get("/api/v1/metrics/timeseries?from=2026-11-24T08:00:00%2B01:00&to=2026-11-24T09:00:00Z&step=300&type=email_send"));
    cases.add(get("/api/v1/metrics/timeseries?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&step=86400"));

    // the routes being added: GET /api/v1/quality and /attacks
    cases.add(get("/api/v1/quality"));
    cases.add(get("/api/v1/quality?range=1h"));
    cases.add(get("/api/v1/ledger?range=24h&topic=api-requests&partition=3"));
    cases.add(get("/api/v1/quality?range=6h&type=email_send"));
    cases.add(get("/api/v1/quality?from=" + FROM + "&to=" + TO + "&type=api_request"));
    cases.add(get("/api/v1/attacks"));
    cases.add(get("/api/v1/attacks?range=24h"));
    cases.add(get("/api/v1/attacks?from=" + FROM + "&to=" + TO));

    // detections, labels and verdicts (DetectionsIT, the detections page)
    cases.add(get("/api/v1/detections?range=1h"));
    cases.add(get("/api/v1/detections"));
    cases.add(get("/api/v1/detections?from=" + FROM + "&to=" + TO + "&rule=credential_stuffing_ip&kind=ip&state=open"
      + "&mode=live&severity=critical&entity=198.51.100.7&limit=500"));
    cases.add(get("/api/v1/detections?range=24h&kind=prefix&entity=" + encode("203.0.113.0/24")));
    cases.add(get("/api/v1/detections?range=24h&kind=stream&entity=*"));
    cases.add(get("/api/v1/detections/score"));
    cases.add(get("/api/v1/detections/score?range=24h&buckets=48&graceSeconds=0"));
    cases.add(get("/api/v1/detections/score?from=" + FROM + "&to=" + TO + "&buckets=1&graceSeconds=3600"));
    cases.add(get("/api/v1/detections/score?from=2026-11-17T11:00:00Z&to=" + TO));
    cases.add(get("/api/v1/stream/detections"));
    cases.add(get("/api/v1/stream/detections?rule=brute_force.user&kind=user&mode=shadow"));
    cases.add(get("/api/v1/labels"));
    cases.add(get("/api/v1/labels?kind=ip&value=2001:db8::1&label=abuse_source&source=person:ana&includeExpired=true"));
    cases.add(get("/api/v1/labels?kind=user&value=" + UUID.toUpperCase() + "&history=true&limit=1"));
    cases.add(get("/api/v1/labels?kind=asn&value=15169&history=false&includeExpired=false"));
    for (String body : List.of(
      "{\"kind\": \"ip\", \"value\": \"203.0.113.9\", \"label\": \"abuse_source\", \"connotation\": \"bad\", "
        + "\"reason\": \"stuffing\", \"by\": \"ana\"}",
      "{\"kind\": \"prefix\", \"value\": \"2001:db8:1::/48\", \"label\": \"office\", \"connotation\": \"good\", "
        + "\"reason\": \"our office\", \"expiresInSeconds\": 315360000, \"by\": \"Ana Lima\"}",
      "{\"kind\": \"stream\", \"value\": \"*\", \"label\": \"drill\", \"connotation\": \"neutral\", "
        + "\"reason\": \"a drill\", \"expiresAt\": \"2099-01-01T00:00:00Z\", \"by\": \"ana\"}")) {
      cases.add(new Case("POST", "/api/v1/labels", body, "application/json", null, null));
    }
    cases.add(new Case("DELETE", "/api/v1/labels/ip/198.51.100.7/abuse_source?reason=cleared&by=ana", null, null, null,
      null));
    cases.add(new Case("DELETE", "/api/v1/labels/prefix/" + encode("203.0.113.0/24") + "/office", "{\"reason\": \"gone\", "
      + "\"by\": \"ana\"}", "application/json", null, null));
    cases.add(get("/api/v1/verdicts/ip/198.51.100.7"));
    cases.add(get("/api/v1/verdicts/email/ana@example.org"));
    cases.add(get("/api/v1/verdicts/stream/*"));
    cases.add(get("/api/v1/verdicts/prefix/" + encode("2001:db8:1::/48")));
    return cases;
  }

  /** Requests refused: by both, naming the same field, or (handlerOnly) by the code alone. */
  static List<Case> refused() {
    List<Case> cases = new ArrayList<>();
    // SearchRequestTest and SearchApiIT's injection attempts
    cases.add(search("[]", "body"));
    cases.add(search("not json at all", "body"));
    cases.add(search("", "body"));
    cases.add(search("\"a string\"", "body"));
    cases.add(search("{\"filter\": \"type = x\"}", "filter"));
    cases.add(search("{\"filter\": \"type = api_request OR 1 = 1\"}", "filter"));
    cases.add(search("{\"q\": 5}", "q"));
    cases.add(search("{\"filters\": \"type = account_activity\"}", "filters"));
    cases.add(search("{\"filters\": {\"raw\": \"1 = 1\"}}", "filters.raw"));
    cases.add(search("{\"filters\": {\"type\": [\"account_activity\\\" OR type EXISTS\"]}}", "filters.type[0]"));
    cases.add(search("{\"filters\": {\"type\": \"account_activity\"}}", "filters.type"));
    cases.add(search("{\"filters\": {\"type\": [null]}}", "filters.type[0]"));
    cases.add(search("{\"filters\": {\"from\": \"yesterday\"}}", "filters.from"));
    cases.add(search("{\"filters\": {\"from\": \"0 OR timestamp EXISTS\"}}", "filters.from"));
    cases.add(search("{\"filters\": {\"to\": 1795514400000}}", "filters.to"));
    cases.add(search("{\"filters\": {\"success\": \"true\"}}", "filters.success"));
    cases.add(search("{\"filters\": {\"success\": \"true OR 1=1\"}}", "filters.success"));
    cases.add(search("{\"filters\": {\"action\": [\"login OR 1\"]}}", "filters.action[0]"));
    cases.add(search("{\"filters\": {\"method\": [\"get\"]}}", "filters.method[0]"));
    cases.add(search("{\"filters\": {\"method\": [\"GET] OR type EXISTS OR method IN [GET\"]}}", "filters.method[0]"));
    cases.add(search("{\"filters\": {\"status\": [{\"min\": 99}]}}", "filters.status[0].min"));
    cases.add(search("{\"filters\": {\"status\": [{\"min\": 500, \"max\": 600}]}}", "filters.status[0].max"));
    cases.add(search("{\"filters\": {\"status\": [{\"min\": \"500 OR 1=1\"}]}}", "filters.status[0].min"));
    cases.add(search("{\"filters\": {\"status\": [{\"max\": 500}]}}", "filters.status[0].min"));
    cases.add(search("{\"filters\": {\"status\": [{\"min\": 500, \"op\": \"OR\"}]}}", "filters.status[0].op"));
    cases.add(search("{\"filters\": {\"status\": [500]}}", "filters.status[0]"));
    cases.add(search("{\"filters\": {\"status\": []}}", "filters.status"));
    cases.add(search(filters("status", new JsonArray(java.util.Collections.nCopies(11, new JsonObject().put("min", 200)))),
      "filters.status"));
    cases.add(search("{\"filters\": {\"bounceType\": [\"hard\", \"x\"]}}", "filters.bounceType[1]"));
    cases.add(search("{\"filters\": {\"country\": [\"US' OR 1=1\"]}}", "filters.country[0]"));
    cases.add(search("{\"filters\": {\"country\": [\"US\", \"de\"]}}", "filters.country[1]"));
    cases.add(search(filters("country", new JsonArray(java.util.Collections.nCopies(51, "US"))), "filters.country"));
    cases.add(search("{\"filters\": {\"ip\": \"10.0.0.1 OR userId EXISTS\"}}", "filters.ip"));
    cases.add(search("{\"filters\": {\"ip\": \"1.2.3.4\\\" OR sourceIp EXISTS OR sourceIp = \\\"\"}}", "filters.ip"));
    cases.add(search("{\"filters\": {\"ip\": \"example.org\"}}", "filters.ip"));
    cases.add(search("{\"filters\": {\"ip\": [\"1.2.3.4\"]}}", "filters.ip"));
    cases.add(search("{\"filters\": {\"userId\": \"42\"}}", "filters.userId"));
    cases.add(search("{\"filters\": {\"userId\": \"x\\\" OR userId EXISTS\"}}", "filters.userId"));
    cases.add(search("{\"filters\": {\"email\": \"x\\\" OR type EXISTS\"}}", "filters.email"));
    cases.add(search("{\"filters\": {\"email\": \"a@b.c\\\" OR recipientEmail EXISTS\"}}", "filters.email"));
    cases.add(search(filters("email", "x".repeat(320) + "@example.org"), "filters.email"));
    cases.add(search("{\"sort\": \"timestamp:desc, userId:asc\"}", "sort"));
    cases.add(search("{\"sort\": \"userId:asc\"}", "sort"));
    cases.add(search("{\"page\": 0}", "page"));
    cases.add(search("{\"page\": \"2\"}", "page"));
    cases.add(search("{\"page\": 1.5}", "page"));
    cases.add(search("{\"page\": \"1; DROP TABLE events\"}", "page"));
    cases.add(search("{\"limit\": 101}", "limit"));
    cases.add(search("{\"limit\": 1000000}", "limit"));
    cases.add(search("{\"limit\": true}", "limit"));
    cases.add(search("{\"facets\": [\"*\"]}", "facets[0]"));
    cases.add(search("{\"facets\": [\"userId\"]}", "facets[0]"));
    cases.add(search("{\"facets\": \"country\"}", "facets"));
    cases.add(search(new JsonObject().put("facets", new JsonArray(java.util.Collections.nCopies(51, "country"))), "facets"));
    cases.add(search(new JsonObject().put("q", "x".repeat(513)), "q"));
    cases.add(search("{\"limit\": 500, \"zzz\": 1}", "zzz"));
    // only the handler: across fields, or the meaning of a well-formed value
    cases.add(searchHandlerOnly("{\"filters\": {\"from\": \"2026-11-24T10:00:00Z\", \"to\": \"2026-11-24T09:00:00Z\"}}",
      "filters.to"));
    cases.add(searchHandlerOnly("{\"filters\": {\"status\": [{\"min\": 500, \"max\": 400}]}}", "filters.status[0].max"));
    cases.add(searchHandlerOnly("{\"page\": 101, \"limit\": 100}", "page"));
    cases.add(searchHandlerOnly("{\"filters\": {\"ip\": \"dead:beef\"}}", "filters.ip"));
    cases.add(searchHandlerOnly(filters("prefix", "203.0.0.0/16"), "filters.prefix"));
    cases.add(searchHandlerOnly(filters("prefix", "203.0.113.7/24"), "filters.prefix"));
    cases.add(searchHandlerOnly(filters("prefix", "2001:db8::/64"), "filters.prefix"));
    cases.add(search(filters("prefix", "not a network"), "filters.prefix"));
    cases.add(search(filters("prefix", "203.0.113.0"), "filters.prefix"));
    cases.add(search(filters("prefix", list("203.0.113.0/24")), "filters.prefix"));
    cases.add(search(filters("asn", list("15169")), "filters.asn[0]"));
    cases.add(search(filters("asn", list(15169, 0)), "filters.asn[1]"));
    cases.add(search(filters("asn", list(4294967296L)), "filters.asn[0]"));
    cases.add(search(filters("asn", list(1.5)), "filters.asn[0]"));
    cases.add(search(filters("asn", 15169), "filters.asn"));
    cases.add(search(filters("hosting", "yes"), "filters.hosting"));
    cases.add(search(new JsonObject().put("facets", list("asOrg")), "facets[0]"));
    cases.add(searchHandlerOnly("{\"filters\": {\"from\": \"2026-02-30T10:00:00Z\"}}", "filters.from"));

    // GET /api/v1/events/{id}
    cases.add(get("/api/v1/events/1%20OR%201=1", "id"));
    cases.add(get("/api/v1/events/'%20OR%20''='", "id"));
    cases.add(get("/api/v1/events/urn:uuid:" + UUID, "id"));
    cases.add(get("/api/v1/events/" + UUID + "?pretty=1", "pretty"));

    // GET /api/v1/entities/{kind}/{value}
    cases.add(get("/api/v1/entities/user/'%20OR%201=1%20--", "value"));
    cases.add(get("/api/v1/entities/ip/1.2.3.4'%20OR%20'1'='1", "value"));
    cases.add(get("/api/v1/entities/ip/localhost", "value"));
    cases.add(get("/api/v1/entities/email/a'%20OR%20'1'='1", "value"));
    cases.add(get("/api/v1/entities/table/events", "kind"));
    cases.add(get("/api/v1/entities/asn/0", "value"));
    cases.add(get("/api/v1/entities/asn/AS15169", "value"));
    cases.add(get("/api/v1/entities/asn/-1", "value"));
    cases.add(handlerOnly("/api/v1/entities/asn/4294967296", "value"));
    cases.add(handlerOnly("/api/v1/entities/asn/" + UUID, "value"));
    cases.add(handlerOnly("/api/v1/entities/prefix/" + encode("203.0.113.7/24"), "value"));
    cases.add(handlerOnly("/api/v1/entities/prefix/" + encode("203.0.113.0/33"), "value"));
    cases.add(handlerOnly("/api/v1/entities/prefix/" + encode("10.0.0.0/7"), "value"));
    cases.add(handlerOnly("/api/v1/entities/prefix/203.0.113.0", "value"));
    cases.add(handlerOnly("/api/v1/entities/prefix/" + encode("2001:db8::1/64"), "value"));
    cases.add(handlerOnly("/api/v1/entities/ip/" + encode("203.0.113.0/24"), "value"));
    cases.add(get("/api/v1/entities/prefix/" + encode("203.0.113.0/24'--"), "value"));
    cases.add(get("/api/v1/entities/user/" + UUID + "?recent=1;DROP", "DROP")); // ';' separates parameters too
    cases.add(get("/api/v1/entities/user/" + UUID + "?recent=0", "recent"));
    cases.add(get("/api/v1/entities/user/" + UUID + "?recent=101", "recent"));
    cases.add(get("/api/v1/entities/user/" + UUID + "?recent=", "recent"));
    cases.add(get("/api/v1/entities/user/" + UUID + "?since=" + FROM, "since"));
    cases.add(handlerOnly("/api/v1/entities/user/198.51.100.7", "value"));
    cases.add(handlerOnly("/api/v1/entities/ip/" + UUID, "value"));
    cases.add(handlerOnly("/api/v1/entities/email/" + UUID, "value"));

    // POST /api/v1/generator/attack
    cases.add(attack("{}", "mode"));
    cases.add(attack("{\"mode\": \"sideways\"}", "mode"));
    cases.add(attack("{\"mode\": true}", "mode"));
    cases.add(attack("{\"mode\": null}", "mode"));
    cases.add(attack("{\"mode\": \"on\", \"rate\": 9000}", "rate"));
    cases.add(attack("", "body"));
    cases.add(attack("[\"on\"]", "body"));

    // GET /api/v1/scenarios, POST /api/v1/generator/scenarios, DELETE /api/v1/generator/scenarios/{runId}
    cases.add(get("/api/v1/scenarios?name=classic", "name"));
    cases.add(scenario("{}", "scenario"));
    cases.add(scenario("{\"scenario\": \"ddos\"}", "scenario"));
    cases.add(scenario("{\"scenario\": 5}", "scenario"));
    cases.add(scenario("{\"scenario\": \"classic\", \"intensity\": 0}", "intensity"));
    cases.add(scenario("{\"scenario\": \"classic\", \"intensity\": 1.5}", "intensity"));
    cases.add(scenario("{\"scenario\": \"classic\", \"intensity\": \"high\"}", "intensity"));
    cases.add(scenario("{\"scenario\": \"classic\", \"durationSeconds\": 86401}", "durationSeconds"));
    cases.add(scenario("{\"scenario\": \"classic\", \"durationSeconds\": 1.5}", "durationSeconds"));
    cases.add(scenario("{\"scenario\": \"brute_force\", \"attackers\": {}}", "attackers"));
    cases.add(scenario("", "body"));
    cases.add(scenario("[\"classic\"]", "body"));
    cases.add(scenarioHandlerOnly("{\"scenario\": \"classic\", \"variant\": \"burst\"}", "variant"));
    cases.add(scenarioHandlerOnly("{\"scenario\": \"brute_force\", \"attackers\": 51}", "attackers"));
    cases.add(scenarioHandlerOnly("{\"scenario\": \"brute_force\", \"attackers\": 2.5}", "attackers"));
    cases.add(scenarioHandlerOnly("{\"scenario\": \"credential_stuffing\", \"variant\": \"slow\"}", "variant"));
    cases.add(scenarioHandlerOnly("{\"scenario\": \"api_scraping\", \"byUser\": \"yes\"}", "byUser"));
    cases.add(new Case("DELETE", "/api/v1/generator/scenarios/run-1", null, null, "runId", "runId"));
    cases.add(new Case("DELETE", "/api/v1/generator/scenarios/" + UUID + "0", null, null, "runId", "runId"));
    cases.add(get("/api/v1/attacks?range=1h&scenario=ddos", "scenario"));
    cases.add(get("/api/v1/attacks?scenario=CLASSIC", "scenario"));

    // GET /api/v1/export/events (ExportIT)
    cases.add(get("/api/v1/export/events?to=" + TO, "from"));
    cases.add(get("/api/v1/export/events?from=" + FROM, "to"));
    cases.add(get("/api/v1/export/events?from=" + FROM + "&to=" + TO + "&format=xml", "format"));
    cases.add(get("/api/v1/export/events?from=" + FROM + "&to=" + TO + "&type=login", "type"));
    cases.add(get("/api/v1/export/events?from=" + FROM + "&to=" + TO + "&limit=5", "limit"));
    cases.add(get("/api/v1/export/events?from=0%20OR%201=1&to=" + TO, "from"));
    cases.add(handlerOnly("/api/v1/export/events?from=" + TO + "&to=" + FROM, "to"));

    // GET /api/v1/suspicious (SuspiciousIT)
    cases.add(get("/api/v1/suspicious?kind=email", "kind"));
    cases.add(get("/api/v1/suspicious?limit=0", "limit"));
    cases.add(get("/api/v1/suspicious?limit=201", "limit"));
    cases.add(get("/api/v1/suspicious?limit=ten", "limit"));
    cases.add(get("/api/v1/suspicious?range=1h&step=60", "step"));
    cases.add(get("/api/v1/suspicious?range=2h", "range"));
    cases.add(handlerOnly("/api/v1/suspicious?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "from"));
    cases.add(handlerOnly("/api/v1/suspicious?range=1h&to=" + TO, "range"));

    // GET /api/v1/metrics/kpis and /timeseries (MetricsApiIT)
    cases.add(get("/api/v1/metrics/kpis?range=2h", "range"));
    cases.add(get("/api/v1/metrics/kpis?range=", "range"));
    cases.add(get("/api/v1/metrics/kpis?from=yesterday", "from"));
    cases.add(get("/api/v1/metrics/kpis?to=1795514400", "to"));
    cases.add(get("/api/v1/metrics/timeseries?range=1h&step=90", "step"));
    cases.add(get("/api/v1/metrics/timeseries?range=1h&step=30", "step"));
    cases.add(get("/api/v1/metrics/kpis?range=1h&type=x", "type"));
    cases.add(get("/api/v1/metrics/kpis?range=7d", "range"));
    cases.add(get("/api/v1/metrics/timeseries?range=1h&step=86460", "step"));
    cases.add(get("/api/v1/metrics/timeseries?range=24h&step=60%20OR%201", "step"));
    cases.add(get("/api/v1/metrics/kpis?type=api_request'%20OR%20'1'='1", "type"));
    cases.add(get("/api/v1/metrics/kpis?range=1h&minute=1", "minute"));
    cases.add(get("/api/v1/metrics/kpis?RANGE=1h", "RANGE"));
    cases.add(handlerOnly("/api/v1/metrics/kpis?range=1h&from=2026-01-01T00:00:00Z", "range"));
    cases.add(handlerOnly("/api/v1/metrics/kpis?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to"));
    cases.add(handlerOnly("/api/v1/metrics/kpis?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"));
    cases.add(handlerOnly("/api/v1/metrics/timeseries?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z&step=60", "step"));

    // the routes being added
    cases.add(get("/api/v1/ledger?range=7d", "range"));
    cases.add(get("/api/v1/ledger?partition=-1", "partition"));
    cases.add(get("/api/v1/ledger?partition=two", "partition"));
    cases.add(get("/api/v1/ledger?type=api_request", "type"));
    cases.add(handlerOnly("/api/v1/ledger?topic=events-rejected", "topic"));
    cases.add(handlerOnly("/api/v1/ledger?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z", "from"));
    cases.add(get("/api/v1/quality?range=7d", "range"));
    cases.add(get("/api/v1/quality?type=login", "type"));
    cases.add(get("/api/v1/quality?range=1h&step=60", "step"));
    cases.add(get("/api/v1/attacks?range=1h&type=api_request", "type"));
    cases.add(get("/api/v1/attacks?range=2h", "range"));
    cases.add(get("/api/v1/attacks?from=2026-11-24", "from"));

    // detections, labels and verdicts
    cases.add(get("/api/v1/detections?range=2h", "range"));
    cases.add(get("/api/v1/detections?state=closed", "state"));
    cases.add(get("/api/v1/detections?mode=dry", "mode"));
    cases.add(get("/api/v1/detections?severity=urgent", "severity"));
    cases.add(get("/api/v1/detections?kind=host", "kind"));
    cases.add(get("/api/v1/detections?rule=Rule%20One", "rule"));
    cases.add(get("/api/v1/detections?limit=501", "limit"));
    cases.add(get("/api/v1/detections?type=api_request", "type"));
    cases.add(handlerOnly("/api/v1/detections?entity=198.51.100.7", "kind"));
    cases.add(handlerOnly("/api/v1/detections?kind=user&entity=198.51.100.7", "entity"));
    cases.add(handlerOnly("/api/v1/detections?from=" + TO + "&to=" + FROM, "to"));
    cases.add(get("/api/v1/detections/score?range=2h", "range"));
    cases.add(get("/api/v1/detections/score?from=yesterday", "from"));
    cases.add(get("/api/v1/detections/score?buckets=0", "buckets"));
    cases.add(get("/api/v1/detections/score?buckets=49", "buckets"));
    cases.add(get("/api/v1/detections/score?graceSeconds=-1", "graceSeconds"));
    cases.add(get("/api/v1/detections/score?graceSeconds=3601", "graceSeconds"));
    cases.add(get("/api/v1/detections/score?rule=ip_login_failures", "rule"));
    cases.add(handlerOnly("/api/v1/detections/score?range=1h&from=" + FROM, "range"));
    cases.add(handlerOnly("/api/v1/detections/score?from=" + TO + "&to=" + FROM, "to"));
    cases.add(handlerOnly("/api/v1/detections/score?from=2026-11-17T10:59:59Z&to=" + TO, "from"));
    cases.add(get("/api/v1/stream/detections?kind=host", "kind"));
    cases.add(get("/api/v1/stream/detections?mode=all", "mode"));
    cases.add(get("/api/v1/stream/detections?severity=high", "severity"));
    cases.add(get("/api/v1/labels?kind=table", "kind"));
    cases.add(get("/api/v1/labels?label=Bad%20Label", "label"));
    cases.add(get("/api/v1/labels?includeExpired=yes", "includeExpired"));
    cases.add(get("/api/v1/labels?history=1", "history"));
    cases.add(get("/api/v1/labels?limit=0", "limit"));
    cases.add(get("/api/v1/labels?connotation=bad", "connotation"));
    cases.add(handlerOnly("/api/v1/labels?value=198.51.100.7", "kind"));
    cases.add(handlerOnly("/api/v1/labels?kind=ip&history=true", "history"));
    cases.add(handlerOnly("/api/v1/labels?kind=email&value=198.51.100.7", "value"));
    String label = "{\"kind\": \"ip\", \"value\": \"203.0.113.9\", \"label\": \"abuse_source\", \"connotation\": \"bad\", "
      + "\"reason\": \"stuffing\", \"by\": \"ana\"";
    cases.add(labelCase(label.replace(", \"by\": \"ana\"", "") + "}", "by"));
    cases.add(labelCase(label.replace("\"connotation\": \"bad\"", "\"connotation\": \"evil\"") + "}", "connotation"));
    cases.add(labelCase(label.replace("\"kind\": \"ip\"", "\"kind\": \"host\"") + "}", "kind"));
    cases.add(labelCase(label.replace("abuse_source", "Abuse Source") + "}", "label"));
    cases.add(labelCase(label.replace("\"reason\": \"stuffing\"", "\"reason\": \"\"") + "}", "reason"));
    cases.add(labelCase(label + ", \"expiresInSeconds\": 0}", "expiresInSeconds"));
    cases.add(labelCase(label + ", \"expiresInSeconds\": 1.5}", "expiresInSeconds"));
    cases.add(labelCase(label + ", \"expiresAt\": \"tomorrow\"}", "expiresAt"));
    cases.add(labelCase(label + ", \"severity\": \"high\"}", "severity"));
    cases.add(labelCase(label.replace("\"reason\": \"stuffing\"", "\"reason\": \"" + "x".repeat(1001) + "\"") + "}",
      "reason"));
    cases.add(labelCase(label.replace("\"by\": \"ana\"", "\"by\": null") + "}", "by"));
    cases.add(labelCase(label.replace("\"by\": \"ana\"", "\"by\": 5") + "}", "by"));
    cases.add(new Case("POST", "/api/v1/labels", "[]", "application/json", "body", "body"));
    cases.add(new Case("POST", "/api/v1/labels", label.replace("203.0.113.9", "ana@example.org") + "}", "application/json",
      null, "value"));
    cases.add(new Case("POST", "/api/v1/labels", label.replace("\"reason\": \"stuffing\"", "\"reason\": \"   \"") + "}",
      "application/json", null, "reason"));
    cases.add(new Case("POST", "/api/v1/labels", label + ", \"expiresInSeconds\": 60, \"expiresAt\": \"2099-01-01T00:00Z\"}",
      "application/json", null, "expiresAt"));
    cases.add(new Case("POST", "/api/v1/labels", label + ", \"expiresAt\": \"2020-01-01T00:00:00Z\"}", "application/json",
      null, "expiresAt"));
    cases.add(new Case("DELETE", "/api/v1/labels/host/x/abuse_source?reason=r&by=b", null, null, "kind", "kind"));
    cases.add(new Case("DELETE", "/api/v1/labels/ip/198.51.100.7/Abuse?reason=r&by=b", null, null, "label", "label"));
    cases.add(new Case("DELETE", "/api/v1/labels/ip/198.51.100.7/abuse_source?reason=r&by=b&force=1", null, null, "force",
      "force"));
    cases.add(new Case("DELETE", "/api/v1/labels/ip/198.51.100.7/abuse_source?by=b", null, null, null, "reason"));
    cases.add(new Case("DELETE", "/api/v1/labels/user/198.51.100.7/abuse_source?reason=r&by=b", null, null, null, "value"));
    cases.add(get("/api/v1/verdicts/host/x", "kind"));
    cases.add(get("/api/v1/backtests/not-a-backtest", "id"));
    cases.add(get("/api/v1/backtests/" + UUID + "?full=1", "full"));
    cases.add(get("/api/v1/verdicts/ip/198.51.100.7?explain=1", "explain"));
    cases.add(handlerOnly("/api/v1/verdicts/stream/198.51.100.7", "value"));
    cases.add(handlerOnly("/api/v1/verdicts/user/ana@example.org", "value"));
    return cases;
  }

  private static Case labelCase(String body, String field) {
    return new Case("POST", "/api/v1/labels", body, "application/json", field, field);
  }

  // ---- the tests

  @Test
  void whatTheCodeAcceptsTheContractAccepts() {
    List<Case> cases = accepted();
    assertTrue(cases.size() > 100, "cases: " + cases.size());
    assertAll(cases.stream().map(c -> () -> {
      HttpResponse<Buffer> response = send(c);
      assertEquals("accepted", response.getHeader(VERDICT), c + ": the handlers' own checks accept it");
      assertEquals(200, response.statusCode(), c + " → " + response.bodyAsString());
    }));
  }

  @Test
  void whatTheContractRefusesNamesTheFieldAndNeverReachesTheHandler() {
    List<Case> cases = refused();
    assertAll(cases.stream().map(c -> () -> {
      HttpResponse<Buffer> response = send(c);
      if (c.contract() == null) {
        assertEquals(200, response.statusCode(), c + ": a check the contract leaves to the handler → "
          + response.bodyAsString());
        assertEquals("refused:" + c.handlers(), response.getHeader(VERDICT), c + ": what the handler's own check says");
        return;
      }
      assertEquals(null, response.getHeader(VERDICT), c + ": the handler never sees what the contract refuses");
      assertEquals(400, response.statusCode(), c + " → " + response.bodyAsString());
      JsonObject error = response.bodyAsJsonObject();
      assertEquals("bad_request", error.getString("error"), c.toString());
      assertEquals(c.contract(), error.getString("field"), c + " → " + error.encode());
      String message = error.getString("message");
      assertTrue(message.startsWith(c.contract() + ": "), c + " → " + message);
      for (String jargon : List.of("Instance", "schema", "#/", "$ref", "Exception", "\tat ", "additional properties")) {
        assertFalse(message.contains(jargon), c + ": '" + message + "' is not in plain words");
      }
      assertTrue(message.length() < 400, message);
    }));
  }

  /** The refusals of a search that SearchRequest once made itself, each now the contract's, before the handler. */
  @ParameterizedTest(name = "{0} is refused, naming {1}")
  @CsvSource(delimiter = '|', value = {
    "[]                                                          | body",
    "{\"filter\": \"type = x\"}                                   | filter",
    "{\"q\": 5}                                                  | q",
    "{\"filters\": \"type = account_activity\"}                  | filters",
    "{\"filters\": {\"raw\": \"1 = 1\"}}                          | filters.raw",
    "{\"filters\": {\"type\": [\"account_activity\\\" OR type EXISTS\"]}} | filters.type[0]",
    "{\"filters\": {\"type\": \"account_activity\"}}              | filters.type",
    "{\"filters\": {\"from\": \"yesterday\"}}                     | filters.from",
    "{\"filters\": {\"success\": \"true\"}}                       | filters.success",
    "{\"filters\": {\"action\": [\"login OR 1\"]}}                | filters.action[0]",
    "{\"filters\": {\"method\": [\"get\"]}}                       | filters.method[0]",
    "{\"filters\": {\"status\": [{\"min\": 99}]}}                 | filters.status[0].min",
    "{\"filters\": {\"status\": [{\"min\": \"500 OR 1=1\"}]}}     | filters.status[0].min",
    "{\"filters\": {\"status\": [500]}}                          | filters.status[0]",
    "{\"filters\": {\"bounceType\": [\"hard\", \"x\"]}}          | filters.bounceType[1]",
    "{\"filters\": {\"country\": [\"US' OR 1=1\"]}}               | filters.country[0]",
    "{\"filters\": {\"ip\": \"10.0.0.1 OR userId EXISTS\"}}       | filters.ip",
    "{\"filters\": {\"ip\": \"example.org\"}}                     | filters.ip",
    "{\"filters\": {\"userId\": \"42\"}}                          | filters.userId",
    "{\"filters\": {\"email\": \"x\\\" OR type EXISTS\"}}         | filters.email",
    "{\"sort\": \"timestamp:desc, userId:asc\"}                  | sort",
    "{\"sort\": \"userId:asc\"}                                  | sort",
    "{\"page\": 0}                                               | page",
    "{\"page\": \"2\"}                                           | page",
    "{\"page\": 1.5}                                             | page",
    "{\"limit\": 101}                                            | limit",
    "{\"facets\": [\"*\"]}                                       | facets[0]",
    "{\"facets\": [\"userId\"]}                                  | facets[0]",
  })
  void searchRefusalsNameTheFieldBeforeTheHandler(String json, String field) {
    HttpResponse<Buffer> response = send(search(json, field));
    assertEquals(400, response.statusCode(), json + " → " + response.bodyAsString());
    assertEquals(field, response.bodyAsJsonObject().getString("field"), response.bodyAsString());
    assertTrue(response.bodyAsJsonObject().getString("message").startsWith(field + ": "), response.bodyAsString());
    assertEquals(null, response.getHeader(VERDICT), json + ": the handler never sees it");
  }

  @Test
  void refusalsSayWhatIsWrong() {
    Map<Case, String> messages = Map.of(
      search("{\"limit\": 101}", "limit"), "limit: expected an integer from 1 to 100, got 101",
      search("{\"filters\": {\"from\": \"yesterday\"}}", "filters.from"),
      "filters.from: 'yesterday' is not an ISO-8601 instant with an offset in the years 1970 to 2099, like "
        + "2026-11-24T10:00:00Z",
      search("{\"filters\": {\"status\": [{\"min\": 99}]}}", "filters.status[0].min"),
      "filters.status[0].min: expected an integer from 100 to 599, got 99",
      search("{\"filters\": {\"raw\": 1}}", "filters.raw"), "filters.raw: unknown field; known fields are action, asn, "
        + "bounceType, country, email, from, hosting, ip, method, prefix, status, success, to, type, userId",
      search("{\"page\": \"2\"}", "page"), "page: expected an integer from 1 to 10000, got the string '2'",
      get("/api/v1/entities/table/events", "kind"), "kind: 'table' is not one of user, ip, email, asn, prefix",
      get("/api/v1/suspicious?limit=0", "limit"), "limit: expected an integer from 1 to 200, got 0",
      get("/api/v1/metrics/timeseries?range=1h&step=90", "step"), "step: expected a multiple of 60 from 60 to 86400, got 90",
      get("/api/v1/export/events?to=" + TO, "from"),
      "from: required: an ISO-8601 instant with an offset in the years 1970 to 2099, like 2026-11-24T10:00:00Z",
      attack("{}", "mode"), "mode: required: one of on, off, auto");
    assertAll(messages.entrySet().stream().map(expected -> () ->
      assertEquals(expected.getValue(), send(expected.getKey()).bodyAsJsonObject().getString("message"),
        expected.getKey().toString())));
    assertEquals("type: unknown query parameter; known: from, range, scenario, to",
      send(get("/api/v1/attacks?range=1h&type=x", "type")).bodyAsJsonObject().getString("message"));
  }

  @Test
  void aBodyOverTheLimitIsStill413AndTheDocumentIsServedAsItIs() throws Exception {
    HttpResponse<Buffer> tooLarge = send(search(new JsonObject().put("q", "x".repeat(70_000)), "body"));
    assertEquals(413, tooLarge.statusCode());
    assertEquals("body", tooLarge.bodyAsJsonObject().getString("field"));
    HttpResponse<Buffer> document = send(get("/api/v1/openapi.yaml"));
    assertEquals(200, document.statusCode());
    assertTrue(document.getHeader("Content-Type").startsWith("application/yaml"));
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(ApiContract.RESOURCE)) {
      assertArrayEquals(in.readAllBytes(), document.body().getBytes());
    }
    assertEquals(404, send(get("/api/v1/nothing-here")).statusCode());
  }

  @Test
  void checkRefusesInsideAHandlerAsTheValidatorDoes(VertxTestContext testContext) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    List<String> seen = new ArrayList<>();
    router.post("/api/v1/generator/attack").handler(ctx -> {
      contract.check(ctx, "setAttackMode").onComplete(checked -> {
        if (checked.succeeded()) {
          seen.add("accepted");
          ctx.response().end();
        } else {
          seen.add(((BadRequest) checked.cause()).field());
          ctx.response().setStatusCode(400).end();
        }
      });
    });
    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
      .compose(local -> {
        Future<?> posted = Future.succeededFuture();
        for (String body : List.of("{\"mode\": \"on\"}", "{\"mode\": \"up\"}", "{\"speed\": 1}")) {
          posted = posted.compose(previous -> client.post(local.actualPort(), "127.0.0.1", "/api/v1/generator/attack")
            .sendBuffer(Buffer.buffer(body)));
        }
        return posted.eventually(local::close);
      })
      .onComplete(testContext.succeeding(posted -> testContext.verify(() -> {
        assertEquals(List.of("accepted", "mode", "speed"), seen);
        testContext.completeNow();
      })));
  }

  /**
   * {@code POST /api/v1/session} against the real {@code AccessRoutes} with keys configured: the contract, checked
   * just before it, accepts whatever it accepts, and refuses only what it refuses. Where both refuse the handler names
   * {@code apiKey} for every wrong shape, the contract the field at fault. With no keys configured the handler answers
   * 200 to any body, so the contract is to be checked only when keys are required.
   */
  @Test
  void sessionsAgreeWithTheAccessRoutesWhenKeysAreConfigured() throws Exception {
    String key = "0123456789abcdef0123";
    Map<String, String[]> cases = new java.util.LinkedHashMap<>();
    // body → {the handler's status and field, the contract's verdict}
    cases.put("{\"apiKey\": \"" + key + "\"}", new String[]{"200", null, "accepted"});
    cases.put("{\"apiKey\": \"not-a-key-of-this-service\"}", new String[]{"401", "apiKey", "accepted"});
    cases.put("{\"apiKey\": \"short\"}", new String[]{"401", "apiKey", "accepted"});
    cases.put("{}", new String[]{"400", "apiKey", "refused:apiKey"});
    cases.put("{\"apiKey\": 5}", new String[]{"400", "apiKey", "refused:apiKey"});
    cases.put("{\"apiKey\": null}", new String[]{"400", "apiKey", "refused:apiKey"});
    cases.put("{\"apiKey\": \"" + key + "\", \"user\": \"x\"}", new String[]{"400", "apiKey", "refused:user"});
    cases.put("", new String[]{"400", "apiKey", "refused:body"});
    cases.put("[]", new String[]{"400", "body", "refused:body"});
    cases.put("apiKey=" + key, new String[]{"400", "body", "refused:body"});
    for (boolean configured : List.of(true, false)) {
      Router router = Router.router(vertx);
      router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(65_536));
      router.post("/api/v1/session").handler(ctx -> {
        contract.check(ctx, "openSession").onComplete(checked -> {
          String said = checked.succeeded() ? "accepted" : "refused:" + ((BadRequest) checked.cause()).field();
          ctx.addHeadersEndHandler(v -> ctx.response().putHeader("X-Contract-Verdict", said));
          ctx.next();
        });
      });
      new io.tspipe.web.access.AccessRoutes(io.tspipe.web.access.ApiKeys.parse(configured ? "dashboard:" + key : ""),
        java.time.Duration.ofHours(1), 65_536).mount(router);
      router.route().failureHandler(ApiValidationTest::failed);
      HttpServer local = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
      try {
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
          HttpResponse<Buffer> response = client.post(local.actualPort(), "127.0.0.1", "/api/v1/session")
            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(c.getKey())).await(30, TimeUnit.SECONDS);
          String[] expected = c.getValue();
          assertEquals(expected[2], response.getHeader("X-Contract-Verdict"), c.getKey());
          if (configured) {
            assertEquals(Integer.parseInt(expected[0]), response.statusCode(), c.getKey() + " → " + response.bodyAsString());
            assertEquals(expected[1], response.statusCode() == 200 ? null : response.bodyAsJsonObject().getString("field"),
              c.getKey());
            if (response.statusCode() != 400) {
              assertEquals("accepted", response.getHeader("X-Contract-Verdict"), c.getKey() + ": the handler took it");
            }
          } else {
            assertEquals(200, response.statusCode(), c.getKey());
            assertEquals(new JsonObject().put("required", false), response.bodyAsJsonObject(), c.getKey());
          }
        }
      } finally {
        local.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  // ---- generated from the document: every text and every instant a client can send

  /** Text that is not well-formed Unicode: unpaired surrogates, high and low, alone, reversed, after a pair. */
  static final List<String> ILL_FORMED_TEXT = List.of("\ud800", "a\udc00b", "\udbff", "x\udc00\ud800", "\ud83d\ude00\ud83d");
  /** Well-formed text outside ASCII, which no check of well-formedness may refuse. */
  static final List<String> WELL_FORMED_TEXT = List.of("\u00e9", "\ud83d\ude00", "\ufffd", "a\ud83d\ude00b");
  /**
   * Percent-escapes that are not UTF-8: a lone surrogate's bytes (high, low, a pair as CESU-8 spells it), a stray byte,
   * a cut sequence, an overlong slash, a code point past U+10FFFF.
   */
  static final List<String> ILL_FORMED_ESCAPES = List.of("%ED%A0%80", "a%ED%B0%80b", "%ED%A0%80%ED%B0%80", "x%FF", "%C3",
    "%C0%AF", "%F4%90%80%80");
  /** Percent-escapes of well-formed UTF-8 outside ASCII. */
  static final List<String> WELL_FORMED_ESCAPES = List.of("%C3%A9", "%F0%9F%98%80", "%EF%BF%BD");
  /** Instants outside the years 1970 to 2099 in UTC, in every shape OffsetDateTime reads, and two it does not. */
  static final List<String> OUT_OF_RANGE_INSTANTS = List.of("+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2100-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    "+999999999-12-31T23:59:59-18:00", "-999999999-01-01T00:00:00+18:00", "1970-01-01T00:30:00+01:00",
    "2099-12-31T23:30:00-01:00", "1970-01-01T00:00:00+00:00:01", "+2026-11-24T10:00:00Z", "1968-12-31T23:59:59Z",
    "2101-01-01T00:00:00Z");
  /** The first and last instants taken, as a start of a window and as its end (a partner half an hour away). */
  static final List<String> FIRST_INSTANTS_TAKEN = List.of("1970-01-01T00:00:00Z", "1970-01-01T01:00:00+01:00",
    "1969-12-31T23:00:00-01:00", "2099-12-31T23:00:00Z");
  static final List<String> LAST_INSTANTS_TAKEN = List.of("2099-12-31T23:59:59.999Z", "2099-12-31T22:59:59-01:00",
    "2100-01-01T00:59:59+01:00", "1970-01-01T01:00:00Z");
  /** {@code text} as a refusal names it: every unpaired surrogate shown as U+FFFD. */
  static String printable(String text) {
    // code points: a pair is one supplementary code point, an unpaired surrogate stays a code point of its own
    return text.codePoints().map(point -> point >= 0xD800 && point <= 0xDFFF ? 0xFFFD : point)
      .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  static boolean wellFormed(String text) {
    return printable(text).equals(text);
  }

  private static HttpResponse<Buffer> send(String method, String uri, Buffer body) {
    HttpRequest<Buffer> request = client.request(HttpMethod.valueOf(method), server.actualPort(), "127.0.0.1", uri);
    try {
      return (body == null ? request.send() : request.putHeader("Content-Type", "application/json").sendBuffer(body))
        .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return fail(method + " " + uri + " got no answer: " + e);
    }
  }

  private static void assertRefused(String what, HttpResponse<Buffer> response, String field, String says) {
    assertEquals(400, response.statusCode(), what + " → " + response.bodyAsString());
    JsonObject error = response.bodyAsJsonObject();
    assertEquals("bad_request", error.getString("error"), what);
    assertEquals(field, error.getString("field"), what + " → " + error.encode());
    assertTrue(error.getString("message").startsWith(field + ": ") && error.getString("message").contains(says),
      what + " → " + error.getString("message"));
    assertTrue(wellFormed(error.getString("message")), what + ": the refusal itself is well-formed");
  }

  /** Not refused for its text: any refusal of the same field is about something else (a UUID's shape, an enum). */
  private static void assertNotRefusedForItsText(String what, HttpResponse<Buffer> response, String field, String says) {
    assertTrue(response.statusCode() < 500, what + " → " + response.statusCode());
    if (response.statusCode() == 400 && field.equals(response.bodyAsJsonObject().getString("field"))) {
      assertFalse(response.bodyAsJsonObject().getString("message").contains(says), what + " → " + response.bodyAsString());
    }
  }

  @Test
  void illFormedTextIsRefusedWhereverItIsPutNamingItsField() {
    ContractCases cases = new ContractCases(contract.json());
    List<ContractCases.Slot> slots = cases.textSlots();
    assertTrue(slots.stream().map(ContractCases.Slot::in).collect(java.util.stream.Collectors.toSet())
      .containsAll(Set.of(ContractCases.In.values())), "the document has slots of every kind: " + slots);
    List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
    for (ContractCases.Slot slot : slots) {
      switch (slot.in()) {
        case QUERY, PATH -> {
          for (String escapes : ILL_FORMED_ESCAPES) {
            String uri = cases.uri(slot, Map.of(slot.name(), escapes));
            checks.add(() -> assertRefused(slot + " = " + escapes, send(slot.method(), uri, null), slot.name(), "UTF-8"));
          }
          for (String escapes : WELL_FORMED_ESCAPES) {
            String uri = cases.uri(slot, Map.of(slot.name(), escapes));
            checks.add(() -> assertNotRefusedForItsText(slot + " = " + escapes, send(slot.method(), uri, null),
              slot.name(), "UTF-8"));
          }
          if (slot.in() == ContractCases.In.QUERY) {
            String uri = cases.uri(slot, Map.of("%ED%A0%80", "1"));
            checks.add(() -> {
              HttpResponse<Buffer> response = send(slot.method(), uri, null);
              assertEquals(400, response.statusCode(), uri + " → " + response.bodyAsString());
              assertTrue(wellFormed(response.bodyAsJsonObject().getString("field")), uri);
              assertTrue(response.bodyAsJsonObject().getString("message").contains("UTF-8"), uri);
            });
          }
        }
        case BODY, BODY_KEY -> {
          for (String text : ILL_FORMED_TEXT) {
            for (boolean rawBytes : List.of(false, true)) {
              Buffer body = cases.body(slot, ContractCases.jsonString(text, rawBytes));
              String field = slot.field(printable(text));
              String what = slot + " = " + body.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
              checks.add(() -> {
                HttpResponse<Buffer> response = send(slot.method(), slot.path(), body);
                assertRefused(what, response, field, "not well-formed Unicode");
                assertEquals(null, response.getHeader(VERDICT), what + ": the handler never sees it");
              });
            }
          }
          for (String text : WELL_FORMED_TEXT) {
            Buffer body = cases.body(slot, ContractCases.jsonString(text, false));
            checks.add(() -> assertNotRefusedForItsText(slot + " = " + text, send(slot.method(), slot.path(), body),
              slot.field(text), "Unicode"));
          }
        }
      }
    }
    assertTrue(checks.size() > 300, "cases: " + checks.size());
    assertAll(checks);
  }

  @Test
  void instantsOutsideTheYearsTheApiTakesAreRefusedNamingTheParameter() {
    ContractCases cases = new ContractCases(contract.json());
    List<ContractCases.Slot> slots = cases.instantSlots();
    assertEquals(Set.of("exportEvents", "listSuspiciousEntities", "getKpis", "getTimeSeries", "getQuality", "getLedger",
        "listAttackWindows", "searchEvents", "listDetections", "scoreDetections", "startBacktest"), slots.stream().map(ContractCases.Slot::operationId)
        .collect(java.util.stream.Collectors.toSet()), "every operation taking instants: " + slots);
    Pattern pattern = Pattern.compile(slots.get(0).schema().getString("pattern"));
    List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
    for (ContractCases.Slot slot : slots) {
      List<ContractCases.Slot> partners = slot.in() == ContractCases.In.QUERY ? cases.partners(slot) : List.of();
      boolean first = partners.stream().allMatch(partner -> cases.before(slot, partner));
      for (String instant : OUT_OF_RANGE_INSTANTS) {
        HttpResponse<Buffer>[] answer = new HttpResponse[1];
        checks.add(() -> {
          answer[0] = send(cases, slot, partners, instant, first ? "2026-11-24T11:00:00Z" : "2026-11-24T10:00:00Z");
          String what = slot + " = " + instant;
          if (pattern.matcher(instant).find()) {
            // a four-digit year in range whose offset moves it out: the handlers' check alone
            assertEquals("refused:" + slot.name(), answer[0].getHeader(VERDICT), what + ": the handlers refuse it");
            assertEquals(200, answer[0].statusCode(), what + " → " + answer[0].bodyAsString());
          } else {
            assertRefused(what, answer[0], slot.name(), "");
          }
        });
      }
      for (String instant : first ? FIRST_INSTANTS_TAKEN : LAST_INSTANTS_TAKEN) {
        String partner = java.time.OffsetDateTime.parse(instant).toInstant()
          .plus(Duration.ofMinutes(first ? 30 : -30)).toString();
        checks.add(() -> {
          HttpResponse<Buffer> response = send(cases, slot, partners, instant, partner);
          if (!ContractCases.SPAN_LIMITED_BODIES.contains(slot.operationId())) {
            assertEquals("accepted", response.getHeader(VERDICT), slot + " = " + instant);
          }
          assertEquals(200, response.statusCode(), slot + " = " + instant + " → " + response.bodyAsString());
        });
      }
    }
    assertTrue(pattern.matcher("1970-01-01T00:30:00+01:00").find(), "an offset moves an instant of the pattern out");
    for (String shape : List.of("+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
      "1968-12-31T23:59:59.999Z", "2101-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+2026-11-24T10:00:00Z")) {
      assertFalse(pattern.matcher(shape).find(), shape + " is refused by the contract itself");
    }
    assertAll(checks);
  }

  /** {@code slot} set to {@code instant}, and its partner (the other end of the window) to {@code partnerInstant}. */
  private static HttpResponse<Buffer> send(ContractCases cases, ContractCases.Slot slot, List<ContractCases.Slot> partners,
                                           String instant, String partnerInstant) {
    if (slot.in() == ContractCases.In.BODY) {
      return send(slot.method(), slot.path(), cases.body(slot, ContractCases.jsonString(instant, false)));
    }
    Map<String, String> query = new java.util.LinkedHashMap<>();
    query.put(slot.name(), encode(instant));
    partners.forEach(partner -> query.put(partner.name(), encode(partnerInstant)));
    return send(slot.method(), cases.uri(slot, query), null);
  }

  private static HttpResponse<Buffer> send(Case c) {
    HttpRequest<Buffer> request = client.request(HttpMethod.valueOf(c.method()), server.actualPort(), "127.0.0.1", c.uri());
    if (c.contentType() != null) {
      request.putHeader("Content-Type", c.contentType());
    }
    try {
      return (c.body() == null ? request.send() : request.sendBuffer(Buffer.buffer(c.body()))).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return fail(c + " got no answer: " + e);
    }
  }
}
