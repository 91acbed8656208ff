package io.tspipe.engines;

import com.sun.net.httpserver.HttpServer;
import io.tspipe.engines.clickhouse.ChdbEngine;
import io.tspipe.engines.clickhouse.ClickHouseException;
import io.tspipe.engines.clickhouse.DrainingHandler;
import io.tspipe.engines.clickhouse.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ClickHouse 26.5 (chDB, loaded through JNA) behind the ClickHouse HTTP interface, as a process of its own, so that
 * application code speaks only the real server protocol.
 *
 * <pre>
 * ClickHouseHttpServer [--host 127.0.0.1] [--port 8123] [--path data/clickhouse]
 *                      [--lib .engines/chdb/libchdb.so] [--threads 8]
 * </pre>
 *
 * {@code --path} holds the databases and survives restarts; {@code --threads} bounds the queries run at once. Prints
 * one line on stdout once it listens. On SIGTERM it turns new requests away, lets those in flight finish, shuts the
 * engine down and exits 0.
 */
public final class ClickHouseHttpServer {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseHttpServer.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
  private static final Map<String, String> DEFAULTS = Map.of(
    "host", "127.0.0.1",
    "port", "8123",
    "path", "data/clickhouse",
    "lib", ".engines/chdb/libchdb.so",
    "threads", "8");

  private final HttpServer http;
  private final DrainingHandler requests;
  private final ExecutorService workers;
  private final ChdbEngine engine;

  private ClickHouseHttpServer(HttpServer http, DrainingHandler requests, ExecutorService workers, ChdbEngine engine) {
    this.http = http;
    this.requests = requests;
    this.workers = workers;
    this.engine = engine;
  }

  public static void main(String[] args) throws IOException, ClickHouseException {
    CommandLine options = CommandLine.parse(args, DEFAULTS);
    Path dataDirectory = options.path("path");
    InetSocketAddress address = new InetSocketAddress(options.text("host"), options.port("port"));
    ClickHouseHttpServer server;
    try {
      server = start(address, dataDirectory, options.path("lib"), options.positive("threads"));
    } catch (BindException e) {
      System.err.println("clickhouse: cannot listen on " + address + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndExit(server), "clickhouse-shutdown"));
    System.out.println("clickhouse ready on " + server.url() + " (data " + dataDirectory + ")");
  }

  private static ClickHouseHttpServer start(InetSocketAddress address, Path dataDirectory, Path libchdb, int threads)
    throws IOException, ClickHouseException {
    if (!Files.isRegularFile(libchdb)) {
      throw new IllegalArgumentException(libchdb + " does not exist; run tools/fetch-engines");
    }
    // Without TCP_NODELAY, an answer written as headers then body waits out the client's delayed ACK on a kept-alive
    // connection: about 40 ms added to every query after the first. The JDK server reads this once, at first use.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer http = HttpServer.create(address, 0);
    ChdbEngine engine = null;
    try {
      Files.createDirectories(dataDirectory);
      engine = ChdbEngine.boot(libchdb, dataDirectory);
      DrainingHandler requests = new DrainingHandler(QueryHandler.create(engine, dataDirectory.resolve("http_spool")));
      ExecutorService workers = Executors.newFixedThreadPool(threads, namedThreads());
      http.createContext("/", requests);
      http.setExecutor(workers);
      http.start();
      return new ClickHouseHttpServer(http, requests, workers, engine);
    } catch (IOException | ClickHouseException | RuntimeException e) {
      http.stop(0);
      if (engine != null) {
        engine.close();
      }
      throw e;
    }
  }

  private URI url() {
    InetSocketAddress address = http.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  /** Lets requests in flight finish (for up to 30 s), then stops listening and shuts the engine down. */
  private void stop() {
    try {
      if (!requests.drain(SHUTDOWN_GRACE)) {
        LOG.warn("requests still running after {}; stopping anyway", SHUTDOWN_GRACE);
      }
      http.stop(0);
      workers.shutdown();
      if (!workers.awaitTermination(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("request threads still running after {}; stopping anyway", SHUTDOWN_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for requests to finish; the engine stays up", e);
    }
    engine.close();
  }

  private static void stopAndExit(ClickHouseHttpServer server) {
    int status = 0;
    try {
      server.stop();
    } catch (RuntimeException e) {
      LOG.error("clean shutdown failed", e);
      status = 1;
    }
    Runtime.getRuntime().halt(status);
  }

  private static ThreadFactory namedThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> new Thread(task, "clickhouse-http-" + count.incrementAndGet());
  }
}
