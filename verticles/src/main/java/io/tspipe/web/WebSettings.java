package io.tspipe.web;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code web} slice of the configuration.
 *
 * @param host               address the HTTP server binds
 * @param port               its port
 * @param instances          event-loop verticles sharing the port
 * @param maxBodyBytes       larger request bodies are refused with 413
 * @param entityRecentEvents how many recent events an entity page lists by default
 * @param entityRelatedLimit how many related entities of each kind it lists
 * @param healthTimeoutMs    how long {@code /health/ready} waits for each engine before reporting it down
 * @param liveTickMs         how often a live metrics tick is computed and sent to SSE subscribers
 * @param liveWindowSeconds  the stretch of most recent data a tick describes
 * @param sseMaxQueuedBytes  an SSE subscriber with more than this unread is dropped
 * @param adminKey           the key that guards the demo attack control; empty closes it
 * @param corsOrigins        origins other than the web role's own whose pages may call the API ({@code *}: any);
 *                           empty allows none, which is the default
 * @param staleAfterSeconds  an event type with no event for this long is reported stale by the quality API
 * @param apiKeys            {@code name:key,name:key}: the API then needs a key or a session; empty leaves it open
 * @param sessionHours       how long a browser session opened with an API key lasts
 * @param verdictRefreshMs   how long after one snapshot of the verdict view ends the next is read from ClickHouse:
 *                           the staleness bound of what reaches it only through ClickHouse (labels written by the
 *                           detector's rules or by another web process)
 * @param verdictMaxRows     the most open live detections, and the most labels in force, the verdict view holds; a
 *                           larger snapshot is not held and verdicts are read from ClickHouse instead
 */
public record WebSettings(String host, int port, int instances, long maxBodyBytes, int entityRecentEvents,
                          int entityRelatedLimit, int healthTimeoutMs, long liveTickMs, int liveWindowSeconds,
                          int sseMaxQueuedBytes, String adminKey, List<String> corsOrigins, int staleAfterSeconds,
                          String apiKeys, int sessionHours, long verdictRefreshMs, int verdictMaxRows) {

  public static WebSettings from(JsonObject web) {
    return new WebSettings(
      web.getString("host"),
      web.getInteger("port"),
      web.getInteger("instances"),
      web.getLong("maxBodyBytes"),
      web.getInteger("entityRecentEvents"),
      web.getInteger("entityRelatedLimit"),
      web.getInteger("healthTimeoutMs"),
      web.getLong("liveTickMs"),
      web.getInteger("liveWindowSeconds"),
      web.getInteger("sseMaxQueuedBytes"),
      web.getString("adminKey"),
      Arrays.stream(web.getString("corsOrigins").split(",")).map(String::trim).filter(origin -> !origin.isEmpty())
        .toList(),
      web.getInteger("staleAfterSeconds"),
      web.getString("apiKeys"),
      web.getInteger("sessionHours"),
      web.getLong("verdictRefreshMs"),
      web.getInteger("verdictMaxRows"));
  }
}
