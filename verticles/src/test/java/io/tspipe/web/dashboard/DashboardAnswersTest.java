package io.tspipe.web.dashboard;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.web.BadRequest;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The wiring of the shared answers on real event loops, over statements that are held, never sent: what is shared,
 * what is counted, and on which event loop a shared answer reaches its caller. Against the engines in
 * {@code DashboardSharingIT}.
 */
class DashboardAnswersTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** Statements held unanswered, as ClickHouse would be asked them. */
  private static final class HeldStatements implements ClickHouseReads {
    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<Promise<List<JsonObject>>> pending = new CopyOnWriteArrayList<>();

    @Override
    public String database() {
      return "tspipe";
    }

    @Override
    public Future<List<JsonObject>> select(String sql, Map<String, String> parameters) {
      asked.add(sql);
      Promise<List<JsonObject>> answer = Promise.promise();
      pending.add(answer);
      return answer.future();
    }
  }

  /** A verticle doing nothing, for the event-loop context it runs on. */
  private static final class OnItsLoop extends VerticleBase {
    private final List<Context> contexts;

    OnItsLoop(List<Context> contexts) {
      this.contexts = contexts;
    }

    @Override
    public Future<?> start() {
      contexts.add(context);
      return Future.succeededFuture();
    }
  }

  @Test
  @DisplayName("equivalent requests share one set of statements and are counted computed and shared")
  void equivalentRequestsShareAndAreCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DashboardAnswers answers = new DashboardAnswers(60_000, registry);
    HeldStatements statements = new HeldStatements();
    DashboardApis apis = new DashboardApis(statements, 60, Duration.ZERO, List.of("api-requests"));
    Context context = vertx.getOrCreateContext();
    Instant now = Instant.now();
    MetricsWindow window = apis.kpis().read(query("range", "1h"), now);
    CompletableFuture<List<Future<JsonObject>>> asked = new CompletableFuture<>();
    context.runOnContext(onLoop -> asked.complete(List.of(
      answers.answer(apis.kpis(), query("range", "1h"), now, context),
      answers.answer(apis.kpis(), query("from", window.from().toString(), "to", window.to().toString()), now,
        context),
      answers.answer(apis.timeSeries(), query("range", "1h"), now, context))));
    asked.get(10, TimeUnit.SECONDS);
    assertEquals(4, statements.asked.size(), "the KPIs' two statements once, the time series' two");
    assertEquals(1.0, registry.get("tspipe.web.dashboard.answers").tag("api", "getKpis").tag("outcome", "computed")
      .counter().count());
    assertEquals(1.0, registry.get("tspipe.web.dashboard.answers").tag("api", "getKpis").tag("outcome", "shared")
      .counter().count());
    assertEquals(1.0, registry.get("tspipe.web.dashboard.answers").tag("api", "getTimeSeries")
      .tag("outcome", "computed").counter().count());
  }

  @Test
  @DisplayName("a request the endpoint refuses throws before anything is shared or asked")
  void refusalsAreNotShared() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DashboardAnswers answers = new DashboardAnswers(60_000, registry);
    HeldStatements statements = new HeldStatements();
    DashboardApis apis = new DashboardApis(statements, 60, Duration.ZERO, List.of("api-requests"));
    assertThrows(BadRequest.class, () -> answers.answer(apis.kpis(),
      query("from", "2026-11-24T10:00:00Z", "to", "2026-11-24T09:00:00Z"), Instant.now(), vertx.getOrCreateContext()));
    assertEquals(List.of(), statements.asked);
    assertEquals(List.of(), registry.getMeters());
  }

  @Test
  @DisplayName("an answer completed on one event loop reaches a caller of another on the caller's own loop")
  void answersReachTheCallerOnItsOwnLoop() throws Exception {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> new OnItsLoop(contexts), new DeploymentOptions().setInstances(2)).await();
    Context computing = contexts.get(0);
    Context sharing = contexts.get(1);
    CompletableFuture<Thread> computingThread = new CompletableFuture<>();
    computing.runOnContext(onLoop -> computingThread.complete(Thread.currentThread()));
    CompletableFuture<Thread> sharingThread = new CompletableFuture<>();
    sharing.runOnContext(onLoop -> sharingThread.complete(Thread.currentThread()));
    assertNotSame(computingThread.get(10, TimeUnit.SECONDS), sharingThread.get(10, TimeUnit.SECONDS),
      "two event loops");

    Promise<String> query = Promise.promise();
    CompletableFuture<List<Object>> reached = new CompletableFuture<>();
    sharing.runOnContext(onLoop -> DashboardAnswers.completedOn(sharing, query.future())
      .onComplete(result -> reached.complete(new ArrayList<>(List.of(Vertx.currentContext(), Thread.currentThread(),
        result.result())))));
    computing.runOnContext(onLoop -> query.complete("answer"));
    List<Object> seen = reached.get(10, TimeUnit.SECONDS);
    assertSame(sharing, seen.get(0), "the caller's context");
    assertSame(sharingThread.get(), seen.get(1), "the caller's event loop");
    assertEquals("answer", seen.get(2));
  }

  private static MultiMap query(String... pairs) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      query.add(pairs[i], pairs[i + 1]);
    }
    return query;
  }
}
