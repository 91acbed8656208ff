package io.tspipe.grafana;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.grafana.GrafanaMacros.Range;
import io.tspipe.grafana.GrafanaProvisioning.ClickHouseQuery;
import io.tspipe.grafana.GrafanaProvisioning.Use;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.LocalEngines;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Grafana cannot run here, so its provisioning is proven piece by piece: the files are checked as Grafana would read
 * them (datasource uids, target shapes, keys, ids, layout, titles), and every ClickHouse query of the dashboards,
 * their annotations and the alert rules is expanded as the plugin expands it and run on the real engine, over data
 * the real worker stored: an hour of normal traffic with an attack ten minutes long inside it, a stream of email
 * events that stopped ten minutes ago, and a burst of rejected records; and over detections as the detector records
 * them: a live login_failure_surge opened and resolved with the attack, others open now, resolved, or in shadow mode.
 * Queries are sent with the test database as the default database, as the datasource's {@code defaultDatabase} sends
 * {@code pipeline}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaDashboardsIT {

  private static final Duration ATTACK_STARTS_AGO = Duration.ofMinutes(30);
  private static final Duration ATTACK_ENDS_AGO = Duration.ofMinutes(20);
  private static final Duration EMAILS_STOPPED_AGO = Duration.ofMinutes(10);
  private static final int REJECT_BURST = 200;
  private static final DateTimeFormatter CLICKHOUSE_TIME =
    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  /** The ids of the burst's records that lack their user (the generator's own bad records may lack it too). */
  private static final List<String> USERLESS_IDS = new ArrayList<>();

  private static final Pattern NUMERIC = Pattern.compile("(Nullable\\()?(U?Int(8|16|32|64|128|256)|Float(32|64)|Decimal.*)\\)?");
  private static final Pattern TIME = Pattern.compile("(Nullable\\()?(DateTime64|DateTime|Date32|Date)(\\(.*\\))?\\)?");
  private static final Pattern TEXT = Pattern.compile("(LowCardinality\\()?(Nullable\\()?String\\)?\\)?");
  /** How ClickHouse writes nan and inf with {@code output_format_json_quote_denormals=1}. */
  private static final Pattern DENORMAL = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?\\w+|\\[\\[\\w+");

  private static final Set<String> DASHBOARD_KEYS = Set.of("uid", "title", "description", "tags", "editable",
    "graphTooltip", "schemaVersion", "version", "time", "timezone", "refresh", "timepicker", "fiscalYearStartMonth",
    "liveNow", "weekStart", "templating", "annotations", "links", "panels");
  private static final Set<String> PANEL_KEYS = Set.of("id", "type", "title", "description", "datasource", "targets",
    "fieldConfig", "options", "gridPos", "interval", "collapsed", "panels", "maxDataPoints", "transformations");
  private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "stat", "table", "bargauge", "gauge");
  private static final Set<String> CLICKHOUSE_TARGET_KEYS = Set.of("refId", "datasource", "editorType", "rawSql", "format");
  private static final Set<String> PROMETHEUS_TARGET_KEYS = Set.of("refId", "datasource", "expr", "legendFormat");
  private static final Set<String> ANNOTATION_KEYS = Set.of("name", "enable", "hide", "iconColor", "datasource", "target");
  private static final Set<String> RULE_KEYS = Set.of("uid", "title", "condition", "data", "noDataState",
    "execErrState", "for", "labels", "annotations", "isPaused");
  private static final Set<String> CLICKHOUSE_MODEL_KEYS = Set.of("refId", "datasource", "editorType", "format",
    "rawSql", "intervalMs", "maxDataPoints");
  private static final Set<String> PROMETHEUS_MODEL_KEYS = Set.of("refId", "datasource", "expr", "instant", "range",
    "intervalMs", "maxDataPoints");
  private static final Set<String> EXPRESSION_MODEL_KEYS = Set.of("refId", "datasource", "type", "expression",
    "reducer", "settings", "conditions");

  private static final Map<String, List<String>> REQUIRED_TITLES = Map.of(
    "tspipe-pipeline-health", List.of("Ingest rate", "Processing lag", "Consumer lag", "Freshness p50 / p99",
      "Data-quality score", "Duplicates", "Rejects by reason", "Missing fields", "Events per type",
      "Last event age per type", "Dead-letter rate", "Lost and duplicated records", "Last reconciliation",
      "Records per stage", "Unsettled records", "Service up/down", "Detector rules", "Rule evaluations/s",
      "Rule evaluation time", "Rule failures"),
    "tspipe-business-attacks", List.of("Volume by type", "Attack indicator", "Failure-rate trends",
      "API latency p50 / p95 / p99", "HTTP status classes", "IP concentration", "Top countries",
      "Unique countries, IPs and users", "Email delivery health", "Detections opened per minute, by rule",
      "Open detections", "Latest detections"));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final GrafanaProvisioning grafana = GrafanaProvisioning.find();
  private TestPipeline pipeline;
  private Instant now;

  @BeforeAll
  void storeAnHourWithAnAttack() throws Exception {
    pipeline = TestPipeline.create("grafana");
    now = Instant.now();
    Instant newest = now.minusSeconds(5);
    Map<String, String> stored = new HashMap<>();
    List<OutgoingEvent> records = new ArrayList<>();
    Instant emailsStopped = now.minus(EMAILS_STOPPED_AGO);
    retime(TestPipeline.generate(4_000, false, 71), now.minus(Duration.ofMinutes(59)), newest,
      event -> !("email_send".equals(event.getString("type"))
        && Instant.parse(event.getString("timestamp")).isAfter(emailsStopped)), stored, records);
    retime(TestPipeline.generate(1_500, true, 72), now.minus(ATTACK_STARTS_AGO).plusSeconds(10),
      now.minus(ATTACK_ENDS_AGO).minusSeconds(10), event -> true, stored, records);
    records.addAll(rejectBurst());
    long events = records.stream().filter(record -> record.kind() == OutgoingEvent.Kind.GOOD).count();
    long rejects = records.stream().filter(record -> record.kind() == OutgoingEvent.Kind.BAD).count();
    long duplicates = records.stream().filter(record -> record.kind() == OutgoingEvent.Kind.DUPLICATE).count();
    assertTrue(duplicates > 0, "the data set re-sends events");

    pipeline.deployWorker();
    pipeline.produce(records);
    attackWindow(now.minus(ATTACK_STARTS_AGO), now.minus(ATTACK_ENDS_AGO), "forced");
    attackWindow(now.minus(Duration.ofMinutes(2)), null, "auto");
    pipeline.awaitNumber("SELECT count() FROM ${db}.events", events, Duration.ofMinutes(2));
    pipeline.awaitNumber("SELECT count() FROM ${db}.rejected_events", rejects, Duration.ofMinutes(1));
    pipeline.awaitNumber("SELECT count() FROM ${db}.duplicate_events", duplicates, Duration.ofMinutes(1));
    pipeline.awaitNumber("SELECT count() FROM ${db}.attack_windows", 2, Duration.ofMinutes(1));
    recordDetections();
  }

  /**
   * Detections as the detector records them (every state a row, the latest by updated_at), with its progress on
   * login_failure_surge up to the newest events: the surge opened 30 s into the attack and resolved 5 s after it; an
   * IP and a user detection open now; one resolved 40 minutes ago; one of a rule run in shadow mode, open now.
   */
  private void recordDetections() {
    Instant attackOpened = now.minus(ATTACK_STARTS_AGO).plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    Instant attackResolved = now.minus(ATTACK_ENDS_AGO).plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    Instant minute = now.truncatedTo(ChronoUnit.SECONDS);
    String surge = "{\"features\":{\"logins\":64,\"failures\":41,\"failure_rate\":0.640625},\"sampleEventIds\":[\"e-1\",\"e-2\"]}";
    String ip = "{\"features\":{\"attempts\":12,\"failures\":11,\"failure_rate\":0.9166},\"sampleEventIds\":[\"e-3\"]}";
    String user = "{\"features\":{\"failures\":7},\"sampleEventIds\":[\"e-4\",\"e-5\"]}";
    String datacenter = "{\"features\":{\"failures\":3},\"sampleEventIds\":[\"e-6\"]}";
    String sender = "{\"features\":{\"sent\":400},\"sampleEventIds\":[]}";
    List<String> rows = new ArrayList<>();
    rows.add(detectionRow("login_failure_surge", "live", "high", "stream", "*", attackOpened, attackOpened, null, surge));
    rows.add(detectionRow("login_failure_surge", "live", "high", "stream", "*", attackOpened,
      attackOpened.plus(Duration.ofMinutes(5)), null, surge));
    rows.add(detectionRow("login_failure_surge", "live", "high", "stream", "*", attackOpened, attackResolved,
      attackResolved, surge));
    Instant ipOpened = minute.minus(Duration.ofMinutes(3));
    rows.add(detectionRow("ip_login_failures", "live", "high", "ip", "203.0.113.9", ipOpened, ipOpened, null, ip));
    rows.add(detectionRow("ip_login_failures", "live", "critical", "ip", "203.0.113.9", ipOpened,
      minute.minus(Duration.ofMinutes(1)), null, ip));
    Instant userOpened = minute.minus(Duration.ofMinutes(12));
    rows.add(detectionRow("account_targeted", "live", "medium", "user", "u-grafana-1", userOpened, userOpened, null,
      user));
    Instant datacenterOpened = minute.minus(Duration.ofMinutes(45));
    rows.add(detectionRow("datacenter_login_failures", "live", "medium", "ip", "198.51.100.4", datacenterOpened,
      datacenterOpened, null, datacenter));
    rows.add(detectionRow("datacenter_login_failures", "live", "medium", "ip", "198.51.100.4", datacenterOpened,
      minute.minus(Duration.ofMinutes(40)), minute.minus(Duration.ofMinutes(40)), datacenter));
    Instant senderOpened = minute.minus(Duration.ofMinutes(6));
    rows.add(detectionRow("sender_burst", "shadow", "high", "user", "u-grafana-2", senderOpened, senderOpened, null,
      sender));
    pipeline.execute("INSERT INTO ${db}.detections (detection_id, rule, rule_version, mode, severity, entity_kind, "
      + "entity, state, window_seconds, first_seen, last_seen, opened_at, updated_at, resolved_at, evidence, "
      + "recorded_at) VALUES " + String.join(", ", rows));
    pipeline.execute("INSERT INTO ${db}.detector_progress (rule, rule_version, tick) VALUES ('login_failure_surge', "
      + "'fixture', '" + CLICKHOUSE_TIME.format(now.minusSeconds(8)) + "')");
  }

  private static String detectionRow(String rule, String mode, String severity, String kind, String entity,
                                     Instant openedAt, Instant updatedAt, Instant resolvedAt, String evidence) {
    UUID id = UUID.nameUUIDFromBytes((rule + "|" + kind + "|" + entity + "|" + openedAt.toEpochMilli())
      .getBytes(StandardCharsets.UTF_8));
    return "('" + id + "', '" + rule + "', 'fixture', '" + mode + "', '" + severity + "', '" + kind + "', '" + entity
      + "', '" + (resolvedAt == null ? "open" : "resolved") + "', 60, '" + CLICKHOUSE_TIME.format(openedAt.minusSeconds(60))
      + "', '" + CLICKHOUSE_TIME.format(updatedAt) + "', '" + CLICKHOUSE_TIME.format(openedAt) + "', '"
      + CLICKHOUSE_TIME.format(updatedAt) + "', " + (resolvedAt == null ? "NULL" : "'" + CLICKHOUSE_TIME.format(resolvedAt) + "'")
      + ", '" + evidence + "', '" + CLICKHOUSE_TIME.format(updatedAt) + "')";
  }

  @AfterAll
  void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @DisplayName("the datasources have the uids, types and connection settings the dashboards and compose rely on")
  void datasources() {
    JsonObject file = grafana.datasources();
    assertEquals(1, file.getInteger("apiVersion"));
    assertEquals(Map.of("tspipe-clickhouse", GrafanaProvisioning.CLICKHOUSE_TYPE,
      "tspipe-prometheus", GrafanaProvisioning.PROMETHEUS_TYPE), grafana.datasourceTypes());
    for (Object entry : file.getJsonArray("datasources")) {
      JsonObject datasource = (JsonObject) entry;
      if (datasource.getString("uid").equals("tspipe-clickhouse")) {
        JsonObject json = datasource.getJsonObject("jsonData");
        assertEquals("clickhouse", json.getString("host"));
        assertEquals(8123, json.getInteger("port"));
        assertEquals("http", json.getString("protocol"));
        assertEquals("tspipe_reader", json.getString("username"));
        assertEquals("pipeline", json.getString("defaultDatabase"));
        assertEquals("$__env{TSPIPE_CLICKHOUSE_READER_PASSWORD}",
          datasource.getJsonObject("secureJsonData").getString("password"));
        assertFalse(datasource.getBoolean("isDefault", false));
      } else {
        assertEquals("http://prometheus:9090", datasource.getString("url"));
        assertTrue(datasource.getBoolean("isDefault"));
      }
    }
    JsonObject provider = grafana.dashboardProviders().getJsonArray("providers").getJsonObject(0);
    assertEquals("file", provider.getString("type"));
    assertEquals("Trust & Safety Pipeline", provider.getString("folder"));
    assertEquals("/var/lib/grafana/dashboards", provider.getJsonObject("options").getString("path"));
  }

  @Test
  @DisplayName("each dashboard is well formed: fixed uid, known keys, provisioned datasources, well-formed targets, unique ids, a layout without overlaps, the required panels")
  void dashboardsAreWellFormed() {
    Map<String, String> datasources = grafana.datasourceTypes();
    Map<String, JsonObject> dashboards = grafana.dashboards();
    assertEquals(Set.of("pipeline-health.json", "business-attacks.json"), dashboards.keySet());
    Set<String> uids = new HashSet<>();
    dashboards.forEach((file, dashboard) -> {
      assertKnownKeys(DASHBOARD_KEYS, dashboard, file);
      assertTrue(uids.add(dashboard.getString("uid")), file + ": uid");
      assertEquals(39, dashboard.getInteger("schemaVersion"), file);
      assertEquals(new JsonObject().put("from", "now-1h").put("to", "now"), dashboard.getJsonObject("time"), file);
      assertEquals("10s", dashboard.getString("refresh"), file);
      assertTrue(dashboard.getJsonObject("templating").getJsonArray("list").isEmpty(), file + ": no template variables");
      Set<Integer> ids = new HashSet<>();
      List<JsonObject> panels = GrafanaProvisioning.panels(dashboard);
      for (JsonObject panel : panels) {
        String where = file + " / " + panel.getString("title");
        assertKnownKeys(PANEL_KEYS, panel, where);
        assertTrue(PANEL_TYPES.contains(panel.getString("type")), where + ": panel type " + panel.getString("type"));
        assertTrue(ids.add(panel.getInteger("id")), where + ": id " + panel.getInteger("id") + " is unique");
        assertGridPosition(panel.getJsonObject("gridPos"), where);
        if (!"row".equals(panel.getString("type"))) {
          assertTargets(panel, datasources, where);
        }
      }
      assertNoOverlaps(panels, file);
      for (Object entry : dashboard.getJsonObject("annotations").getJsonArray("list")) {
        JsonObject annotation = (JsonObject) entry;
        assertKnownKeys(ANNOTATION_KEYS, annotation, file + ": annotation");
        assertDatasource(annotation.getJsonObject("datasource"), datasources, file + ": annotation");
        assertClickHouseTarget(annotation.getJsonObject("target"), file + ": annotation");
      }
      Set<String> titles = new HashSet<>();
      panels.forEach(panel -> titles.add(panel.getString("title")));
      for (String title : REQUIRED_TITLES.get(dashboard.getString("uid"))) {
        assertTrue(titles.contains(title), file + " has a panel '" + title + "'");
      }
    });
    assertEquals(REQUIRED_TITLES.keySet(), uids);
    JsonObject business = dashboards.get("business-attacks.json");
    assertEquals("Attack windows", business.getJsonObject("annotations").getJsonArray("list").getJsonObject(0)
      .getString("name"));
  }

  @Test
  @DisplayName("each alert rule is well formed: provisioned datasources, a condition that names an expression, expressions reading queries that exist")
  void alertRulesAreWellFormed() {
    JsonObject file = grafana.alertRules();
    assertEquals(1, file.getInteger("apiVersion"));
    Map<String, String> datasources = grafana.datasourceTypes();
    for (Object entry : file.getJsonArray("groups")) {
      JsonObject group = (JsonObject) entry;
      assertEquals(Set.of("orgId", "name", "folder", "interval", "rules"), group.fieldNames());
      GrafanaProvisioning.duration(group.getString("interval"));
    }
    Set<String> uids = new HashSet<>();
    for (JsonObject rule : grafana.rules()) {
      String uid = rule.getString("uid");
      assertKnownKeys(RULE_KEYS, rule, uid);
      assertTrue(uids.add(uid), uid + " is unique");
      GrafanaProvisioning.duration(rule.getString("for"));
      assertNotNull(rule.getJsonObject("labels").getString("severity"), uid + ": severity");
      assertNotNull(rule.getJsonObject("annotations").getString("summary"), uid + ": summary");
      Map<String, JsonObject> models = new TreeMap<>();
      for (Object item : rule.getJsonArray("data")) {
        JsonObject data = (JsonObject) item;
        JsonObject model = data.getJsonObject("model");
        String where = uid + " / " + data.getString("refId");
        assertEquals(data.getString("refId"), model.getString("refId"), where);
        assertTrue(models.put(data.getString("refId"), model) == null, where + ": refId is unique");
        String datasourceUid = data.getString("datasourceUid");
        assertEquals(datasourceUid, model.getJsonObject("datasource").getString("uid"), where);
        if (GrafanaProvisioning.EXPRESSION_UID.equals(datasourceUid)) {
          assertKnownKeys(EXPRESSION_MODEL_KEYS, model, where);
          assertTrue(Set.of("reduce", "threshold").contains(model.getString("type")), where);
        } else {
          assertDatasource(model.getJsonObject("datasource"), datasources, where);
          assertTrue(data.getJsonObject("relativeTimeRange").getLong("from") > 0, where + ": a relative time range");
          if (GrafanaProvisioning.CLICKHOUSE_TYPE.equals(model.getJsonObject("datasource").getString("type"))) {
            assertKnownKeys(CLICKHOUSE_MODEL_KEYS, model, where);
            assertEquals(1, model.getInteger("format"), where + ": numeric data comes as a table");
            assertClickHouseSql(model.getString("rawSql"), where);
          } else {
            assertKnownKeys(PROMETHEUS_MODEL_KEYS, model, where);
            assertPromQl(model.getString("expr"), where);
          }
        }
      }
      for (JsonObject model : models.values()) {
        if (model.containsKey("expression")) {
          assertTrue(models.containsKey(model.getString("expression")), uid + ": expression reads an existing refId");
        }
      }
      JsonObject condition = models.get(rule.getString("condition"));
      assertNotNull(condition, uid + ": the condition names a refId");
      assertEquals("threshold", condition.getString("type"), uid + ": the condition is a threshold");
    }
    assertEquals(Set.of("tspipe-lag-high", "tspipe-data-quality", "tspipe-attack-detected", "tspipe-type-stopped",
      "tspipe-api-latency-p99"), uids);
  }

  @Test
  @DisplayName("every dashboard query returns rows of the right column types over the last hour, normal and attack traffic together, and no nan or inf")
  void dashboardQueriesOverTheLastHour() throws Exception {
    Range lastHour = Range.last(Duration.ofHours(1), Instant.now(), Duration.ZERO);
    for (ClickHouseQuery query : grafana.clickHouseQueries()) {
      if (query.use() == Use.ALERT) {
        continue;
      }
      for (Duration interval : List.of(Duration.ofSeconds(5), Duration.ofMinutes(5))) {
        JsonObject answer = run(query, new Range(lastHour.from(), lastHour.to(), panelInterval(query, interval)));
        assertTrue(answer.getInteger("rows") > 0, query.where() + " returns rows");
      }
    }
    JsonObject windows = run(annotation(), lastHour);
    assertEquals(2, windows.getInteger("rows"), "both attack windows of the hour, the open one included");
  }

  @Test
  @DisplayName("every dashboard query runs over the attack alone and over a range with no data, without error, nan or inf")
  void dashboardQueriesOverTheAttackAndOverNothing() throws Exception {
    Range attack = new Range(now.minus(ATTACK_STARTS_AGO), now.minus(ATTACK_ENDS_AGO), Duration.ofMinutes(1));
    Range nothing = Range.last(Duration.ofHours(1), now.minus(Duration.ofDays(7)), Duration.ofMinutes(1));
    for (ClickHouseQuery query : grafana.clickHouseQueries()) {
      if (query.use() != Use.ALERT) {
        run(query, attack);
        run(query, nothing);
      }
    }
    JsonObject indicator = run(panelQuery("Attack indicator"), attack);
    assertEquals(2, ((Number) indicator.getJsonArray("data").getJsonArray(0).getValue(0)).intValue(),
      "the attack indicator says ATTACK at the end of the attack");
    JsonObject quiet = run(panelQuery("Attack indicator"), nothing);
    assertEquals(0, ((Number) quiet.getJsonArray("data").getJsonArray(0).getValue(0)).intValue(),
      "and QUIET where nothing was stored");
    Range lastHour = Range.last(Duration.ofHours(1), now, Duration.ofMinutes(1));
    JsonObject normal = run(panelQuery("Attack indicator"), lastHour);
    assertEquals(1, ((Number) normal.getJsonArray("data").getJsonArray(0).getValue(0)).intValue(),
      "and NORMAL now, the surge resolved, though other detections are open");
    JsonObject duringAttack = run(panelQuery("Latest detections"), attack);
    assertEquals(List.of("login_failure_surge"), column(duringAttack, "rule"),
      "the one detection open during the attack is the surge");
  }

  @Test
  @DisplayName("detection panels read the latest state of each detection: opened per minute, open now (live only), the latest with their evidence")
  void detectionPanels() throws Exception {
    Range lastHour = Range.last(Duration.ofHours(1), now, Duration.ofMinutes(5));
    JsonObject opened = run(panelQuery("Detections opened per minute, by rule"), lastHour);
    double openedInHour = 0;
    for (Object row : opened.getJsonArray("data")) {
      openedInHour += ((Number) ((JsonArray) row).getValue(2)).doubleValue() * 5;
    }
    assertEquals(5, openedInHour, 1e-9, "five detections opened in the hour, each counted once whatever its states");
    assertTrue(column(opened, "rule_mode").contains("sender_burst (shadow)"), "shadow rules are marked");

    JsonObject open = run(panelQuery("Open detections"), lastHour);
    assertEquals(List.of("ip_login_failures", "account_targeted"), column(open, "rule"),
      "live detections open now, most severe first; the shadow one and the resolved ones left out");
    assertEquals(List.of("critical", "medium"), column(open, "severity"), "each with its latest severity");

    JsonObject latest = run(panelQuery("Latest detections"), lastHour);
    assertEquals(List.of("ip_login_failures", "sender_burst", "account_targeted", "login_failure_surge",
      "datacenter_login_failures"), column(latest, "rule"), "every detection of the hour once, newest first");
    assertEquals(List.of("open", "open", "open", "resolved", "resolved"), column(latest, "state"));
    assertEquals(List.of("203.0.113.9", "u-grafana-2", "u-grafana-1", "*", "198.51.100.4"), column(latest, "entity"));
    assertEquals(new JsonObject().put("logins", 64).put("failures", 41).put("failure_rate", 0.640625),
      new JsonObject(column(latest, "features").get(3)), "the evidence's features");
    assertEquals("e-1 e-2", column(latest, "sample_event_ids").get(3));
  }

  /** The values of one column of a JSONCompact answer, as text. */
  private static List<String> column(JsonObject answer, String name) {
    JsonArray meta = answer.getJsonArray("meta");
    for (int i = 0; i < meta.size(); i++) {
      if (meta.getJsonObject(i).getString("name").equals(name)) {
        List<String> values = new ArrayList<>();
        for (Object row : answer.getJsonArray("data")) {
          values.add(String.valueOf(((JsonArray) row).getValue(i)));
        }
        return values;
      }
    }
    throw new AssertionError("no column " + name + " in " + meta);
  }

  @Test
  @DisplayName("rollup panels add up to what the raw tables hold: stored events per type, rejects by reason")
  void rollupPanelsAddUp() throws Exception {
    Range lastHour = Range.last(Duration.ofHours(1), Instant.now(), Duration.ofMinutes(5));
    String minutes = " BETWEEN toDateTime(" + lastHour.from().getEpochSecond() + ") AND toDateTime("
      + lastHour.to().getEpochSecond() + ")";
    assertEquals(pipeline.number("SELECT count() FROM ${db}.events WHERE toStartOfMinute(timestamp)" + minutes),
      sumOfColumn(run(panelQuery("Volume by type"), lastHour), 2), "Volume by type sums to the stored events");
    assertEquals(pipeline.number("SELECT count() FROM ${db}.rejected_events WHERE toStartOfMinute(rejected_at)" + minutes),
      sumOfColumn(run(panelQuery("Rejects by reason"), lastHour), 2), "Rejects by reason sums to the rejected records");
    assertEquals(REJECT_BURST / 2, pipeline.number("SELECT count() FROM ${db}.rejected_events WHERE field = '/userId'"
      + " AND event_id IN ('" + String.join("','", USERLESS_IDS) + "')"));
  }

  private static long sumOfColumn(JsonObject answer, int column) {
    long sum = 0;
    for (Object row : answer.getJsonArray("data")) {
      sum += ((Number) ((JsonArray) row).getValue(column)).longValue();
    }
    return sum;
  }

  @Test
  @DisplayName("alert rules fire on what they watch: the attack and slow API during the attack, the rejects and the stopped emails now; nothing fires where nothing was stored")
  void alertRules() throws Exception {
    Instant duringAttack = now.minus(ATTACK_ENDS_AGO).minusSeconds(60);
    Map<String, Set<String>> firingNow = new TreeMap<>();
    Map<String, Set<String>> firingDuringAttack = new TreeMap<>();
    Map<String, Set<String>> firingOverNothing = new TreeMap<>();
    for (ClickHouseQuery query : grafana.clickHouseQueries()) {
      if (query.use() == Use.ALERT) {
        String uid = query.rule().getString("uid");
        firingNow.put(uid, firing(query, Instant.now()));
        firingDuringAttack.put(uid, firing(query, duringAttack));
        firingOverNothing.put(uid, firing(query, now.minus(Duration.ofDays(7))));
      }
    }
    assertEquals(Map.of(
      "tspipe-api-latency-p99", Set.of(),
      "tspipe-attack-detected", Set.of(),
      "tspipe-data-quality", Set.of("{}"),
      "tspipe-type-stopped", Set.of("{type=email_send}")), firingNow, "firing now");
    assertEquals(Map.of(
      "tspipe-api-latency-p99", Set.of("{}"),
      "tspipe-attack-detected", Set.of("{}"),
      "tspipe-data-quality", Set.of(),
      "tspipe-type-stopped", Set.of()), firingDuringAttack, "firing during the attack");
    firingOverNothing.forEach((uid, firing) -> assertEquals(Set.of(), firing, uid + " where nothing was stored"));
  }

  /** Good events of {@code generated} spread evenly from {@code first} to {@code last}; their re-sends follow them. */
  private static void retime(GeneratedRecords generated, Instant first, Instant last, Predicate<JsonObject> keep,
                             Map<String, String> stored, List<OutgoingEvent> into) {
    long good = generated.count(OutgoingEvent.Kind.GOOD);
    long step = Duration.between(first, last).toMillis() / Math.max(good - 1, 1);
    int index = 0;
    for (OutgoingEvent record : generated.records()) {
      if (record.kind() == OutgoingEvent.Kind.GOOD) {
        JsonObject event = new JsonObject(record.value())
          .put("timestamp", StoredValues.formatMillis(first.toEpochMilli() + index++ * step));
        if (keep.test(event)) {
          stored.put(event.getString("id"), event.encode());
          into.add(new OutgoingEvent(record.type(), record.key(), event.encode(), OutgoingEvent.Kind.GOOD));
        }
      } else if (record.kind() == OutgoingEvent.Kind.DUPLICATE) {
        String original = stored.get(new JsonObject(record.value()).getString("id"));
        if (original != null) {
          into.add(new OutgoingEvent(record.type(), record.key(), original, OutgoingEvent.Kind.DUPLICATE));
        }
      } else {
        into.add(record);
      }
    }
  }

  /** Records the worker must refuse, now: half not JSON at all, half without their user. */
  private static List<OutgoingEvent> rejectBurst() {
    List<OutgoingEvent> bad = new ArrayList<>();
    for (OutgoingEvent record : TestPipeline.generate(REJECT_BURST * 2, false, 73).records()) {
      if (record.kind() == OutgoingEvent.Kind.GOOD && bad.size() < REJECT_BURST) {
        JsonObject event = new JsonObject(record.value());
        String value = bad.size() % 2 == 0 ? "{\"id\": \"" + event.getString("id") : withoutUser(event);
        bad.add(new OutgoingEvent(record.type(), record.key(), value, OutgoingEvent.Kind.BAD));
      }
    }
    return bad;
  }

  private static String withoutUser(JsonObject event) {
    USERLESS_IDS.add(event.getString("id"));
    event.remove("userId");
    return event.encode();
  }

  private void attackWindow(Instant startedAt, Instant endedAt, String trigger) {
    JsonObject window = new JsonObject().put("windowId", UUID.randomUUID().toString())
      .put("startedAt", StoredValues.formatMillis(startedAt.toEpochMilli()))
      .put("endedAt", endedAt == null ? null : StoredValues.formatMillis(endedAt.toEpochMilli()))
      .put("trigger", trigger);
    pipeline.produceRaw(pipeline.kafka().attackWindowsTopic(), "window", window.encode());
  }

  /**
   * The alert instances of a rule's query evaluated at {@code at} over its relative time range, as their label sets:
   * the threshold of the rule's condition applied to the one numeric column of each row.
   */
  private Set<String> firing(ClickHouseQuery query, Instant at) throws Exception {
    JsonObject answer = run(query, Range.last(query.lookback(), at, Duration.ofSeconds(1)));
    JsonObject threshold = condition(query.rule());
    String operator = threshold.getJsonArray("conditions").getJsonObject(0).getJsonObject("evaluator").getString("type");
    double limit = threshold.getJsonArray("conditions").getJsonObject(0).getJsonObject("evaluator")
      .getJsonArray("params").getDouble(0);
    JsonArray meta = answer.getJsonArray("meta");
    Set<String> firing = new HashSet<>();
    for (Object entry : answer.getJsonArray("data")) {
      JsonArray row = (JsonArray) entry;
      Map<String, String> labels = new TreeMap<>();
      double value = Double.NaN;
      for (int i = 0; i < meta.size(); i++) {
        if (NUMERIC.matcher(meta.getJsonObject(i).getString("type")).matches()) {
          assertNotNull(row.getValue(i), query.where() + ": the alert value is a number at " + at);
          value = ((Number) row.getValue(i)).doubleValue();
        } else {
          labels.put(meta.getJsonObject(i).getString("name"), row.getString(i));
        }
      }
      boolean fires = switch (operator) {
        case "gt" -> value > limit;
        case "lt" -> value < limit;
        default -> throw new AssertionError(query.where() + ": unexpected evaluator " + operator);
      };
      if (fires) {
        firing.add(labels.toString());
      }
    }
    return firing;
  }

  private static JsonObject condition(JsonObject rule) {
    for (Object entry : rule.getJsonArray("data")) {
      JsonObject data = (JsonObject) entry;
      if (data.getString("refId").equals(rule.getString("condition"))) {
        JsonObject threshold = data.getJsonObject("model");
        assertEquals("A", threshold.getString("expression"), rule.getString("uid") + ": the threshold reads query A");
        return threshold;
      }
    }
    throw new AssertionError(rule.getString("uid") + ": no condition");
  }

  /** Grafana's interval for a panel: what the range and width give, never under the panel's minimum. */
  private static Duration panelInterval(ClickHouseQuery query, Duration byWidth) {
    return byWidth.compareTo(query.minInterval()) < 0 ? query.minInterval() : byWidth;
  }

  private ClickHouseQuery panelQuery(String title) {
    return grafana.clickHouseQueries().stream().filter(query -> query.where().contains("/ " + title + " /"))
      .findFirst().orElseThrow();
  }

  private ClickHouseQuery annotation() {
    return grafana.clickHouseQueries().stream().filter(query -> query.use() == Use.ANNOTATION).findFirst().orElseThrow();
  }

  /**
   * Runs {@code query} expanded for {@code range} on the engine, in the test's database, as the read-only user runs
   * it; checks its answer's column types for its use and that no value is nan or inf; answers ClickHouse's JSONCompact.
   */
  private JsonObject run(ClickHouseQuery query, Range range) throws Exception {
    String sql = GrafanaMacros.expand(query.sql(), range);
    String url = LocalEngines.get().clickHouseUrl() + "/?database=" + URLEncoder.encode(pipeline.db(), StandardCharsets.UTF_8)
      + "&readonly=2&default_format=JSONCompact&output_format_json_quote_denormals=1"
      + "&output_format_json_quote_64bit_integers=0";
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
      .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
    String where = query.where() + " over " + range;
    if (response.statusCode() != 200) {
      fail(where + " failed: " + response.body() + "\n" + sql);
    }
    JsonObject answer = new JsonObject(response.body());
    assertColumnTypes(query, answer.getJsonArray("meta"), where);
    for (Object row : answer.getJsonArray("data")) {
      for (Object value : (JsonArray) row) {
        assertFinite(value, where);
      }
    }
    if (query.format() == 0) {
      assertTimeOrdered(answer.getJsonArray("data"), where);
    }
    return answer;
  }

  private static void assertColumnTypes(ClickHouseQuery query, JsonArray meta, String where) {
    List<String> types = new ArrayList<>();
    meta.forEach(column -> types.add(((JsonObject) column).getString("type")));
    List<String> names = new ArrayList<>();
    meta.forEach(column -> names.add(((JsonObject) column).getString("name")));
    long numeric = types.stream().filter(type -> NUMERIC.matcher(type).matches()).count();
    long text = types.stream().filter(type -> TEXT.matcher(type).matches()).count();
    switch (query.use()) {
      case ANNOTATION -> {
        assertEquals(List.of("time", "timeEnd", "text", "tags"), names, where);
        assertTrue(TIME.matcher(types.get(0)).matches() && TIME.matcher(types.get(1)).matches(), where + ": " + types);
        assertEquals(2, text, where + ": " + types);
      }
      case ALERT -> {
        assertEquals(1, numeric, where + ": numeric data is one number per row: " + types);
        assertEquals(types.size() - 1, text, where + ": the other columns are labels: " + types);
      }
      case PANEL -> {
        if (query.format() == 0) {
          assertTrue(TIME.matcher(types.get(0)).matches(), where + ": a time series starts with its time: " + types);
          assertEquals(types.size() - 1, numeric + text, where + ": then values and labels: " + types);
        } else {
          long times = types.stream().filter(type -> TIME.matcher(type).matches()).count();
          assertEquals(types.size(), numeric + text + times, where + ": a table of values, labels and times: " + types);
        }
        assertTrue(numeric > 0, where + ": has a value column: " + types);
      }
      default -> throw new AssertionError(query.use());
    }
  }

  private static void assertFinite(Object value, String where) {
    if (value instanceof JsonArray array) {
      array.forEach(item -> assertFinite(item, where));
    } else if (value instanceof String text) {
      assertFalse(DENORMAL.matcher(text).matches(), where + " answered " + text);
    } else if (value instanceof Number number) {
      assertTrue(Double.isFinite(number.doubleValue()), where + " answered " + number);
    }
  }

  private static void assertTimeOrdered(JsonArray rows, String where) {
    String previous = "";
    for (Object row : rows) {
      String time = ((JsonArray) row).getString(0);
      assertTrue(time.compareTo(previous) >= 0, where + ": rows come in time order, for Grafana to pivot them");
      previous = time;
    }
  }

  private static void assertTargets(JsonObject panel, Map<String, String> datasources, String where) {
    JsonObject datasource = panel.getJsonObject("datasource");
    assertDatasource(datasource, datasources, where);
    JsonArray targets = panel.getJsonArray("targets");
    assertFalse(targets.isEmpty(), where + ": has targets");
    Set<String> refIds = new HashSet<>();
    for (Object entry : targets) {
      JsonObject target = (JsonObject) entry;
      assertTrue(refIds.add(target.getString("refId")), where + ": refId " + target.getString("refId") + " is unique");
      assertEquals(datasource, target.getJsonObject("datasource"), where + ": target and panel share a datasource");
      if (GrafanaProvisioning.CLICKHOUSE_TYPE.equals(datasource.getString("type"))) {
        assertClickHouseTarget(target, where);
      } else {
        assertKnownKeys(PROMETHEUS_TARGET_KEYS, target, where);
        assertPromQl(target.getString("expr"), where);
      }
    }
  }

  private static void assertClickHouseTarget(JsonObject target, String where) {
    assertKnownKeys(CLICKHOUSE_TARGET_KEYS, target, where);
    assertNotNull(target.getString("refId"), where + ": refId");
    assertEquals(new JsonObject().put("type", GrafanaProvisioning.CLICKHOUSE_TYPE).put("uid", "tspipe-clickhouse"),
      target.getJsonObject("datasource"), where);
    assertEquals("sql", target.getString("editorType"), where);
    assertTrue(Set.of(0, 1).contains(target.getInteger("format")), where + ": format 0 (time series) or 1 (table)");
    assertClickHouseSql(target.getString("rawSql"), where);
  }

  private static void assertClickHouseSql(String sql, String where) {
    assertTrue(sql != null && sql.strip().toUpperCase().startsWith("SELECT"), where + ": rawSql is a SELECT");
    assertFalse(sql.contains("pipeline."), where + ": tables are unqualified, so defaultDatabase picks them");
    assertFalse(sql.contains(";"), where + ": one statement");
  }

  private static void assertPromQl(String expr, String where) {
    assertTrue(expr != null && !expr.isBlank(), where + ": expr");
    String rest = expr.replace("$__rate_interval", "");
    assertFalse(GRAFANA_VARIABLE.matcher(rest).find(), where + ": no Grafana variable but $__rate_interval: " + expr);
  }

  private static void assertDatasource(JsonObject datasource, Map<String, String> datasources, String where) {
    assertNotNull(datasource, where + ": datasource");
    assertEquals(Set.of("type", "uid"), datasource.fieldNames(), where + ": datasource");
    assertEquals(datasources.get(datasource.getString("uid")), datasource.getString("type"),
      where + ": datasource " + datasource.getString("uid") + " is provisioned with that type");
  }

  private static void assertGridPosition(JsonObject gridPos, String where) {
    assertNotNull(gridPos, where + ": gridPos");
    assertEquals(Set.of("h", "w", "x", "y"), gridPos.fieldNames(), where + ": gridPos");
    int x = gridPos.getInteger("x");
    int w = gridPos.getInteger("w");
    assertTrue(x >= 0 && w > 0 && x + w <= 24 && gridPos.getInteger("y") >= 0 && gridPos.getInteger("h") > 0,
      where + ": gridPos " + gridPos.encode() + " fits 24 columns");
  }

  private static void assertNoOverlaps(List<JsonObject> panels, String file) {
    for (int i = 0; i < panels.size(); i++) {
      for (int j = i + 1; j < panels.size(); j++) {
        JsonObject a = panels.get(i).getJsonObject("gridPos");
        JsonObject b = panels.get(j).getJsonObject("gridPos");
        boolean apart = a.getInteger("x") + a.getInteger("w") <= b.getInteger("x")
          || b.getInteger("x") + b.getInteger("w") <= a.getInteger("x")
          || a.getInteger("y") + a.getInteger("h") <= b.getInteger("y")
          || b.getInteger("y") + b.getInteger("h") <= a.getInteger("y");
        assertTrue(apart, file + ": '" + panels.get(i).getString("title") + "' and '" + panels.get(j).getString("title")
          + "' overlap");
      }
    }
  }

  private static void assertKnownKeys(Set<String> known, JsonObject object, String where) {
    Set<String> unknown = new HashSet<>(object.fieldNames());
    unknown.removeAll(known);
    assertTrue(unknown.isEmpty(), where + ": unknown keys " + unknown);
  }
}
