package io.tspipe.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.List;

/**
 * Serves the SPA that the Maven build bundles into the jar's {@code webroot/}. Assets carry a content hash in their
 * names, so they are cached for a year and never revalidated; {@code index.html} names the current ones and is
 * revalidated on every load, so a new build is picked up at the next reload. The app's own paths all answer
 * {@code index.html}, and the app routes itself from the URL.
 */
public final class AppRoutes {

  static final String ROOT = "webroot";
  static final String INDEX = ROOT + "/index.html";
  static final List<String> PAGES = List.of("/", "/search", "/quality", "/detections", "/scoreboard", "/backtests",
    "/backtests/*", "/entity/*");
  private static final int YEAR_SECONDS = 365 * 24 * 3600;

  private AppRoutes() {
  }

  public static void mount(Router router) {
    // the route's prefix is stripped before the file is looked up, so the handler's root is the assets folder itself
    router.get("/assets/*").handler(StaticHandler.create(ROOT + "/assets")
      .setCachingEnabled(true)
      .setMaxAgeSeconds(YEAR_SECONDS)
      .setDirectoryListing(false)
      .setIncludeHidden(false));
    router.get("/assets/*").handler(ctx -> ctx.response().setStatusCode(404).end());
    PAGES.forEach(page -> router.get(page).handler(AppRoutes::index));
  }

  private static void index(RoutingContext ctx) {
    ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader("Referrer-Policy", "same-origin")
      .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
      .sendFile(INDEX)
      .onFailure(missing -> {
        if (!ctx.response().headWritten()) {
          ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end("The dashboard is not in this build: webroot/dist was empty when the jar was made. Build it with "
              + "`mvn package` (without -Dwebroot.skip=true). The API is at /api/v1.\n");
        }
      });
  }
}
