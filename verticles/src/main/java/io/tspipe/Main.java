package io.tspipe;

import io.tspipe.backtest.BacktestCommand;
import io.tspipe.config.Config;
import io.tspipe.metrics.Metrics;
import io.tspipe.reindex.ReindexCommand;
import io.tspipe.reindex.ReindexRange;
import io.tspipe.sink.search.SearchSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The jar's commands. With no argument (or {@code run}) it loads the configuration once and deploys the roles it names;
 * a role that fails to start stops the process. {@code search-key}, {@code reindex} and {@code backtest} are admin commands that run once
 * and exit: 0 done, 1 failed, 2 bad arguments or configuration.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final int EXIT_USAGE = 2;
  private static final String USAGE = """
    usage: java -jar tspipe.jar [command]

    commands:
      run          deploy the roles named by the config key roles (the default)
      search-key   create or confirm the search-only key of the events index and print it
      reindex      rebuild the search index from ClickHouse for a time range (reindex --help)
      backtest     replay a candidate rule set over stored history, scored and compared with the live rules
                   (backtest --help)
    """;

  private Main() {
  }

  public static void main(String[] args) {
    List<String> arguments = List.of(args);
    String command = arguments.isEmpty() ? "run" : arguments.get(0);
    List<String> rest = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
    switch (command) {
      case "run" -> {
        if (!rest.isEmpty()) {
          System.exit(usageError("run takes no arguments", USAGE));
        }
        run();
      }
      case "search-key" -> System.exit(searchKey(rest));
      case "reindex" -> System.exit(reindex(rest));
      case "backtest" -> System.exit(backtest(rest));
      case "help", "--help", "-h" -> System.out.print(USAGE);
      default -> System.exit(usageError("unknown command '" + command + "'", USAGE));
    }
  }

  private static void run() {
    JsonObject config;
    Set<Role> roles;
    try {
      config = Config.load();
      roles = Role.parse(config.getString("roles"));
    } catch (RuntimeException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    }
    Vertx vertx = Metrics.vertx(config.getJsonObject("metrics"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping");
      closeGracefully(vertx);
    }, "tspipe-shutdown"));
    try {
      Metrics.serve(vertx, config.getJsonObject("metrics")).compose(v -> deploy(vertx, config, roles)).await();
      LOG.info("Running roles {}", roles);
    } catch (Exception failure) {
      // exit from this thread, never from an event loop: the shutdown hook closes Vert.x and waits for its loops
      LOG.error("Start-up failed: {}", failure.getMessage(), failure);
      System.exit(1);
    }
  }

  static Future<List<String>> deploy(Vertx vertx, JsonObject config, Set<Role> roles) {
    List<Future<String>> deployments = roles.stream()
      .map(role -> vertx.deployVerticle(role.verticles(config), role.deploymentOptions(config)))
      .toList();
    return Future.all(deployments).map(all -> all.list());
  }

  private static int searchKey(List<String> arguments) {
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.print(SearchKeyCommand.USAGE);
      return 0;
    }
    if (!arguments.isEmpty()) {
      return usageError("search-key takes no arguments", SearchKeyCommand.USAGE);
    }
    return once((vertx, config) ->
      SearchKeyCommand.run(vertx, SearchSettings.from(config.getJsonObject("search")), System.out));
  }

  private static int reindex(List<String> arguments) {
    Optional<ReindexRange> range;
    try {
      range = ReindexCommand.parse(arguments, Instant.now());
    } catch (IllegalArgumentException e) {
      return usageError("reindex: " + e.getMessage(), ReindexCommand.USAGE);
    }
    if (range.isEmpty()) {
      System.out.print(ReindexCommand.USAGE);
      return 0;
    }
    return once((vertx, config) -> ReindexCommand.run(vertx, config, range.get(), System.out));
  }

  private static int backtest(List<String> arguments) {
    Optional<BacktestCommand.Request> request;
    try {
      request = BacktestCommand.parse(arguments, Instant.now());
    } catch (IllegalArgumentException e) {
      return usageError("backtest: " + e.getMessage(), BacktestCommand.USAGE);
    }
    if (request.isEmpty()) {
      System.out.print(BacktestCommand.USAGE);
      return 0;
    }
    return once((vertx, config) -> BacktestCommand.run(vertx, config, request.get(), System.out));
  }

  /** Runs an admin command on a Vert.x of its own, blocking this thread until it answers its exit code. */
  private static int once(BiFunction<Vertx, JsonObject, Integer> command) {
    JsonObject config;
    try {
      config = Config.load();
    } catch (RuntimeException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      return EXIT_USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try {
      return command.apply(vertx, config);
    } catch (IllegalArgumentException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      return EXIT_USAGE;
    } finally {
      closeGracefully(vertx);
    }
  }

  private static int usageError(String message, String usage) {
    System.err.println(message);
    System.err.println();
    System.err.print(usage);
    return EXIT_USAGE;
  }

  private static void closeGracefully(Vertx vertx) {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Did not stop cleanly within 30 s: {}", e.getMessage());
    }
  }
}
