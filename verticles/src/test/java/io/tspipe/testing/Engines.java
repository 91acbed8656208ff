package io.tspipe.testing;

/**
 * The real engines the integration tests run against: a Kafka broker, ClickHouse's HTTP interface and Meilisearch.
 * Tests take them only through this seam, so the same tests run on either implementation:
 * <ul>
 *   <li>{@link ContainerEngines}: the published images in containers, through Testcontainers, when a Docker engine
 *   is present;</li>
 *   <li>{@link LocalEngines}: the same engines as child processes of the test JVM, when there is none.</li>
 * </ul>
 * {@link #get()} picks one once per JVM from the system property {@value #PROPERTY}: {@code local},
 * {@code containers} or {@code auto} (the default: containers when Testcontainers finds a Docker engine, local
 * otherwise), and logs which it picked and why.
 *
 * <p>One set of engines serves every test of the JVM, started on first use; tests keep apart by naming their own
 * topics, consumer groups, databases and indexes (see {@link TestPipeline}). A test that stops an engine starts it
 * again before it ends, since the others share it.
 */
public interface Engines {

  /** The system property that picks the engines: {@code local}, {@code containers} or {@code auto}. */
  String PROPERTY = "tspipe.engines";

  /** The engines of this JVM, started on first use; a failed choice or start fails every later call the same way. */
  static Engines get() {
    return ChosenEngines.get();
  }

  /** The Kafka broker's {@code host:port}, for {@code bootstrap.servers}. */
  String bootstrapServers();

  /** The base URL of ClickHouse's HTTP interface, like {@code http://127.0.0.1:8123}, without a trailing slash. */
  String clickHouseUrl();

  /** The ClickHouse user to sign in as ({@code X-ClickHouse-User}); it may create databases and tables. */
  String clickHouseUser();

  /** The password of {@link #clickHouseUser()} ({@code X-ClickHouse-Key}); may be empty. */
  String clickHousePassword();

  /** The base URL of Meilisearch, like {@code http://127.0.0.1:7700}, without a trailing slash. */
  String meilisearchUrl();

  /** The master key Meilisearch runs with: send it as {@code Authorization: Bearer <key>}. */
  String meilisearchMasterKey();

  /**
   * Stops the Kafka broker cleanly and returns once it is unreachable: new connections to {@link #bootstrapServers()}
   * are refused. Its topics, records and committed offsets stay for {@link #startKafka()}. Does nothing if it is
   * stopped already.
   */
  void stopKafka();

  /**
   * Starts the Kafka broker again at the same {@link #bootstrapServers()}, advertising it again, with the same topics,
   * records and committed offsets, and returns once it answers clients. Does nothing if it runs already.
   */
  void startKafka();

  /**
   * Stops ClickHouse cleanly and returns once it is unreachable: new connections to {@link #clickHouseUrl()} are
   * refused. Its data stays for {@link #startClickHouse()}. Does nothing if it is stopped already.
   */
  void stopClickHouse();

  /**
   * Starts ClickHouse again at the same {@link #clickHouseUrl()}, with the same data and credentials, and returns
   * once it answers {@code /ping}. Does nothing if it runs already.
   */
  void startClickHouse();

  /**
   * Stops Meilisearch cleanly and returns once it is unreachable: new connections to {@link #meilisearchUrl()} are
   * refused. Its indexes and keys stay for {@link #startMeilisearch()}. Does nothing if it is stopped already.
   */
  void stopMeilisearch();

  /**
   * Starts Meilisearch again at the same {@link #meilisearchUrl()}, with the same indexes and master key, and returns
   * once {@code /health} reports it available. Does nothing if it runs already.
   */
  void startMeilisearch();
}
