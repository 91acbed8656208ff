package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** How much the engines hold: events in ClickHouse, documents in the search index. Blocking, over HTTP. */
public final class StoreCounts {

  private final HttpClient http = HttpClient.newHttpClient();
  private final LocalStack.Endpoints endpoints;
  private final String database;
  private final String index;

  StoreCounts(LocalStack.Endpoints endpoints, String database, String index) {
    this.endpoints = endpoints;
    this.database = database;
    this.index = index;
  }

  /** {@code count()} of the events table; 0 while it does not exist yet. */
  public long events() throws IOException, InterruptedException {
    String answer = clickHouse("SELECT count() FROM " + database + ".events");
    return answer == null ? 0 : Long.parseLong(answer.trim());
  }

  /** The answer of {@code sql} in ClickHouse's default format, or null when ClickHouse refuses it (e.g. no table yet). */
  public String clickHouse(String sql) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.clickHouseUrl() + "/?query="
      + URLEncoder.encode(sql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(60)).build(),
      HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? response.body() : null;
  }

  /** The merges ClickHouse is running now ({@code system.merges}); 0 when it does not say. */
  public long mergesRunning() throws IOException, InterruptedException {
    String answer = clickHouse("SELECT count() FROM system.merges");
    return answer == null ? 0 : Long.parseLong(answer.trim());
  }

  /** Runs {@code sql}, a statement answering nothing (an insert); fails with ClickHouse's answer when refused. */
  void clickHouseWrite(String sql) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.clickHouseUrl() + "/"))
      .POST(HttpRequest.BodyPublishers.ofString(sql)).timeout(Duration.ofSeconds(60)).build(),
      HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("ClickHouse refused a write (" + response.statusCode() + "): " + response.body());
    }
  }

  /**
   * Where the detector stands: the newest stored event, as its watermark reads it, and each rule's last evaluated tick
   * ({@code detector_progress}), in epoch milliseconds.
   */
  public record DetectorProgress(long newestEventMillis, Map<String, Long> ruleTicksMillis) {
  }

  /** The detector's progress now; empty while either table is missing or empty. */
  public Optional<DetectorProgress> detectorProgress() throws IOException, InterruptedException {
    String newest = clickHouse("SELECT toUnixTimestamp64Milli(max(last_event_at)) FROM " + database
      + ".events_minute WHERE minute >= now() - INTERVAL 1 HOUR");
    String ticks = clickHouse("SELECT rule, toUnixTimestamp64Milli(max(tick)) FROM " + database
      + ".detector_progress GROUP BY rule");
    if (newest == null || ticks == null) {
      return Optional.empty();
    }
    Map<String, Long> progress = new HashMap<>();
    for (String line : ticks.split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 2) {
        progress.put(fields[0], Long.parseLong(fields[1].trim()));
      }
    }
    return Optional.of(new DetectorProgress(Long.parseLong(newest.trim()), progress));
  }

  /** Documents in the search index, as Meilisearch counts them; 0 while the index does not exist yet. */
  public long documents() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoints.meilisearchUrl() + "/indexes/"
        + index + "/stats")).header("Authorization", "Bearer " + endpoints.masterKey()).timeout(Duration.ofSeconds(30))
      .build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? new JsonObject(response.body()).getLong("numberOfDocuments", 0L) : 0;
  }
}
