package io.tspipe.testing;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calls to a running web role from a test: a request with an optional JSON body and admin key, and its answer. */
public final class ApiCalls {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiCalls() {
  }

  /** {@code method} on {@code baseUrl + path}, with {@code body} as JSON and the admin key when given. */
  public static HttpResponse<String> send(String baseUrl, String method, String path, String body, String adminKey)
    throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (adminKey != null) {
      request.header("Authorization", "Bearer " + adminKey);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The answer's JSON body, once its status is {@code expectedStatus}. */
  public static JsonObject body(HttpResponse<String> response, int expectedStatus) {
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }
}
