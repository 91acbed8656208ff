package io.tspipe.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Every refusal of the web role is written here: a status and the JSON body the OpenAPI document's {@code Error}
 * schema describes, {@code {"error", "message", "field"?}}, whoever refuses: a handler, the contract's validator, the
 * router (a path it cannot read, no route, another method) or the HTTP layer before any routing (a request line or
 * headers over their limits, a request that is not HTTP/1.x).
 */
public final class Refusal {

  private static final String JSON = "application/json";

  private Refusal() {
  }

  /**
   * The {@code error} of a status the router or the HTTP layer refuses with on its own: {@code bad_request} (400),
   * {@code unauthorized} (401), {@code forbidden} (403), {@code not_found} (404), {@code method_not_allowed} (405),
   * {@code body_too_large} (413), {@code uri_too_long} (414), {@code unsupported_media_type} (415),
   * {@code headers_too_large} (431), {@code internal_error} (5xx), else {@code bad_request}.
   */
  public static String error(int status) {
    return switch (status) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "body_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal_error" : "bad_request";
    };
  }

  /**
   * Answers {@code status} with the body {@code {"error", "message", "field"?}} ({@code field} left out when null);
   * does nothing when the response has begun already (a stream cut off mid-way is reset instead).
   */
  public static Future<Void> send(HttpServerResponse response, int status, String error, String message,
                                  String field) {
    if (response.ended() || response.headWritten()) {
      return Future.succeededFuture();
    }
    JsonObject body = new JsonObject().put("error", error).put("message", message);
    if (field != null) {
      body.put("field", field);
    }
    return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
  }
}
