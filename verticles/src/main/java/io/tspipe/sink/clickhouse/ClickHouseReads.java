package io.tspipe.sink.clickhouse;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Rows read from ClickHouse by a SELECT. Values reach a statement only as {@code {name:Type}} parameters, given in
 * the text form ClickHouse parses for that type, never spliced into its text. Each row is a JSON object in the shape
 * of ClickHouse's JSONEachRow: numbers as numbers (NaN and infinities as null), strings, dates and times as ClickHouse
 * writes them, arrays and tuples as arrays, maps as objects, NULL as null. A statement ClickHouse refuses fails with a
 * {@link ClickHouseException} carrying ClickHouse's code and message.
 */
public interface ClickHouseReads {

  /** The configured database, which qualifies every table name. */
  String database();

  Future<List<JsonObject>> select(String sql, Map<String, String> parameters);
}
