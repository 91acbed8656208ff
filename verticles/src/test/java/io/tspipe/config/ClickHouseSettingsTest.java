package io.tspipe.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseSettingsTest {

  @Test
  @DisplayName("the JDBC URL is the HTTP interface behind jdbc:clickhouse:, on the database, with the driver options")
  void jdbcUrl() {
    JsonObject clickhouse = Config.defaults().getJsonObject("clickhouse");
    ClickHouseSettings defaults = ClickHouseSettings.from(clickhouse);
    assertEquals("jdbc:clickhouse:http://127.0.0.1:8123/pipeline?compress=false", defaults.jdbcUrl());
    assertEquals(8, defaults.readPoolSize());
    ClickHouseSettings server = ClickHouseSettings.from(clickhouse.copy().put("url", "https://ch.example:8443/")
      .put("jdbcOptions", ""));
    assertEquals("jdbc:clickhouse:https://ch.example:8443/pipeline", server.jdbcUrl());
  }

  @Test
  @DisplayName("a read pool of no connection is refused, naming the key")
  void refusesAnEmptyPool() {
    JsonObject clickhouse = Config.defaults().getJsonObject("clickhouse").put("readPoolSize", 0);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
      () -> ClickHouseSettings.from(clickhouse));
    assertEquals("config key clickhouse.readPoolSize: 0 is not at least 1", refused.getMessage());
  }

  @Test
  @DisplayName("by default the schema is on a single server, and a stale schema lock is broken after ten minutes")
  void singleServerByDefault() {
    ClickHouseSettings defaults = ClickHouseSettings.from(Config.defaults().getJsonObject("clickhouse"));
    assertEquals("", defaults.cluster());
    assertFalse(defaults.clustered());
    assertEquals(600, defaults.schemaLockStaleSeconds());
    ClickHouseSettings cluster = ClickHouseSettings.from(Config.defaults().getJsonObject("clickhouse")
      .put("cluster", "tspipe-2s"));
    assertTrue(cluster.clustered());
    assertEquals("tspipe-2s", cluster.reader().cluster());
  }

  @Test
  @DisplayName("a cluster name that is no plain name, or a stale timeout under a second, is refused, naming the key")
  void refusesBadClusterSettings() {
    IllegalArgumentException quoted = assertThrows(IllegalArgumentException.class, () -> ClickHouseSettings.from(
      Config.defaults().getJsonObject("clickhouse").put("cluster", "a' OR '1")));
    assertTrue(quoted.getMessage().startsWith("config key clickhouse.cluster: "), quoted.getMessage());
    IllegalArgumentException stale = assertThrows(IllegalArgumentException.class, () -> ClickHouseSettings.from(
      Config.defaults().getJsonObject("clickhouse").put("schemaLockStaleSeconds", 0)));
    assertEquals("config key clickhouse.schemaLockStaleSeconds: 0 is not at least 1", stale.getMessage());
  }
}
