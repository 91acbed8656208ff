package io.tspipe.sink.search;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Set;

/**
 * A non-blocking client of Meilisearch's HTTP API. Writes are asynchronous tasks in Meilisearch: every write here
 * answers the task's uid, and {@link #awaitTask} tells whether it succeeded.
 */
public final class MeilisearchClient {

  private static final long TASK_POLL_MS = 25;
  /** Error codes of the index or the key, never of what a document holds. */
  private static final Set<String> NOT_CONTENT_ERRORS = Set.of("index_not_found", "invalid_index_uid",
    "invalid_api_key", "missing_authorization_header", "missing_master_key", "index_already_exists",
    "no_space_left_on_device", "database_size_limit_reached", "too_many_open_files", "io_error",
    "task_not_found", "too_many_search_requests");

  private final Vertx vertx;
  private final WebClient http;
  private final SearchSettings settings;
  private final String endpoint;
  private final String key;

  public MeilisearchClient(Vertx vertx, SearchSettings settings, String key) {
    this.vertx = vertx;
    this.settings = settings;
    this.key = key;
    this.endpoint = settings.url().toString().replaceAll("/+$", "");
    this.http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(4));
  }

  public Future<Void> health() {
    return health(settings.requestTimeoutMs());
  }

  /** {@code GET /health}, which needs no key, abandoned when no answer comes within {@code timeoutMs}. */
  public Future<Void> health(long timeoutMs) {
    return request(HttpMethod.GET, "/health").timeout(timeoutMs).send().compose(MeilisearchClient::checked).mapEmpty();
  }

  /** Creates the index with primary key {@code id}; an index that already exists is fine. */
  public Future<Void> createIndex(String primaryKey) {
    return request(HttpMethod.POST, "/indexes")
      .sendJsonObject(new JsonObject().put("uid", settings.index()).put("primaryKey", primaryKey))
      .compose(MeilisearchClient::checked)
      .compose(this::awaitTaskOf)
      .recover(failure -> failure instanceof MeilisearchException error && error.code().equals("index_already_exists")
        ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  public Future<Void> updateSettings(JsonObject indexSettings) {
    return request(HttpMethod.PATCH, "/indexes/" + settings.index() + "/settings")
      .sendJsonObject(indexSettings)
      .compose(MeilisearchClient::checked)
      .compose(this::awaitTaskOf);
  }

  /** Adds or replaces documents (NDJSON, one per line) by primary key, and waits until the task has succeeded. */
  public Future<Void> upsertDocuments(Buffer ndjson) {
    return request(HttpMethod.POST, "/indexes/" + settings.index() + "/documents")
      .putHeader("Content-Type", "application/x-ndjson")
      .sendBuffer(ndjson)
      .compose(MeilisearchClient::checked)
      .compose(this::awaitTaskOf);
  }

  /** Deletes the documents matching a filter built by the caller from trusted values, and waits for it. */
  public Future<Void> deleteDocuments(String filter) {
    return request(HttpMethod.POST, "/indexes/" + settings.index() + "/documents/delete")
      .sendJsonObject(new JsonObject().put("filter", filter))
      .compose(MeilisearchClient::checked)
      .compose(this::awaitTaskOf);
  }

  /**
   * Makes sure the key {@code uid} exists, allowed only to search this index, and answers its value. Meilisearch
   * derives a key's value from its uid and the master key, so the value is stable across restarts and recreation;
   * a key under that uid with other rights is deleted and made anew. Needs the master key.
   */
  public Future<String> ensureSearchKey(String uid) {
    JsonArray actions = new JsonArray().add("search");
    JsonArray indexes = new JsonArray().add(settings.index());
    return request(HttpMethod.GET, "/keys/" + uid).send()
      .compose(response -> {
        if (response.statusCode() == 404) {
          return createSearchKey(uid, actions, indexes);
        }
        return checked(response).compose(found -> {
          JsonObject key = found.bodyAsJsonObject();
          if (actions.equals(key.getJsonArray("actions")) && indexes.equals(key.getJsonArray("indexes"))
            && key.getValue("expiresAt") == null) {
            return Future.succeededFuture(key.getString("key"));
          }
          return request(HttpMethod.DELETE, "/keys/" + uid).send()
            .compose(MeilisearchClient::checked)
            .compose(deleted -> createSearchKey(uid, actions, indexes));
        });
      });
  }

  private Future<String> createSearchKey(String uid, JsonArray actions, JsonArray indexes) {
    return request(HttpMethod.POST, "/keys")
      .sendJsonObject(new JsonObject()
        .put("uid", uid)
        .put("name", "tspipe search: " + settings.index())
        .put("description", "Search-only key of the tspipe web role, for index " + settings.index())
        .put("actions", actions)
        .put("indexes", indexes)
        .putNull("expiresAt"))
      .compose(MeilisearchClient::checked)
      .map(created -> created.bodyAsJsonObject().getString("key"));
  }

  public Future<JsonObject> search(JsonObject query) {
    return request(HttpMethod.POST, "/indexes/" + settings.index() + "/search")
      .sendJsonObject(query)
      .compose(MeilisearchClient::checked)
      .map(HttpResponse::bodyAsJsonObject);
  }

  /** How many documents the index holds, exactly (a search's total is capped by {@code maxTotalHits}). */
  public Future<Long> documentCount() {
    return stats().map(stats -> stats.getLong("numberOfDocuments"));
  }

  /** The index's statistics: {@code numberOfDocuments}, and {@code fieldDistribution}, the documents per attribute. */
  public Future<JsonObject> stats() {
    return request(HttpMethod.GET, "/indexes/" + settings.index() + "/stats").send()
      .compose(MeilisearchClient::checked)
      .map(HttpResponse::bodyAsJsonObject);
  }

  /** The document whose primary key is {@code id}, or null when the index holds none. */
  public Future<JsonObject> document(String id) {
    return request(HttpMethod.GET, "/indexes/" + settings.index() + "/documents/"
        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)).send()
      .compose(response -> response.statusCode() == 404 ? Future.succeededFuture(null)
        : checked(response).map(HttpResponse::bodyAsJsonObject));
  }

  /** A page of the index's documents in Meilisearch's own order: {@code results}, {@code offset}, {@code total}. */
  public Future<JsonObject> documents(int offset, int limit) {
    return request(HttpMethod.GET, "/indexes/" + settings.index() + "/documents")
      .addQueryParam("offset", Integer.toString(offset))
      .addQueryParam("limit", Integer.toString(limit))
      .send()
      .compose(MeilisearchClient::checked)
      .map(HttpResponse::bodyAsJsonObject);
  }

  private Future<Void> awaitTaskOf(HttpResponse<Buffer> accepted) {
    return awaitTask(accepted.bodyAsJsonObject().getLong("taskUid"));
  }

  /** Polls a task until it has succeeded; fails with Meilisearch's own error when it failed or was canceled. */
  public Future<Void> awaitTask(long taskUid) {
    Promise<Void> done = Promise.promise();
    pollTask(taskUid, done);
    return done.future();
  }

  private void pollTask(long taskUid, Promise<Void> done) {
    request(HttpMethod.GET, "/tasks/" + taskUid).send()
      .compose(MeilisearchClient::checked)
      .map(HttpResponse::bodyAsJsonObject)
      .onFailure(done::fail)
      .onSuccess(task -> {
        switch (task.getString("status")) {
          case "succeeded" -> done.complete();
          case "failed" -> {
            JsonObject error = task.getJsonObject("error", new JsonObject());
            done.fail(MeilisearchException.failedTask(error.getString("code", "failed"),
              "task " + taskUid + " failed: " + error.getString("message", "")));
          }
          case "canceled" -> done.fail(new MeilisearchException(200, "canceled", "task " + taskUid + " was canceled"));
          default -> vertx.setTimer(TASK_POLL_MS, id -> pollTask(taskUid, done));
        }
      });
  }

  /**
   * Whether {@code failure} is Meilisearch refusing what a write held, not being unable to take it: a failed task
   * (Meilisearch reports some refusals of a document's content, such as a bad escape, as {@code internal}), or a
   * request refused with a 4xx other than a timeout or throttling; but never a missing index or a refused key, which
   * no document causes.
   */
  public static boolean isRefusalOfContent(Throwable failure) {
    if (!(failure instanceof MeilisearchException error) || NOT_CONTENT_ERRORS.contains(error.code())) {
      return false;
    }
    int status = error.httpStatus();
    return error.isFailedTask() || status >= 400 && status < 500 && status != 408 && status != 429;
  }

  public Future<Void> close() {
    http.close();
    return Future.succeededFuture();
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    return http.requestAbs(method, endpoint + path)
      .timeout(settings.requestTimeoutMs())
      .putHeader("Authorization", "Bearer " + key);
  }

  private static Future<HttpResponse<Buffer>> checked(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 200 && response.statusCode() < 300) {
      return Future.succeededFuture(response);
    }
    JsonObject error;
    try {
      error = response.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      error = null;
    }
    String code = error == null ? "" : error.getString("code", "");
    String message = error == null ? String.valueOf(response.bodyAsString()) : error.getString("message", "");
    return Future.failedFuture(new MeilisearchException(response.statusCode(), code, message));
  }
}
