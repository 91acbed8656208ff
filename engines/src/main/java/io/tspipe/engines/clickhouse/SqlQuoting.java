package io.tspipe.engines.clickhouse;

/** ClickHouse SQL literals for values this front end writes into statements. */
final class SqlQuoting {

  private SqlQuoting() {
  }

  static String string(String value) {
    return "'" + escaped(value, '\'') + "'";
  }

  static String identifier(String name) {
    return "`" + escaped(name, '`') + "`";
  }

  private static String escaped(String text, char quote) {
    return text.replace("\\", "\\\\").replace(String.valueOf(quote), "\\" + quote);
  }
}
