package io.tspipe.engines.clickhouse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqlLexerTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "SELECT 1",
    "SELECT 1;",
    "SELECT 1; ; -- trailing comment",
    "SELECT ';' AS `a;b`, \"c;\"",
    "SELECT 'it''s; \\' fine'",
    "SELECT $$a;b$$, $tag$;$tag$",
    "SELECT 1 /* ; /* nested ; */ ; */",
    "SELECT 1 # ; hash comment\n"})
  @DisplayName("one statement, whatever semicolons its strings, names and comments hold")
  void oneStatement(String sql) {
    assertEquals(-1, SqlLexer.secondStatementStart(sql));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1; SELECT 2", "SELECT 1;SELECT 2", "SELECT 1; /* c */ SELECT 2"})
  @DisplayName("a second statement is found where it starts")
  void twoStatements(String sql) {
    assertEquals(sql.lastIndexOf("SELECT"), SqlLexer.secondStatementStart(sql));
  }
}
