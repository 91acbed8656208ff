package io.tspipe.bench;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.tspipe.bench.QueryMix.Query;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.web.dashboard.DashboardApis;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The dashboard kinds' SQL sent straight to ClickHouse ({@link EngineTwin}): for each request, the web role's own
 * {@link DashboardApis} endpoint reads it and answers it over a reader that only records each statement with its
 * parameters, never running it; then those statements are sent at once through {@code engine}, the client the web
 * role reads with, as the API sends them (all at once, answered when all are). The request's window is read at the
 * moment it is sent, as the web role reads it, so both ask the same whole minutes. Each dashboard kind's API sends
 * all its statements at once, so all are recorded; an API whose later statements wait for earlier answers (the
 * ledger's) is not among the kinds. Not thread-safe: one event loop sends.
 */
public final class DashboardSql implements EngineTwin {

  /** One statement as the API would send it: its text and its {@code {name:Type}} parameters. */
  public record Statement(String sql, Map<String, String> parameters) {
  }

  private final ClickHouseReads engine;
  private final Recorder recorder;
  private final DashboardApis recording;

  /**
   * @param engine the reader the statements are sent through
   * @param apis   the web role's dashboard APIs over a given reader, configured as the web role runs them
   */
  public DashboardSql(ClickHouseReads engine, Function<ClickHouseReads, DashboardApis> apis) {
    this.engine = engine;
    this.recorder = new Recorder(engine.database());
    this.recording = apis.apply(recorder);
  }

  @Override
  public Future<Void> send(Query query, Instant now) {
    List<Future<List<JsonObject>>> answered = new ArrayList<>();
    for (Statement statement : statements(query, now)) {
      answered.add(engine.select(statement.sql(), statement.parameters()));
    }
    return Future.all(answered).mapEmpty();
  }

  /**
   * The statements the web role runs for {@code query} made at {@code now}.
   *
   * @throws IllegalArgumentException when it is not of a dashboard kind
   */
  public List<Statement> statements(Query query, Instant now) {
    MultiMap parameters = parameters(query.path());
    switch (query.kind()) {
      case KPIS_1H, KPIS_24H -> asked(recording.kpis(), parameters, now);
      case TIMESERIES_1H, TIMESERIES_24H -> asked(recording.timeSeries(), parameters, now);
      case QUALITY_1H -> asked(recording.quality(), parameters, now);
      case SUSPICIOUS_IPS -> asked(recording.suspicious(), parameters, now);
      case ATTACKS_24H -> asked(recording.attacks(), parameters, now);
      default -> throw new IllegalArgumentException(query.kind().label() + " is not a dashboard kind");
    }
    return recorder.taken();
  }

  private static <R> void asked(DashboardApis.Endpoint<R> endpoint, MultiMap parameters, Instant now) {
    endpoint.answer(endpoint.read(parameters, now), now);
  }

  /** The query parameters of a path as the web role's router decodes them, with Netty's decoder. */
  static MultiMap parameters(String path) {
    MultiMap parameters = MultiMap.caseInsensitiveMultiMap();
    new QueryStringDecoder(path).parameters().forEach(parameters::add);
    return parameters;
  }

  /** A reader that records every statement it is given and answers none. */
  private static final class Recorder implements ClickHouseReads {

    private final String database;
    private final List<Statement> statements = new ArrayList<>();

    Recorder(String database) {
      this.database = database;
    }

    @Override
    public String database() {
      return database;
    }

    @Override
    public Future<List<JsonObject>> select(String sql, Map<String, String> parameters) {
      statements.add(new Statement(sql, Map.copyOf(parameters)));
      return Promise.<List<JsonObject>>promise().future();
    }

    /** The statements recorded since last taken. */
    List<Statement> taken() {
      List<Statement> taken = List.copyOf(statements);
      statements.clear();
      return taken;
    }
  }
}
