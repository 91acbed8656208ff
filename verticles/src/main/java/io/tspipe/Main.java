package io.tspipe;

import io.tspipe.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Loads the configuration once and deploys the roles it names; a role that fails to start stops the process. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    JsonObject config;
    Set<Role> roles;
    try {
      config = Config.load();
      roles = Role.parse(config.getString("roles"));
    } catch (RuntimeException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeGracefully(vertx), "tspipe-shutdown"));
    try {
      deploy(vertx, config, roles).await();
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

  private static void closeGracefully(Vertx vertx) {
    LOG.info("Stopping");
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Did not stop cleanly within 30 s: {}", e.getMessage());
    }
  }
}
