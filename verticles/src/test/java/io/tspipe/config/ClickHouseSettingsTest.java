package io.tspipe.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
