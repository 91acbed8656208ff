package io.tspipe.engines.clickhouse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InsertWithDataTest {

  @Test
  @DisplayName("the data of a plain INSERT ... FORMAT starts after the line break, FROM INFILE goes before FORMAT")
  void plainInsert() {
    String text = "INSERT INTO t FORMAT RowBinary\n\n\u0000data";
    InsertWithData insert = InsertWithData.find(text).orElseThrow();
    assertEquals(text.indexOf("FORMAT"), insert.fromInfileAt());
    assertEquals(text.indexOf("RowBinary") + "RowBinary".length(), insert.statementEnd());
    assertEquals(text.indexOf('\n') + 1, insert.dataStart());
  }

  @Test
  @DisplayName("SETTINGS, column lists, qualified and quoted names and comments are stepped over")
  void insertWithEverything() {
    String text = "/* c */ insert into `db`.\"t\" (a, `format`, b) -- FORMAT x\n"
      + "SETTINGS async_insert = 1, x = 'FORMAT y' format JSONEachRow \t{\"a\":1}";
    InsertWithData insert = InsertWithData.find(text).orElseThrow();
    assertEquals(text.indexOf("SETTINGS"), insert.fromInfileAt());
    assertEquals(text.indexOf("JSONEachRow") + "JSONEachRow".length(), insert.statementEnd());
    assertEquals(text.indexOf('{'), insert.dataStart());
  }

  @Test
  @DisplayName("a table named like a keyword is still the table")
  void tableNamedFormat() {
    String text = "INSERT INTO format FORMAT CSV\r\n1,2";
    InsertWithData insert = InsertWithData.find(text).orElseThrow();
    assertEquals(text.indexOf("FORMAT"), insert.fromInfileAt());
    assertEquals(text.indexOf('1'), insert.dataStart());
  }

  @Test
  @DisplayName("INSERT INTO FUNCTION takes its data the same way")
  void insertIntoFunction() {
    String text = "INSERT INTO FUNCTION file('out.csv', 'CSV', 'a UInt8') FORMAT CSV\n1";
    assertEquals(text.indexOf("FORMAT"), InsertWithData.find(text).orElseThrow().fromInfileAt());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "SELECT 1 FORMAT JSON",
    "INSERT INTO t VALUES (1, 'a')",
    "INSERT INTO t SELECT * FROM s",
    "INSERT INTO t FROM INFILE '/x.csv' FORMAT CSV",
    "INSERT INTO t (a) SETTINGS x = 1 VALUES (1)",
    "-- INSERT INTO t FORMAT CSV\nSELECT 1"})
  @DisplayName("statements without data after FORMAT are left as they are")
  void notAnInsertWithData(String text) {
    assertTrue(InsertWithData.find(text).isEmpty());
  }
}
