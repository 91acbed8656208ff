package io.tspipe.testing;

import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Ulimit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The real engines as containers of their published images, through Testcontainers: Apache Kafka ({@code
 * apache/kafka}, KRaft, one node), {@code clickhouse/clickhouse-server} and {@code getmeili/meilisearch}, each tag
 * pinned below. They start together, once per test JVM, on first use, and the tests never remove them: Ryuk,
 * Testcontainers' reaper, removes them when the JVM ends.
 *
 * <p><b>Stopping and starting again at the same URL.</b> A container Testcontainers starts again gets new random host
 * ports, so the engines are published instead on a fixed host port each, picked free on this machine before they are
 * created; {@link #stopKafka()}, {@link #stopClickHouse()} and {@link #stopMeilisearch()} are then {@code docker stop}
 * (SIGTERM, as the local engines get), and {@link #startKafka()}, {@link #startClickHouse()} and
 * {@link #startMeilisearch()} {@code docker start} of the same container, which keeps its port binding and its data.
 * The broker advertises its published port through the start script Testcontainers writes into its container at the
 * first start; {@code docker start} runs that script again, so it advertises the same address, and its storage, already
 * formatted, is kept. Its readiness is an admin client's answer, since the log line Testcontainers waits for the first
 * time is still in the container's log after a restart. While stopped nothing listens on the port, so connections are refused, as with a stopped local engine; a
 * paused container would accept connections and leave them hanging instead. The port is checked free only on this
 * machine: with a Docker engine on another host, another process there may hold it, and the container then fails to
 * start with Docker's "port is already allocated".
 *
 * <p>ClickHouse signs users in with a password (its image refuses the password-less {@code default} user over the
 * network); compression stays off, as the application's client sends none. The application applies its own schema.
 */
final class ContainerEngines implements Engines {

  static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.4.0");
  static final DockerImageName CLICKHOUSE_IMAGE = DockerImageName.parse("clickhouse/clickhouse-server:25.8.33.6");
  static final DockerImageName MEILISEARCH_IMAGE = DockerImageName.parse("getmeili/meilisearch:v1.21.0");

  private static final Logger LOG = LoggerFactory.getLogger(ContainerEngines.class);
  /** The listener of {@code apache/kafka} that Testcontainers advertises to clients outside Docker. */
  private static final int KAFKA_PORT = 9092;
  private static final int CLICKHOUSE_HTTP_PORT = 8123;
  private static final int MEILISEARCH_PORT = 7700;
  private static final String CLICKHOUSE_USER = "tspipe";
  private static final String CLICKHOUSE_PASSWORD = "tspipe-integration-test-password";
  private static final String MEILISEARCH_MASTER_KEY = "tspipe-integration-test-master-key";
  /** As {@code tools/up} and the local engines: left to its default, each small batch pays up to a second for it. */
  private static final String MEILISEARCH_INDEXING_MEMORY = "1GiB";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final int STOP_TIMEOUT_SECONDS = 60;
  /** The open-files limit ClickHouse's image documentation runs the server with. */
  private static final long CLICKHOUSE_OPEN_FILES = 262_144;

  private static final StartedOnce<ContainerEngines> ENGINES =
    new StartedOnce<>("the engine containers", ContainerEngines::start);

  private final RestartableContainer kafka;
  private final RestartableContainer clickHouse;
  private final RestartableContainer meilisearch;

  private ContainerEngines() {
    kafka = new RestartableContainer("Kafka", new KafkaContainer(KAFKA_IMAGE)
      // as the local broker: topics exist only once the application creates them
      .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
      .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
      .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1"),
      KAFKA_PORT,
      new BrokerAnswers());
    clickHouse = new RestartableContainer("ClickHouse", new GenericContainer<>(CLICKHOUSE_IMAGE)
      .withEnv("CLICKHOUSE_USER", CLICKHOUSE_USER)
      .withEnv("CLICKHOUSE_PASSWORD", CLICKHOUSE_PASSWORD)
      .withCreateContainerCmdModifier(create -> create.getHostConfig()
        .withUlimits(List.of(new Ulimit("nofile", CLICKHOUSE_OPEN_FILES, CLICKHOUSE_OPEN_FILES)))),
      CLICKHOUSE_HTTP_PORT,
      Wait.forHttp("/ping").forPort(CLICKHOUSE_HTTP_PORT).forStatusCode(200));
    meilisearch = new RestartableContainer("Meilisearch", new GenericContainer<>(MEILISEARCH_IMAGE)
      .withEnv("MEILI_MASTER_KEY", MEILISEARCH_MASTER_KEY)
      .withEnv("MEILI_ENV", "development")
      .withEnv("MEILI_NO_ANALYTICS", "true")
      .withEnv("MEILI_MAX_INDEXING_MEMORY", MEILISEARCH_INDEXING_MEMORY),
      MEILISEARCH_PORT,
      Wait.forHttp("/health").forPort(MEILISEARCH_PORT).forStatusCode(200)
        .forResponsePredicate(body -> body.replaceAll("\\s", "").equals("{\"status\":\"available\"}")));
  }

  /** The containers, started on first use; a failed start fails every later call the same way. */
  static ContainerEngines get() {
    return ENGINES.get();
  }

  @Override
  public String bootstrapServers() {
    return kafka.address();
  }

  @Override
  public String clickHouseUrl() {
    return clickHouse.url();
  }

  @Override
  public String clickHouseUser() {
    return CLICKHOUSE_USER;
  }

  @Override
  public String clickHousePassword() {
    return CLICKHOUSE_PASSWORD;
  }

  @Override
  public String meilisearchUrl() {
    return meilisearch.url();
  }

  @Override
  public String meilisearchMasterKey() {
    return MEILISEARCH_MASTER_KEY;
  }

  @Override
  public void stopKafka() {
    kafka.stop();
  }

  @Override
  public void startKafka() {
    kafka.start();
  }

  @Override
  public void stopClickHouse() {
    clickHouse.stop();
  }

  @Override
  public void startClickHouse() {
    clickHouse.start();
  }

  @Override
  public void stopMeilisearch() {
    meilisearch.stop();
  }

  @Override
  public void startMeilisearch() {
    meilisearch.start();
  }

  private static ContainerEngines start() {
    ContainerEngines engines = new ContainerEngines();
    try {
      Startables.deepStart(engines.kafka.container, engines.clickHouse.container, engines.meilisearch.container).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    LOG.info("engine containers up: Kafka {} at {}, ClickHouse {} at {}, Meilisearch {} at {}",
      KAFKA_IMAGE.getVersionPart(), engines.bootstrapServers(), CLICKHOUSE_IMAGE.getVersionPart(),
      engines.clickHouseUrl(), MEILISEARCH_IMAGE.getVersionPart(), engines.meilisearchUrl());
    return engines;
  }

  /** A container published on a fixed host port, so that {@code docker stop} and {@code docker start} keep its URL. */
  private static final class RestartableContainer {

    private final String name;
    private final GenericContainer<?> container;
    private final WaitStrategy readiness;
    private final int hostPort;

    RestartableContainer(String name, GenericContainer<?> container, int containerPort, WaitStrategy readiness) {
      this.name = name;
      this.container = container;
      this.readiness = readiness.withStartupTimeout(READY_TIMEOUT);
      this.hostPort = freePort();
      container.withExposedPorts(containerPort).waitingFor(this.readiness);
      container.setPortBindings(List.of(hostPort + ":" + containerPort));
    }

    /** {@code host:port}, for clients that take no URL. */
    String address() {
      return container.getHost() + ":" + hostPort;
    }

    String url() {
      return "http://" + address();
    }

    /** {@code docker stop}: SIGTERM, SIGKILL after a minute; returns once the container has exited. */
    synchronized void stop() {
      try {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId())
          .withTimeout(STOP_TIMEOUT_SECONDS).exec();
      } catch (NotModifiedException alreadyStopped) {
        LOG.debug("{} was stopped already", name);
      }
    }

    /** {@code docker start} of the same container, then its readiness check again. */
    synchronized void start() {
      try {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
      } catch (NotModifiedException alreadyRunning) {
        LOG.debug("{} was running already", name);
      }
      readiness.waitUntilReady(container);
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free port for an engine container", e);
      }
    }
  }

  /** Ready once the broker describes its cluster to an admin client at its published port. */
  private static final class BrokerAnswers extends AbstractWaitStrategy {

    private static final String ASK_TIMEOUT_MS = "2000";

    @Override
    protected void waitUntilReady() {
      String bootstrap = waitStrategyTarget.getHost() + ":" + waitStrategyTarget.getMappedPort(KAFKA_PORT);
      Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ASK_TIMEOUT_MS,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ASK_TIMEOUT_MS);
      try (Admin admin = Admin.create(config)) {
        Eventually.eventually(startupTimeout, Duration.ofMillis(500), () -> admin.describeCluster().nodes().get());
      } catch (AssertionError notAnswering) {
        throw new ContainerLaunchException("Kafka did not answer at " + bootstrap + " within " + startupTimeout,
          notAnswering);
      }
    }
  }
}
