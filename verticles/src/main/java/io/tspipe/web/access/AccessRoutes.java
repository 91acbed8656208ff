package io.tspipe.web.access;

import io.tspipe.web.BadRequest;
import io.tspipe.web.Refusal;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The API's door when {@code web.apiKeys} is set: {@code POST /api/v1/session} trades a key for a session cookie
 * (for the dashboard, whose {@code EventSource} cannot send headers), {@code DELETE /api/v1/session} ends it, and
 * every other {@code /api/*} request needs a valid {@code X-API-Key} or session cookie, else 401. The client's name
 * is put on the routing context as {@link #CLIENT} for the handlers and the log. With no keys configured every
 * request passes and the session endpoints answer that none is needed.
 */
public final class AccessRoutes {

  public static final String CLIENT = "tspipe.client";

  private final ApiKeys keys;
  private final Duration sessionLength;
  private final long maxBodyBytes;

  public AccessRoutes(ApiKeys keys, Duration sessionLength, long maxBodyBytes) {
    this.keys = keys;
    this.sessionLength = sessionLength;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Mounts the session endpoints, then the check every later {@code /api/*} route sits behind. */
  public void mount(Router router) {
    router.post("/api/v1/session").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::open);
    router.delete("/api/v1/session").handler(this::close);
    router.route("/api/*").handler(this::check);
  }

  private void open(RoutingContext ctx) {
    if (!keys.required()) {
      json(ctx, 200, new JsonObject().put("required", false));
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException notJson) {
      throw new BadRequest("body", "expected a JSON object {\"apiKey\": \"…\"}");
    }
    if (body == null || !(body.getValue("apiKey") instanceof String presented) || body.size() != 1) {
      throw new BadRequest("apiKey", "expected a JSON object with exactly one field, apiKey, a string");
    }
    Optional<String> client = keys.clientOf(presented);
    if (client.isEmpty()) {
      unauthorized(ctx, "apiKey", "that is not an API key of this service");
      return;
    }
    Instant expires = Instant.now().plus(sessionLength);
    ctx.response().addCookie(Cookie.cookie(ApiKeys.COOKIE, keys.session(client.get(), expires.getEpochSecond()))
      .setPath("/api")
      .setHttpOnly(true)
      .setSameSite(CookieSameSite.STRICT)
      .setSecure(secure(ctx))
      .setMaxAge(sessionLength.toSeconds()));
    json(ctx, 200, new JsonObject().put("required", true).put("client", client.get()).put("expiresAt", expires.toString()));
  }

  private void close(RoutingContext ctx) {
    ctx.response().addCookie(Cookie.cookie(ApiKeys.COOKIE, "").setPath("/api").setHttpOnly(true)
      .setSameSite(CookieSameSite.STRICT).setSecure(secure(ctx)).setMaxAge(0));
    json(ctx, 200, new JsonObject().put("required", keys.required()));
  }

  private void check(RoutingContext ctx) {
    if (!keys.required()) {
      ctx.next();
      return;
    }
    Optional<String> client = keys.clientOf(ctx.request().getHeader(ApiKeys.HEADER));
    if (client.isEmpty()) {
      Cookie session = ctx.request().getCookie(ApiKeys.COOKIE);
      client = keys.clientOfSession(session == null ? null : session.getValue(), Instant.now().getEpochSecond());
    }
    if (client.isEmpty()) {
      unauthorized(ctx, ApiKeys.HEADER, "send an API key as " + ApiKeys.HEADER + ", or open a session with POST "
        + "/api/v1/session {\"apiKey\": \"…\"}");
      return;
    }
    ctx.put(CLIENT, client.get());
    ctx.next();
  }

  /** Secure cookies over TLS, here or at a proxy in front that says so. */
  private static boolean secure(RoutingContext ctx) {
    return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
  }

  private static void unauthorized(RoutingContext ctx, String field, String message) {
    Refusal.send(ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store"), 401, "unauthorized", message, field);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.toBuffer());
  }
}
