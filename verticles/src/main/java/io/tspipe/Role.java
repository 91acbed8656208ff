package io.tspipe;

import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.KafkaSettings;
import io.tspipe.detector.DetectorSettings;
import io.tspipe.detector.DetectorVerticle;
import io.tspipe.generator.GeneratorSettings;
import io.tspipe.generator.GeneratorVerticle;
import io.tspipe.indexer.IndexerSettings;
import io.tspipe.indexer.IndexerVerticle;
import io.tspipe.ledger.LedgerSettings;
import io.tspipe.sink.search.SearchSettings;
import io.tspipe.web.WebSettings;
import io.tspipe.web.WebRole;
import io.tspipe.worker.WorkerSettings;
import io.tspipe.worker.WorkerVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The deployable roles. Each runs alone in its own process or together with others; each gets only its slice of the config. */
public enum Role {
  GENERATOR(config -> new GeneratorVerticle(
    GeneratorSettings.from(config.getJsonObject("generator")),
    KafkaSettings.from(config.getJsonObject("kafka")),
    Path.of(config.getJsonObject("ipIntelligence").getString("dir"))),
    config -> new DeploymentOptions()),
  /** The search indexer, a worker thread of its own: validation is CPU work. */
  INDEXER(config -> new IndexerVerticle(
    IndexerSettings.from(config.getJsonObject("indexer")),
    KafkaSettings.from(config.getJsonObject("kafka")),
    SearchSettings.from(config.getJsonObject("search")),
    Duration.ofSeconds(WorkerSettings.from(config.getJsonObject("worker")).maxFutureSkewSeconds()),
    Path.of(config.getJsonObject("ipIntelligence").getString("dir"))),
    config -> new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)),
  /** The HTTP APIs, the live feeds and the ledger: see {@link WebRole}. */
  WEB(config -> new WebRole(
    WebSettings.from(config.getJsonObject("web")),
    KafkaSettings.from(config.getJsonObject("kafka")),
    ClickHouseSettings.from(config.getJsonObject("clickhouse")),
    SearchSettings.from(config.getJsonObject("search")),
    DetectorSettings.from(config.getJsonObject("detector")),
    LedgerSettings.from(config.getJsonObject("ledger"), config.getJsonObject("worker"), config.getJsonObject("indexer"))),
    config -> new DeploymentOptions()),
  /** Worker threads, as many as {@code worker.instances}: each a consumer of the same group, owning its partitions. */
  WORKER(config -> new WorkerVerticle(
    WorkerSettings.from(config.getJsonObject("worker")),
    KafkaSettings.from(config.getJsonObject("kafka")),
    ClickHouseSettings.from(config.getJsonObject("clickhouse")),
    Path.of(config.getJsonObject("ipIntelligence").getString("dir"))),
    config -> new DeploymentOptions()
      .setThreadingModel(ThreadingModel.WORKER)
      .setInstances(WorkerSettings.from(config.getJsonObject("worker")).instances())),
  /** The rules over stored events: see {@link DetectorVerticle}. */
  DETECTOR(config -> new DetectorVerticle(
    DetectorSettings.from(config.getJsonObject("detector")),
    KafkaSettings.from(config.getJsonObject("kafka")),
    ClickHouseSettings.from(config.getJsonObject("clickhouse"))),
    config -> new DeploymentOptions());

  private final Function<JsonObject, Deployable> factory;
  private final Function<JsonObject, DeploymentOptions> options;

  Role(Function<JsonObject, Deployable> factory, Function<JsonObject, DeploymentOptions> options) {
    this.factory = factory;
    this.options = options;
  }

  /** A supplier of this role's verticle, called once per instance. */
  public Supplier<Deployable> verticles(JsonObject config) {
    return () -> factory.apply(config);
  }

  public DeploymentOptions deploymentOptions(JsonObject config) {
    return options.apply(config);
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code roles}: a comma-separated list of role names, or {@code all}. */
  public static Set<Role> parse(String roles) {
    Set<Role> parsed = EnumSet.noneOf(Role.class);
    for (String name : roles.split(",")) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (trimmed.equals("all")) {
        parsed.addAll(EnumSet.allOf(Role.class));
      } else if (!trimmed.isEmpty()) {
        parsed.add(Arrays.stream(values()).filter(role -> role.configName().equals(trimmed)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("config key roles: unknown role '" + trimmed
            + "'; known roles are " + Arrays.stream(values()).map(Role::configName).collect(Collectors.joining(", "))
            + " or all")));
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("config key roles is empty; name at least one role or all");
    }
    return parsed;
  }
}
