package io.tspipe.web;

import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may call the real web role: API keys for services, sessions for the dashboard, CORS for named origins only,
 * and the dashboard's own files served with their caching.
 */
class AccessIT {

  private static final String KEY = "fraud-team-key-0123456789";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName("with API keys set, the API needs a key or a session; health and the dashboard's files do not")
  void keysAndSessions() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-access")) {
      pipeline.config().getJsonObject("web").put("apiKeys", "fraud-team:" + KEY)
        .put("corsOrigins", "https://soc.example.org");
      pipeline.deployWorker();
      String base = pipeline.deployWeb();
      String kpis = base + "/api/v1/metrics/kpis?range=15m";

      HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(kpis)));
      assertEquals(401, none.statusCode(), none.body());
      assertEquals("X-API-Key", new JsonObject(none.body()).getString("field"));
      assertEquals(401, send(HttpRequest.newBuilder(URI.create(kpis)).header("X-API-Key", KEY + "x")).statusCode());
      assertEquals(200, send(HttpRequest.newBuilder(URI.create(kpis)).header("X-API-Key", KEY)).statusCode());
      assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/health/live"))).statusCode());

      HttpResponse<String> wrong = post(base + "/api/v1/session", new JsonObject().put("apiKey", "guess-guess-guess"));
      assertEquals(401, wrong.statusCode());
      assertEquals("apiKey", new JsonObject(wrong.body()).getString("field"));
      assertEquals(400, post(base + "/api/v1/session", new JsonObject().put("key", KEY)).statusCode());
      HttpResponse<String> opened = post(base + "/api/v1/session", new JsonObject().put("apiKey", KEY));
      assertEquals(200, opened.statusCode(), opened.body());
      assertEquals("fraud-team", new JsonObject(opened.body()).getString("client"));
      String setCookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
      String attributes = setCookie.toLowerCase(java.util.Locale.ROOT);
      assertTrue(attributes.contains("; httponly") && attributes.contains("; samesite=strict")
        && attributes.contains("; path=/api"), setCookie);
      Matcher value = Pattern.compile("tspipe_session=([^;]+)").matcher(setCookie);
      assertTrue(value.find(), setCookie);
      String cookie = "tspipe_session=" + value.group(1);
      assertEquals(200, send(HttpRequest.newBuilder(URI.create(kpis)).header("Cookie", cookie)).statusCode());
      HttpResponse<java.io.InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/stream/alerts"))
        .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, stream.statusCode(), "the dashboard's EventSource, which sends only the cookie");
      stream.body().close();
      String tampered = cookie.replaceFirst("\\.(\\d+)\\.", ".9$1.");
      assertEquals(401, send(HttpRequest.newBuilder(URI.create(kpis)).header("Cookie", tampered)).statusCode());

      HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(kpis))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://soc.example.org").header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "X-API-Key"));
      assertEquals("https://soc.example.org", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""),
        "preflight from the configured origin: " + allowed.headers().map());
      HttpResponse<String> foreign = send(HttpRequest.newBuilder(URI.create(kpis)).header("X-API-Key", KEY)
        .header("Origin", "https://evil.example.com"));
      assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), foreign.headers().map().toString());
      assertEquals(403, foreign.statusCode(), "a page from another origin is refused");
    }
  }

  @Test
  @DisplayName("the dashboard: its pages answer index.html revalidated each time; hashed assets are cached for a year")
  void dashboardFiles() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-files")) {
      pipeline.deployWorker();
      String base = pipeline.deployWeb();
      String index = null;
      for (String page : List.of("/", "/search?q=x", "/quality", "/entity/ip/10.0.0.1")) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + page)));
        assertEquals(200, answer.statusCode(), page + " → " + answer.body());
        assertEquals("no-cache", answer.headers().firstValue("Cache-Control").orElse(""), page);
        assertTrue(answer.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        index = answer.body();
      }
      Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
      assertTrue(script.find(), "index.html names its hashed script: " + index);
      HttpResponse<String> asset = send(HttpRequest.newBuilder(URI.create(base + script.group(1))));
      assertEquals(200, asset.statusCode());
      String caching = asset.headers().firstValue("Cache-Control").orElse("");
      assertTrue(caching.contains("max-age=31536000"), caching);
      assertEquals(404, send(HttpRequest.newBuilder(URI.create(base + "/assets/app-missing.js"))).statusCode());
      assertEquals(404, send(HttpRequest.newBuilder(URI.create(base + "/api/v1/nothing"))).statusCode());
      assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/api/v1/metrics/kpis?range=15m"))).statusCode(),
        "no keys configured: the API is open");
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, JsonObject body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }
}
