package io.tspipe.web.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's answers, one store per process shared by every web verticle of it: identical requests to a
 * {@link DashboardApis} endpoint within one tick of {@code web.liveTickMs} are answered once, and that answer is
 * shared by every viewer who asks in the tick, whether it is done or still being read from ClickHouse
 * ({@link TickMemo}). Requests are identical when they ask the same as read ({@link DashboardApis.Endpoint#read}),
 * so {@code range=1h} and the {@code from}/{@code to} of the same whole minutes share. A failure is not kept: the
 * next request computes again. Each answer is counted in {@code tspipe_web_dashboard_answers_total}, tagged with the
 * operation ({@code api}) and whether it was {@code computed} for its request or {@code shared} with another.
 */
public final class DashboardAnswers {

  /** The most answers held at once; while that many are, a request asking something new is answered on its own. */
  public static final int MAX_HELD = 256;
  static final String METER = "tspipe.web.dashboard.answers";

  /** What a request asks: its operation and the request as read. */
  private record Asked(String operationId, Object request) {
  }

  private final TickMemo<Asked, JsonObject> memo;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /** Answers shared for a tick of {@code tickMillis}, counted in {@code registry}. */
  public DashboardAnswers(long tickMillis, MeterRegistry registry) {
    this.memo = new TickMemo<>(tickMillis, MAX_HELD, System::currentTimeMillis);
    this.registry = registry;
  }

  /**
   * The answer to a request of {@code endpoint} made at {@code now}, completed on {@code context}, the caller's own,
   * whichever event loop computed it. A request the endpoint refuses throws its {@code BadRequest} here, before
   * anything is shared or asked of ClickHouse.
   */
  public <R> Future<JsonObject> answer(DashboardApis.Endpoint<R> endpoint, MultiMap query, Instant now,
                                       Context context) {
    R request = endpoint.read(query, now);
    TickMemo.Answer<JsonObject> answer = memo.answer(new Asked(endpoint.operationId(), request),
      () -> endpoint.answer(request, now));
    counter(endpoint.operationId(), answer.outcome()).increment();
    return completedOn(context, answer.value());
  }

  /**
   * {@code answer}, completing on {@code context}: at once when it completes there, else by a task run there, so no
   * handler of the caller ever runs on another event loop.
   */
  static <V> Future<V> completedOn(Context context, Future<V> answer) {
    Promise<V> own = Promise.promise();
    answer.onComplete(result -> {
      if (Vertx.currentContext() == context) {
        own.handle(result);
      } else {
        context.runOnContext(onCallers -> own.handle(result));
      }
    });
    return own.future();
  }

  private Counter counter(String operationId, TickMemo.Outcome outcome) {
    return counters.computeIfAbsent(operationId + ' ' + outcome.wireName(), key -> Counter.builder(METER)
      .description("answers of the dashboard's read APIs: computed for their request, or shared with an identical one "
        + "of the same tick")
      .tag("api", operationId).tag("outcome", outcome.wireName()).register(registry));
  }
}
