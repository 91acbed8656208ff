package io.tspipe.sink.clickhouse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositionalStatementTest {

  @Test
  @DisplayName("each {name:Type} becomes CAST(? AS Type), bound to its value in the order it appears")
  void castsEachPlaceholder() {
    PositionalStatement statement = PositionalStatement.of("SELECT * FROM db.events WHERE timestamp >= "
        + "{from:DateTime64(3, 'UTC')} AND user_id = {user:UUID} AND timestamp < {to:DateTime64(3, 'UTC')} "
        + "AND type IN {types:Array(String)} LIMIT {limit:UInt32}",
      Map.of("from", "2026-01-01 00:00:00.000", "to", "2026-01-02 00:00:00.000", "user", "u-1",
        "types", "['a','b']", "limit", "11", "unused", "x"));
    assertEquals("SELECT * FROM db.events WHERE timestamp >= CAST(? AS DateTime64(3, 'UTC')) AND user_id = "
      + "CAST(? AS UUID) AND timestamp < CAST(? AS DateTime64(3, 'UTC')) AND type IN CAST(? AS Array(String)) "
      + "LIMIT CAST(? AS UInt32)", statement.sql());
    assertEquals(List.of("2026-01-01 00:00:00.000", "u-1", "2026-01-02 00:00:00.000", "['a','b']", "11"),
      statement.values());
  }

  @Test
  @DisplayName("the same parameter twice is bound twice")
  void repeatsAParameter() {
    PositionalStatement statement = PositionalStatement.of("SELECT {v:String} = {v:String}", Map.of("v", "x"));
    assertEquals("SELECT CAST(? AS String) = CAST(? AS String)", statement.sql());
    assertEquals(List.of("x", "x"), statement.values());
  }

  @Test
  @DisplayName("string literals, quoted names, comments and braces that are no placeholder are left as they are")
  void leavesTheRestAlone() {
    String sql = "SELECT '{a:String}', 'it''s ?', 'back\\\\' AS `{b:String}`, \"?\" -- {c:String} ?\n"
      + "/* {d:String} ? */ , map('k', 1) AS m, {e:UInt8}";
    PositionalStatement statement = PositionalStatement.of(sql, Map.of("e", "1"));
    assertEquals(sql.replace("{e:UInt8}", "CAST(? AS UInt8)"), statement.sql());
    assertEquals(List.of("1"), statement.values());
  }

  @Test
  @DisplayName("a placeholder without a value, or a ? of the statement's own, is refused naming it")
  void refusesWhatJdbcWouldMisread() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
      () -> PositionalStatement.of("SELECT {from:DateTime64(3)}", Map.of()));
    assertEquals("query parameter {from:DateTime64(3)} has no value", missing.getMessage());
    IllegalArgumentException marker = assertThrows(IllegalArgumentException.class,
      () -> PositionalStatement.of("SELECT 1 > 0 ? 'a' : 'b'", Map.of()));
    assertTrue(marker.getMessage().contains("position 14"), marker.getMessage());
  }
}
