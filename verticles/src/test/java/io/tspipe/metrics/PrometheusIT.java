package io.tspipe.metrics;

import io.tspipe.RoleProcess;
import io.tspipe.grafana.GrafanaProvisioning;
import io.tspipe.testing.ProjectFiles;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.tspipe.testing.Eventually.atOnce;
import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus side of operability, against a real Prometheus: the compose stack's configuration and alert rules pass
 * {@code promtool}, and every PromQL query of the Grafana dashboards and alert rules answers with data when Prometheus
 * scrapes the five roles, each its own process as in compose, through that same configuration.
 */
class PrometheusIT {

  private static final List<String> ROLES = List.of("generator", "worker", "indexer", "web", "detector");
  /** What Grafana makes of {@code $__rate_interval} at a 1 s scrape interval and a panel step of a few seconds. */
  private static final String RATE_INTERVAL = "20s";
  /** How long every role is scraped before the queries run. */
  private static final Duration FULL_WINDOW = Duration.ofSeconds(25);
  /** Jobs that only the compose stack scrapes (Redpanda's and ClickHouse's own endpoints): no data here. */
  private static final Pattern COMPOSE_ONLY = Pattern.compile("job=~?\"[^\"]*(redpanda|clickhouse)");

  private final Path repo = ProjectFiles.root();

  @Test
  @DisplayName("prometheus.yml and the alert rules pass promtool check, and the rules' own unit tests pass")
  void promtoolAcceptsConfigAndRules() throws Exception {
    Path prometheus = repo.resolve("prometheus");
    PrometheusServer.Tools.promtool(prometheus, List.of("check", "config", "prometheus.yml"));
    List<String> rules = files(prometheus.resolve("rules"), ".yml");
    assertFalse(rules.isEmpty(), "alert rules in prometheus/rules");
    List<String> check = new ArrayList<>(List.of("check", "rules"));
    rules.forEach(file -> check.add("rules/" + file));
    String checked = PrometheusServer.Tools.promtool(prometheus, check);
    assertTrue(checked.contains("SUCCESS"), checked);
    List<String> unitTests = files(prometheus.resolve("tests"), ".test.yml");
    assertFalse(unitTests.isEmpty(), "unit tests of the rules in prometheus/tests");
    List<String> test = new ArrayList<>(List.of("test", "rules"));
    unitTests.forEach(file -> test.add("tests/" + file));
    String tested = PrometheusServer.Tools.promtool(prometheus, test);
    assertTrue(tested.contains("SUCCESS"), tested);
  }

