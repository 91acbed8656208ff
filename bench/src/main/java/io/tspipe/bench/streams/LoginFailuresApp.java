package io.tspipe.bench.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The spike's Kafka Streams application, {@link IpLoginFailures}, as a process of its own so its CPU can be measured:
 * {@code java -cp tspipe-bench.jar io.tspipe.bench.streams.LoginFailuresApp --bootstrap host:port --application-id id
 * --input topic --output topic --state-dir dir [--threads 1] [--grace-seconds 30]}. A new application id starts from
 * the earliest offsets with empty state: a replay. Prints {@value #RUNNING} once it processes, then its
 * {@link TopologyProgress} every second ({@value #PROGRESS}{@code <read> <rekeyed>}), and the records its tasks
 * dropped when it stops ({@value #DROPPED}{@code <count>}, mostly logins later than the grace); stops cleanly on
 * SIGTERM.
 */
public final class LoginFailuresApp {

  public static final String RUNNING = "streams app: RUNNING";
  public static final String PROGRESS = "streams app: progress ";
  public static final String DROPPED = "streams app: dropped records ";

  private LoginFailuresApp() {
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = options(List.of(args));
    TopologyProgress progress = new TopologyProgress();
    KafkaStreams streams = new KafkaStreams(IpLoginFailures.topology(options.get("--input"), options.get("--output"),
      Duration.ofSeconds(Long.parseLong(options.getOrDefault("--grace-seconds", "30"))), System::currentTimeMillis,
      progress), config(options));
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "streams-progress");
      thread.setDaemon(true);
      return thread;
    });
    reporter.scheduleAtFixedRate(() -> System.out.println(PROGRESS + progress.read().sum() + " "
      + progress.rekeyed().sum()), 1, 1, TimeUnit.SECONDS);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      System.out.println("streams app: " + before + " -> " + now);
      if (now == KafkaStreams.State.RUNNING) {
        System.out.println(RUNNING);
      }
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        stopped.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(failure -> {
      System.err.println("streams app: FAILED: " + failure);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println(DROPPED + droppedRecords(streams));
      streams.close(Duration.ofSeconds(30));
    }, "streams-close"));
    streams.start();
    stopped.await();
    System.exit(streams.state() == KafkaStreams.State.ERROR ? 1 : 0);
  }

  /** The tasks' {@code dropped-records-total}, summed. */
  private static long droppedRecords(KafkaStreams streams) {
    return streams.metrics().values().stream()
      .filter(metric -> metric.metricName().name().equals("dropped-records-total"))
      .mapToLong(metric -> ((Number) metric.metricValue()).longValue()).sum();
  }

  /**
   * Streams' defaults but for the state directory and the threads: at-least-once, commits every 30 s, changelog
   * topics on, the broker's replication.
   */
  static Properties config(Map<String, String> options) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, options.get("--application-id"));
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("--bootstrap"));
    config.put(StreamsConfig.STATE_DIR_CONFIG, options.get("--state-dir"));
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.getOrDefault("--threads", "1"));
    return config;
  }

  private static Map<String, String> options(List<String> args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.size(); i += 2) {
      options.put(args.get(i), args.get(i + 1));
    }
    for (String required : List.of("--bootstrap", "--application-id", "--input", "--output", "--state-dir")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("missing " + required + "; see the class's javadoc");
      }
    }
    return options;
  }
}
