package io.tspipe.ops;

import com.github.dockerjava.api.model.Ulimit;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.config.Config;
import io.tspipe.event.EventType;
import io.tspipe.event.EventValidator;
import io.tspipe.event.EventValidatorTest;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpAddresses;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseSchema;
import io.tspipe.store.EventsTable;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.ComposeServices;
import io.tspipe.testing.ProjectFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ClickHouse of {@code docker-compose.yml}'s profile cluster, in containers: its Keeper and its two servers, each
 * from the compose file's image, command, environment and mounted files, on a network where each answers to its
 * service's name. The schema is applied in cluster mode through the first server, as {@code clickhouse/server/
 * cluster.env} points the roles; a batch of events is inserted twice through the {@code Distributed} events table with
 * the same deduplication token, as a retried batch is, and one copy of it is stored, spread over both shards, its
 * rollup counted once. Runs where Testcontainers finds a Docker engine, and is skipped, saying so, elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "dockerIsAvailable", disabledReason = "no Docker engine: the cluster of the compose profile runs in "
  + "containers only")
class ClickHouseClusterIT {

  private static final String KEEPER = "clickhouse-keeper";
  private static final List<String> SERVERS = List.of("clickhouse-1", "clickhouse-2");
  private static final int HTTP_PORT = 8123;
  private static final int KEEPER_READY_PORT = 9182;
  private static final long OPEN_FILES = 262_144;
  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final int EVENTS = 200;

  private Network network;
  private final List<GenericContainer<?>> containers = new ArrayList<>();
  private Vertx vertx;
  private final List<ClickHouseClient> servers = new ArrayList<>();

  @BeforeAll
  void startCluster() {
    ComposeServices compose = ComposeServices.read();
    network = Network.newNetwork();
    GenericContainer<?> keeper = container(compose.service(KEEPER))
      .withExposedPorts(KEEPER_READY_PORT)
      .waitingFor(Wait.forHttp("/ready").forPort(KEEPER_READY_PORT).forStatusCode(200).withStartupTimeout(STARTUP));
    keeper.start();
    List<GenericContainer<?>> clickHouses = new ArrayList<>();
    SERVERS.forEach(name -> clickHouses.add(server(compose.service(name))));
    Startables.deepStart(clickHouses).join();
    vertx = Vertx.vertx();
    Properties clusterEnv = clusterEnv();
    for (int i = 0; i < SERVERS.size(); i++) {
      GenericContainer<?> server = clickHouses.get(i);
      JsonObject clickhouse = Config.defaults().getJsonObject("clickhouse").copy()
        .put("url", "http://" + server.getHost() + ":" + server.getMappedPort(HTTP_PORT))
        .put("user", "tspipe")
        .put("password", compose.service(SERVERS.get(i)).environment().get("TSPIPE_CLICKHOUSE_PASSWORD"))
        .put("cluster", clusterEnv.getProperty("TSPIPE_CLICKHOUSE_CLUSTER"));
      servers.add(new ClickHouseClient(vertx, ClickHouseSettings.from(clickhouse)));
    }
  }

  static boolean dockerIsAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  @AfterAll
  void stopCluster() {
    servers.forEach(ClickHouseClient::close);
    if (vertx != null) {
      await(vertx.close());
    }
    containers.forEach(GenericContainer::stop);
    if (network != null) {
      network.close();
    }
  }

  @Test
  @DisplayName("a batch inserted twice through the Distributed table with one token is stored once, over both shards")
  void retriedBatchIsStoredOnce() {
    ClickHouseClient first = servers.get(0);
    await(new ClickHouseSchema(first, 30).apply());
    await(new ClickHouseSchema(servers.get(1), 30).apply());
    Buffer batch = events(EVENTS);
    String token = UUID.randomUUID() + ":" + EventsTable.NAME;
    await(first.insertRowBinary(EventsTable.NAME, EventsTable.COLUMNS, batch, token));
    await(first.insertRowBinary(EventsTable.NAME, EventsTable.COLUMNS, batch, token));

    for (ClickHouseClient server : servers) {
      assertEquals(EVENTS, number(server, "SELECT count() FROM pipeline.events"), "events read through any server");
      assertEquals(EVENTS, number(server, "SELECT sum(events) FROM pipeline.events_minute"), "the rollup counts once");
    }
    long onFirst = number(servers.get(0), "SELECT count() FROM pipeline.events_local");
    long onSecond = number(servers.get(1), "SELECT count() FROM pipeline.events_local");
    assertEquals(EVENTS, onFirst + onSecond);
    assertTrue(onFirst > 0 && onSecond > 0, "both shards hold events: " + onFirst + " and " + onSecond);

    await(first.insertRowBinary(EventsTable.NAME, EventsTable.COLUMNS, events(EVENTS), UUID.randomUUID().toString()));
    assertEquals(2L * EVENTS, number(servers.get(1), "SELECT count() FROM pipeline.events"),
      "another batch with a token of its own is stored");
  }

  private GenericContainer<?> server(ComposeServices.Service service) {
    GenericContainer<?> server = container(service);
    server.withExposedPorts(HTTP_PORT)
      .withCreateContainerCmdModifier(create -> create.getHostConfig()
        .withUlimits(List.of(new Ulimit("nofile", OPEN_FILES, OPEN_FILES))))
      .waitingFor(Wait.forHttp("/ping").forPort(HTTP_PORT).forStatusCode(200).withStartupTimeout(STARTUP));
    return server;
  }

  /** The compose service as a container on the test's network, answering to its service's name. */
  private GenericContainer<?> container(ComposeServices.Service service) {
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(service.image()))
      .withNetwork(network)
      .withNetworkAliases(service.name())
      .withCreateContainerCmdModifier(create -> create.withHostName(service.hostname()))
      .withEnv(service.environment());
    if (!service.command().isEmpty()) {
      container.withCommand(service.command().toArray(String[]::new));
    }
    service.files().forEach((file, target) -> container.withCopyFileToContainer(MountableFile.forHostPath(file), target));
    containers.add(container);
    return container;
  }

  /** {@code count} api_request events with ids of their own, as the worker encodes them. */
  private static Buffer events(int count) {
    long nowMillis = System.currentTimeMillis();
    EventValidator validator = new EventValidator(Duration.ofDays(1), Duration.ofMinutes(5));
    List<byte[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonObject sent = EventValidatorTest.apiRequest().put("id", UUID.randomUUID().toString())
        .put("timestamp", StoredValues.formatMillis(nowMillis - i));
      Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class,
        validator.validate(EventType.API_REQUEST, sent.toBuffer(), nowMillis));
      rows.add(EventsTable.row(accepted, IpAddresses.parse(sent.getString("sourceIp")),
        new IpInfo("NL", 64500, "Example AS", true, "203.0.113.0/24"), new RecordPosition("api-requests", 0, i)));
    }
    return EventsTable.rows(rows, nowMillis);
  }

  private static long number(ClickHouseClient server, String sql) {
    JsonObject row = await(server.select(sql, Map.of())).get(0);
    return Long.parseLong(String.valueOf(row.getValue(row.fieldNames().iterator().next())));
  }

  private static Properties clusterEnv() {
    Properties env = new Properties();
    try (InputStream in = Files.newInputStream(ProjectFiles.root().resolve("clickhouse/server/cluster.env"))) {
      env.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(2, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 2 minutes", e);
    }
  }
}