  @Test
  @DisplayName("every Prometheus query of the dashboards and Grafana alerts answers with finite data from the running roles")
  void dashboardQueriesAnswerFromRunningRoles() throws Exception {
    Map<String, String> queries = GrafanaProvisioning.find().prometheusQueries();
    assertFalse(queries.isEmpty(), "the Grafana dashboards hold Prometheus panels");
    try (TestPipeline pipeline = TestPipeline.create("prometheus")) {
      List<Integer> ports = TestPipeline.freePorts(ROLES.size() + 2);
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 300).getJsonObject("attack").put("mode", "off");
      pipeline.config().getJsonObject("web").put("host", "127.0.0.1").put("port", ports.get(ROLES.size()));
      pipeline.config().getJsonObject("search").put("searchKey",
        pipeline.awaitResult(pipeline.search().ensureSearchKey(pipeline.searchSettings().searchKeyUid())));
      Map<String, Integer> metricsPorts = new LinkedHashMap<>();
      List<RoleProcess> roles = new ArrayList<>();
      try {
        for (String role : ROLES) {
          int port = ports.get(metricsPorts.size());
          metricsPorts.put(role, port);
          pipeline.config().getJsonObject("metrics").put("enabled", true).put("host", "127.0.0.1").put("port", port);
          roles.add(pipeline.startRoles(role, role));
        }
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 1_000, Duration.ofMinutes(1));
        pipeline.awaitAtLeast("SELECT count() FROM ${db}.rejected_events", 1, Duration.ofMinutes(1));
        Path dir = Path.of(System.getProperty("tspipe.test.workdir", "target/it-engines"), "prometheus-" + System.nanoTime());
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, localConfig(metricsPorts));
        try (PrometheusServer prometheus = PrometheusServer.start(config, ports.get(ROLES.size() + 1), dir)) {
          awaitScraped(prometheus);
          assertTargetsUp(prometheus);
          assertRulesHealthy(prometheus);
          for (Map.Entry<String, String> query : queries.entrySet()) {
            assertAnswers(prometheus, query.getKey(), query.getValue());
          }
          System.out.printf("[%s] %d Prometheus queries answered with data from %d role processes%n", pipeline.name(),
            queries.size(), ROLES.size());
        }
      } finally {
        for (RoleProcess role : roles) {
          role.stop();
        }
      }
    }
  }

  /** The compose configuration itself, pointed at the local role processes, scraping and evaluating every second. */
  private String localConfig(Map<String, Integer> metricsPorts) throws IOException {
    String config = Files.readString(repo.resolve("prometheus/prometheus.yml"));
    // the scaled roles are found by DNS in compose; here each is one process on a port of its own
    config = replace(config, SCALED_ROLES_BY_DNS, scaledRoles(metricsPorts));
    for (Map.Entry<String, Integer> role : metricsPorts.entrySet()) {
      if (!SCALED_ROLES.contains(role.getKey())) {
        config = replace(config, "\"" + role.getKey() + ":9464\"", "\"127.0.0.1:" + role.getValue() + "\"");
      }
    }
    config = replace(config, "scrape_interval: 5s", "scrape_interval: 1s");
    config = replace(config, "scrape_timeout: 4s", "scrape_timeout: 1s");
    config = replace(config, "evaluation_interval: 5s", "evaluation_interval: 1s");
    return replace(config, "/etc/prometheus/rules/", repo.resolve("prometheus/rules") + "/");
  }

  private static final List<String> SCALED_ROLES = List.of("worker", "indexer");
  private static final String SCALED_ROLES_BY_DNS = """
        dns_sd_configs:
          - names: ["worker", "indexer"]
            type: A
            port: 9464
            refresh_interval: 15s
        relabel_configs:
          - source_labels: [__meta_dns_name]
            regex: (.+)
            target_label: role
    """;

  /** The scaled roles as more static targets of the job, one per local process, labelled with their role. */
  private static String scaledRoles(Map<String, Integer> metricsPorts) {
    StringBuilder targets = new StringBuilder();
    for (String role : SCALED_ROLES) {
      targets.append("      - targets: [\"127.0.0.1:").append(metricsPorts.get(role)).append("\"]\n")
        .append("        labels:\n          role: ").append(role).append('\n');
    }
    return targets.toString();
  }

  private static String replace(String text, String target, String replacement) {
    assertTrue(text.contains(target), "prometheus.yml holds " + target);
    return text.replace(target, replacement);
  }

  /**
   * Until every role is up and rates over {@link #RATE_INTERVAL} have a full window of samples: every role scraped
   * about every second over the last {@link #FULL_WINDOW}, a margin past the rate interval.
   */
  private static void awaitScraped(PrometheusServer prometheus) {
    eventually(Duration.ofSeconds(60), Duration.ofMillis(500), () -> assertTrue(
      numberOf(atOnce(() -> prometheus.query("count(up{job=\"tspipe\"} == 1)"))) >= ROLES.size(),
      () -> "the " + ROLES.size() + " roles are not all up in Prometheus; see " + prometheus.log()));
    long samples = FULL_WINDOW.toSeconds() - 1;
    eventually(FULL_WINDOW.multipliedBy(2), Duration.ofSeconds(1), () -> {
      double fewest = numberOf(atOnce(() -> prometheus.query("min(count_over_time(up{job=\"tspipe\"}["
        + FULL_WINDOW.toSeconds() + "s]))")));
      assertTrue(fewest >= samples, () -> "a role has " + fewest + " samples of the last " + FULL_WINDOW.toSeconds()
        + " s, expected " + samples + "; see " + prometheus.log());
    });
  }

  private static double numberOf(JsonObject data) {
    JsonArray result = data.getJsonArray("result");
    return result.isEmpty() ? 0 : Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  private static void assertTargetsUp(PrometheusServer prometheus) throws Exception {
    for (Object item : prometheus.activeTargets()) {
      JsonObject target = (JsonObject) item;
      JsonObject labels = target.getJsonObject("labels");
      if ("tspipe".equals(labels.getString("job"))) {
        assertEquals("up", target.getString("health"), labels.getString("role") + ": " + target.getString("lastError"));
      }
    }
  }

  private static void assertRulesHealthy(PrometheusServer prometheus) throws Exception {
    int rules = 0;
    for (Object group : prometheus.ruleGroups()) {
      for (Object item : ((JsonObject) group).getJsonArray("rules")) {
        JsonObject rule = (JsonObject) item;
        assertEquals("ok", rule.getString("health"), rule.getString("name") + ": " + rule.getString("lastError"));
        rules++;
      }
    }
    assertTrue(rules >= 5, "the alert rules were loaded: " + rules);
  }

  private static void assertAnswers(PrometheusServer prometheus, String source, String expr) throws Exception {
    assertTrue(expr != null && !expr.isBlank(), source + " has an empty query");
    String promql = expr.replace("$__rate_interval", RATE_INTERVAL);
    assertFalse(promql.contains("$"), source + " uses a Grafana variable this test does not know: " + expr);
    JsonObject data = prometheus.query(promql);
    assertEquals("vector", data.getString("resultType"), source + " is an instant vector, as a panel plots: " + promql);
    JsonArray result = data.getJsonArray("result");
    if (COMPOSE_ONLY.matcher(promql).find()) {
      System.out.printf("  %s: valid, %d series (scraped in compose only)%n", source, result.size());
      return;
    }
    assertFalse(result.isEmpty(), source + " answered no series: " + promql);
    for (Object item : result) {
      JsonObject series = (JsonObject) item;
      String value = series.getJsonArray("value").getString(1);
      double number = Double.parseDouble(value);
      assertTrue(Double.isFinite(number), source + " answered " + value + " for " + series.getJsonObject("metric")
        + ": " + promql);
    }
    System.out.printf("  %s: %d series%n", source, result.size());
  }

  private static List<String> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(suffix)).sorted().toList();
    }
  }

}
