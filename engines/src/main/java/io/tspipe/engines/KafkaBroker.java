package io.tspipe.engines;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Apache Kafka 4.4 as a single-node KRaft broker and controller, in this JVM.
 *
 * <pre>
 * KafkaBroker [--host 127.0.0.1] [--port 9092] [--controller-port 9093] [--data data/kafka]
 * </pre>
 *
 * Writes {@code <data>/server.properties} on every start and formats {@code <data>/storage} only the first time, so
 * topics and committed offsets survive restarts. The broker logs at INFO to {@code <data>/broker.log}; stdout gets
 * one line once the broker serves. On SIGTERM the broker shuts down cleanly and the process exits 0.
 */
public final class KafkaBroker {

  private static final Map<String, String> DEFAULTS = Map.of(
    "host", "127.0.0.1",
    "port", "9092",
    "controller-port", "9093",
    "data", "data/kafka");

  private KafkaBroker() {
  }

  public static void main(String[] args) throws IOException {
    CommandLine options = CommandLine.parse(args, DEFAULTS);
    String host = options.text("host");
    int port = options.port("port");
    int controllerPort = options.port("controller-port");
    Path data = options.path("data");
    Files.createDirectories(data);
    PrintStream stdout = System.out;
    logTo(data.resolve("broker.log"));

    Properties config = serverProperties(host, port, controllerPort, data.resolve("storage"));
    Path configFile = data.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(configFile)) {
      config.store(out, "written by " + KafkaBroker.class.getName() + " on every start");
    }
    formatStorageOnce(configFile, data.resolve("storage"));

    KafkaRaftServer broker = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDownAndExit(broker), "kafka-shutdown"));
    broker.startup();
    stdout.println("kafka ready on " + host + ":" + port + " (controller " + host + ":" + controllerPort
      + ", data " + data + ")");
    broker.awaitShutdown();
  }

  static Properties serverProperties(String host, int port, int controllerPort, Path storage) {
    Properties config = new Properties();
    config.setProperty("process.roles", "broker,controller");
    config.setProperty("node.id", "1");
    config.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    config.setProperty("listeners",
      "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    config.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.setProperty("controller.listener.names", "CONTROLLER");
    config.setProperty("inter.broker.listener.name", "PLAINTEXT");
    config.setProperty("log.dirs", storage.toString());
    config.setProperty("num.partitions", "6");
    // as Redpanda's default: topics exist only when a role creates them, with the configured partitions
    config.setProperty("auto.create.topics.enable", "false");
    config.setProperty("default.replication.factor", "1");
    config.setProperty("min.insync.replicas", "1");
    config.setProperty("offsets.topic.replication.factor", "1");
    config.setProperty("offsets.topic.num.partitions", "6");
    config.setProperty("transaction.state.log.replication.factor", "1");
    config.setProperty("transaction.state.log.min.isr", "1");
    config.setProperty("transaction.state.log.num.partitions", "6");
    config.setProperty("share.coordinator.state.topic.replication.factor", "1");
    config.setProperty("share.coordinator.state.topic.min.isr", "1");
    config.setProperty("group.initial.rebalance.delay.ms", "0");
    config.setProperty("log.retention.hours", "24");
    config.setProperty("log.retention.bytes", Long.toString(1L << 30));
    config.setProperty("log.segment.bytes", Integer.toString(64 << 20));
    return config;
  }

  /**
   * Everything the broker prints goes to the log file: slf4j-simple writes to System.err, and the few classes that
   * use the Log4j API get its simple logger, which does too.
   */
  private static void logTo(Path logFile) throws IOException {
    PrintStream log = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8);
    System.setOut(log);
    System.setErr(log);
    System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
  }

  private static void formatStorageOnce(Path configFile, Path storage) {
    if (Files.exists(storage.resolve("meta.properties"))) {
      return;
    }
    String[] format = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()};
    int status = StorageTool.execute(format, System.out);
    if (status != 0) {
      throw new IllegalStateException("formatting the storage failed (status " + status + "); see broker.log");
    }
  }

  private static void shutDownAndExit(KafkaRaftServer broker) {
    broker.shutdown();
    broker.awaitShutdown();
    Runtime.getRuntime().halt(0);
  }
}
