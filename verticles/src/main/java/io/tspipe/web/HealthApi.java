package io.tspipe.web;

import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.search.MeilisearchClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Liveness and readiness of the web role. Liveness does no I/O: answering at all proves the event loop turns.
 * Readiness asks Kafka, ClickHouse and Meilisearch at once, each bounded by {@code web.healthTimeoutMs}, and
 * remembers nothing between calls, so a recovered engine reads as up on the very next call.
 */
public final class HealthApi {

  private final Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
  private final long timeoutMs;

  public HealthApi(KafkaAdminClient kafka, ClickHouseClient clickHouse, MeilisearchClient meilisearch, Duration timeout) {
    this.timeoutMs = timeout.toMillis();
    checks.put("kafka", kafka::describeCluster);
    checks.put("clickhouse", () -> clickHouse.ping(timeoutMs));
    checks.put("meilisearch", () -> meilisearch.health(timeoutMs));
  }

  /**
   * A readiness answer.
   *
   * @param up   whether every engine answered in time
   * @param body {@code {"status": "up"|"down", "checks": {name: {"status", "latencyMs", "error"?}}}}
   */
  public record Health(boolean up, JsonObject body) {
  }

  /** {@code {"status": "up"}}. */
  public JsonObject live() {
    return status(true);
  }

  /** Checks every engine concurrently; never fails, a failed or late check is reported as down. */
  public Future<Health> ready() {
    List<String> names = List.copyOf(checks.keySet());
    List<Future<JsonObject>> results = names.stream().map(name -> check(checks.get(name))).toList();
    return Future.all(results).map(done -> health(names, results));
  }

  private Future<JsonObject> check(Supplier<Future<?>> probe) {
    long started = System.nanoTime();
    return attempt(probe)
      .timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .transform(answered -> Future.succeededFuture(answered.succeeded()
        ? status(true).put("latencyMs", elapsedMs(started))
        : status(false).put("latencyMs", elapsedMs(started)).put("error", message(answered.cause()))));
  }

  private static Future<?> attempt(Supplier<Future<?>> probe) {
    try {
      return probe.get();
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
  }

  private static Health health(List<String> names, List<Future<JsonObject>> results) {
    JsonObject checks = new JsonObject();
    boolean up = true;
    for (int i = 0; i < names.size(); i++) {
      JsonObject check = results.get(i).result();
      checks.put(names.get(i), check);
      up &= "up".equals(check.getString("status"));
    }
    return new Health(up, status(up).put("checks", checks));
  }

  private String message(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return "no answer within " + timeoutMs + " ms";
    }
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  private static JsonObject status(boolean up) {
    return new JsonObject().put("status", up ? "up" : "down");
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }
}
