package io.tspipe.grafana;

import io.tspipe.testing.ProjectFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project's Grafana provisioning as Grafana reads it from {@code grafana/}: datasources, the dashboard provider,
 * the dashboards and the alert rules; every ClickHouse query in them, each with what Grafana would hand the plugin
 * along with it; and every PromQL expression.
 */
public final class GrafanaProvisioning {

  static final String CLICKHOUSE_TYPE = "grafana-clickhouse-datasource";
  static final String PROMETHEUS_TYPE = "prometheus";
  static final String EXPRESSION_UID = "__expr__";

  /** Where a ClickHouse query comes from: decides which checks its answer must pass. */
  enum Use { PANEL, ANNOTATION, ALERT }

  /**
   * One ClickHouse query as Grafana would send it.
   *
   * @param where        dashboard, panel and refId, or rule uid and refId, for messages
   * @param sql          its rawSql, macros not yet expanded
   * @param format       0 time series, 1 table
   * @param minInterval  the panel's minimum interval (its {@code interval}), zero when it has none
   * @param lookback     for an alert rule, the length of its relative time range; zero otherwise
   * @param rule         for an alert rule, the rule itself; null otherwise
   */
  record ClickHouseQuery(String where, Use use, String sql, int format, Duration minInterval, Duration lookback,
                         JsonObject rule) {
  }

  private final Path root;

  private GrafanaProvisioning(Path root) {
    this.root = root;
  }

  /** The {@code grafana/} folder of the project. */
  public static GrafanaProvisioning find() {
    return new GrafanaProvisioning(ProjectFiles.root().resolve("grafana"));
  }

  JsonObject datasources() {
    return yaml("provisioning/datasources/datasources.yaml");
  }

  JsonObject dashboardProviders() {
    return yaml("provisioning/dashboards/dashboards.yaml");
  }

  JsonObject alertRules() {
    return yaml("provisioning/alerting/rules.yaml");
  }

  /** Every {@code grafana/dashboards/*.json}, by file name. */
  Map<String, JsonObject> dashboards() {
    try (Stream<Path> files = Files.list(root.resolve("dashboards"))) {
      Map<String, JsonObject> dashboards = new java.util.TreeMap<>();
      for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
        dashboards.put(file.getFileName().toString(), new JsonObject(Files.readString(file)));
      }
      return dashboards;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The datasources' uids mapped to their types. */
  Map<String, String> datasourceTypes() {
    Map<String, String> types = new java.util.HashMap<>();
    for (Object entry : datasources().getJsonArray("datasources")) {
      JsonObject datasource = (JsonObject) entry;
      types.put(datasource.getString("uid"), datasource.getString("type"));
    }
    return types;
  }

  /** Every panel of a dashboard, those nested in collapsed rows included. */
  static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> panels = new ArrayList<>();
    for (Object entry : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) entry;
      panels.add(panel);
      for (Object nested : panel.getJsonArray("panels", new JsonArray())) {
        panels.add((JsonObject) nested);
      }
    }
    return panels;
  }

  /** Every rule of every group in the alert rules file. */
  List<JsonObject> rules() {
    List<JsonObject> rules = new ArrayList<>();
    for (Object group : alertRules().getJsonArray("groups")) {
      for (Object rule : ((JsonObject) group).getJsonArray("rules")) {
        rules.add((JsonObject) rule);
      }
    }
    return rules;
  }

  /** Every ClickHouse query: panel targets, annotation queries and alert rule queries. */
  List<ClickHouseQuery> clickHouseQueries() {
    List<ClickHouseQuery> queries = new ArrayList<>();
    dashboards().forEach((file, dashboard) -> {
      for (JsonObject panel : panels(dashboard)) {
        Duration minInterval = panel.containsKey("interval") ? duration(panel.getString("interval")) : Duration.ZERO;
        for (Object entry : panel.getJsonArray("targets", new JsonArray())) {
          JsonObject target = (JsonObject) entry;
          if (CLICKHOUSE_TYPE.equals(target.getJsonObject("datasource").getString("type"))) {
            queries.add(new ClickHouseQuery(file + " / " + panel.getString("title") + " / " + target.getString("refId"),
              Use.PANEL, target.getString("rawSql"), target.getInteger("format"), minInterval, Duration.ZERO, null));
          }
        }
      }
      for (Object entry : dashboard.getJsonObject("annotations").getJsonArray("list")) {
        JsonObject annotation = (JsonObject) entry;
        if (CLICKHOUSE_TYPE.equals(annotation.getJsonObject("datasource").getString("type"))) {
          JsonObject target = annotation.getJsonObject("target");
          queries.add(new ClickHouseQuery(file + " / annotation " + annotation.getString("name"), Use.ANNOTATION,
            target.getString("rawSql"), target.getInteger("format"), Duration.ZERO, Duration.ZERO, null));
        }
      }
    });
    for (JsonObject rule : rules()) {
      for (Object entry : rule.getJsonArray("data")) {
        JsonObject data = (JsonObject) entry;
        JsonObject model = data.getJsonObject("model");
        if (CLICKHOUSE_TYPE.equals(model.getJsonObject("datasource").getString("type"))) {
          JsonObject relative = data.getJsonObject("relativeTimeRange");
          queries.add(new ClickHouseQuery("rule " + rule.getString("uid") + " / " + data.getString("refId"), Use.ALERT,
            model.getString("rawSql"), model.getInteger("format"), Duration.ZERO,
            Duration.ofSeconds(relative.getLong("from") - relative.getLong("to")), rule));
        }
      }
    }
    return queries;
  }

  /**
   * Every PromQL expression, keyed by where it is: the targets of the dashboards' panels whose datasource (the
   * target's, else the panel's) is Prometheus, and the alert rules' queries on a Prometheus datasource.
   */
  public Map<String, String> prometheusQueries() {
    Map<String, String> queries = new java.util.LinkedHashMap<>();
    dashboards().forEach((file, dashboard) -> {
      for (JsonObject panel : panels(dashboard)) {
        for (Object entry : panel.getJsonArray("targets", new JsonArray())) {
          JsonObject target = (JsonObject) entry;
          JsonObject datasource = target.getJsonObject("datasource", panel.getJsonObject("datasource"));
          if (datasource != null && PROMETHEUS_TYPE.equals(datasource.getString("type"))) {
            queries.put(dashboard.getString("title") + " / " + panel.getString("title") + " / "
              + target.getString("refId"), target.getString("expr"));
          }
        }
      }
    });
    Map<String, String> types = datasourceTypes();
    for (JsonObject rule : rules()) {
      for (Object entry : rule.getJsonArray("data")) {
        JsonObject data = (JsonObject) entry;
        if (PROMETHEUS_TYPE.equals(types.get(data.getString("datasourceUid")))) {
          queries.put("alert " + rule.getString("title") + " / " + data.getString("refId"),
            data.getJsonObject("model").getString("expr"));
        }
      }
    }
    return queries;
  }

  /** A Grafana duration such as {@code 30s}, {@code 1m}, {@code 2h}. */
  static Duration duration(String text) {
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'd' -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException("not a Grafana duration: " + text);
    };
  }

  @SuppressWarnings("unchecked")
  private JsonObject yaml(String file) {
    try {
      Object loaded = new Yaml().load(Files.readString(root.resolve(file)));
      return new JsonObject((Map<String, Object>) loaded);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
