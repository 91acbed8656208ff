package io.tspipe.web.dashboard;

import io.tspipe.ledger.LedgerQuery;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.web.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The dashboard's read APIs over one ClickHouse reader: the KPIs, the time series, data quality, suspicious entities,
 * the ledger and the attack windows. Each is an {@link Endpoint} in two steps: reading a request (checking what the
 * contract cannot, widening its window to whole minutes) into a value that says what is asked, then answering that
 * value. Two requests read into equal values ask the same, whatever their query strings, so they may share one
 * answer ({@link DashboardAnswers}).
 */
public final class DashboardApis {

  /**
   * One dashboard API.
   *
   * @param <R> what a request asks, as read: a record, equal for requests that ask the same
   */
  public static final class Endpoint<R> {

    private final String operationId;
    private final BiFunction<MultiMap, Instant, R> reader;
    private final BiFunction<R, Instant, Future<JsonObject>> answerer;

    private Endpoint(String operationId, BiFunction<MultiMap, Instant, R> reader,
                     BiFunction<R, Instant, Future<JsonObject>> answerer) {
      this.operationId = operationId;
      this.reader = reader;
      this.answerer = answerer;
    }

    /** Its operation in the API contract. */
    public String operationId() {
      return operationId;
    }

    /**
     * What a request the contract accepted asks, read at {@code now}; a {@link BadRequest} names what the contract
     * could not judge. Nothing is asked of ClickHouse.
     */
    public R read(MultiMap query, Instant now) {
      return reader.apply(query, now);
    }

    /** The answer to what was asked, as of {@code now}. */
    public Future<JsonObject> answer(R request, Instant now) {
      return answerer.apply(request, now);
    }
  }

  private final Endpoint<MetricsWindow> kpis;
  private final Endpoint<MetricsWindow> timeSeries;
  private final Endpoint<MetricsWindow> quality;
  private final Endpoint<SuspiciousEntities.Request> suspicious;
  private final Endpoint<LedgerApi.Request> ledger;
  private final Endpoint<AttackWindowsApi.Request> attacks;

  /**
   * @param staleAfterSeconds an event type with no event for this long is stale in the quality answer
   * @param settle            how long after its minute a ledger range is judged
   * @param eventTopics       the event topics the ledger accounts for
   */
  public DashboardApis(ClickHouseReads clickHouse, int staleAfterSeconds, Duration settle, List<String> eventTopics) {
    MetricsApi metrics = new MetricsApi(clickHouse);
    QualityApi qualityApi = new QualityApi(clickHouse, staleAfterSeconds);
    SuspiciousEntities suspiciousEntities = new SuspiciousEntities(clickHouse);
    LedgerApi ledgerApi = new LedgerApi(new LedgerQuery(clickHouse, settle));
    AttackWindowsApi attackWindows = new AttackWindowsApi(clickHouse);
    List<String> topics = List.copyOf(eventTopics);
    this.kpis = new Endpoint<>("getKpis", MetricsWindow::parse, (window, now) -> metrics.kpis(window));
    this.timeSeries = new Endpoint<>("getTimeSeries", MetricsWindow::parse,
      (window, now) -> metrics.timeSeries(window));
    this.quality = new Endpoint<>("getQuality", MetricsWindow::parse, qualityApi::quality);
    this.suspicious = new Endpoint<>("listSuspiciousEntities", SuspiciousEntities::request,
      (request, now) -> suspiciousEntities.list(request));
    this.ledger = new Endpoint<>("getLedger", (query, now) -> LedgerApi.request(query, now, topics), ledgerApi::ledger);
    this.attacks = new Endpoint<>("listAttackWindows", AttackWindowsApi::request, attackWindows::windows);
  }

  /** {@code GET /api/v1/metrics/kpis}. */
  public Endpoint<MetricsWindow> kpis() {
    return kpis;
  }

  /** {@code GET /api/v1/metrics/timeseries}. */
  public Endpoint<MetricsWindow> timeSeries() {
    return timeSeries;
  }

  /** {@code GET /api/v1/quality}. */
  public Endpoint<MetricsWindow> quality() {
    return quality;
  }

  /** {@code GET /api/v1/suspicious}. */
  public Endpoint<SuspiciousEntities.Request> suspicious() {
    return suspicious;
  }

  /** {@code GET /api/v1/ledger}. */
  public Endpoint<LedgerApi.Request> ledger() {
    return ledger;
  }

  /** {@code GET /api/v1/attacks}. */
  public Endpoint<AttackWindowsApi.Request> attacks() {
    return attacks;
  }
}
