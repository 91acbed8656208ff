package io.tspipe.engines.clickhouse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryRequestTest {

  @Test
  @DisplayName("URL parameters split into query, database, format, placeholders and settings; server knobs are dropped")
  void splitsParameters() {
    QueryRequest request = QueryRequest.parse("query=SELECT+%7Bx%3AUInt8%7D&database=app&default_format=JSONEachRow"
      + "&param_x=7&insert_deduplication_token=b-1&max_execution_time=5&user=u&password=p&compress=1"
      + "&wait_end_of_query=1&session_id=s&query_id=q-1&&", header -> null);
    assertEquals("SELECT {x:UInt8}", request.query());
    assertEquals("app", request.database());
    assertEquals("JSONEachRow", request.defaultFormat());
    assertEquals(Map.of("x", "7"), request.parameters());
    assertEquals(Map.of("insert_deduplication_token", "b-1", "max_execution_time", "5"), request.settings());
    assertEquals("q-1", request.queryId());
    assertFalse(request.compressedBody());
  }

  @Test
  @DisplayName("X-ClickHouse-Database and X-ClickHouse-Format win over the URL")
  void headersWin() {
    Map<String, String> headers = Map.of("X-ClickHouse-Database", "h", "X-ClickHouse-Format", "CSV");
    QueryRequest request = QueryRequest.parse("database=u&default_format=TSV", headers::get);
    assertEquals("h", request.database());
    assertEquals("CSV", request.defaultFormat());
  }

  @Test
  @DisplayName("without parameters: no query, no database, TabSeparated, a generated query id")
  void defaults() {
    QueryRequest request = QueryRequest.parse(null, header -> null);
    assertNull(request.query());
    assertNull(request.database());
    assertEquals("TabSeparated", request.defaultFormat());
    assertFalse(request.queryId().isEmpty());
    assertTrue(request.settings().isEmpty());
  }

  @Test
  @DisplayName("decompress=1 marks a ClickHouse-compressed body")
  void compressedBody() {
    assertTrue(QueryRequest.parse("decompress=1", header -> null).compressedBody());
  }

  @Test
  @DisplayName("compress=1 asks for a ClickHouse-compressed response, compress=0 or none does not")
  void compressedResponse() {
    assertTrue(QueryRequest.parse("compress=1", header -> null).compressedResponse());
    assertFalse(QueryRequest.parse("compress=0", header -> null).compressedResponse());
    assertFalse(QueryRequest.parse("decompress=1", header -> null).compressedResponse());
  }
}
