package io.tspipe.engines.clickhouse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What one request asks of the HTTP interface, read as clickhouse-server reads it: URL parameters {@code query},
 * {@code database} and {@code default_format} (or the headers {@code X-ClickHouse-Database} and
 * {@code X-ClickHouse-Format}, which win), {@code param_<name>} values for {@code {name:Type}} placeholders, and
 * every other parameter as a setting for this query only. Credentials and the server's own knobs
 * ({@code compress}, {@code session_id}, {@code wait_end_of_query}, ...) are not settings and are left aside.
 * {@code compress=1} asks for a ClickHouse-compressed (LZ4 blocks) response, {@code decompress=1} announces a
 * ClickHouse-compressed body.
 */
record QueryRequest(
  String query,
  String database,
  String defaultFormat,
  Map<String, String> parameters,
  Map<String, String> settings,
  String queryId,
  boolean compressedBody,
  boolean compressedResponse) {

  static final String DEFAULT_FORMAT = "TabSeparated";

  private static final String PARAMETER_PREFIX = "param_";
  private static final Set<String> NOT_SETTINGS = Set.of(
    "query", "database", "default_format", "query_id", "user", "password", "quota_key", "role", "stacktrace",
    "compress", "decompress", "buffer_size", "wait_end_of_query",
    "session_id", "session_timeout", "session_check", "close_session", "client_protocol_version");

  static QueryRequest parse(String rawUrlQuery, Function<String, String> header) {
    Map<String, String> url = urlParameters(rawUrlQuery);
    Map<String, String> parameters = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
    url.forEach((name, value) -> {
      if (name.startsWith(PARAMETER_PREFIX)) {
        parameters.put(name.substring(PARAMETER_PREFIX.length()), value);
      } else if (!name.isEmpty() && !NOT_SETTINGS.contains(name)) {
        settings.put(name, value);
      }
    });
    return new QueryRequest(
      url.get("query"),
      nonEmpty(header.apply("X-ClickHouse-Database"), url.get("database")),
      firstNonEmpty(header.apply("X-ClickHouse-Format"), url.get("default_format"), DEFAULT_FORMAT),
      parameters,
      settings,
      firstNonEmpty(header.apply("X-ClickHouse-Query-Id"), url.get("query_id"), UUID.randomUUID().toString()),
      "1".equals(url.get("decompress")),
      "1".equals(url.get("compress")));
  }

  private static Map<String, String> urlParameters(String rawUrlQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (rawUrlQuery == null) {
      return parameters;
    }
    for (String pair : rawUrlQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static String nonEmpty(String preferred, String fallback) {
    if (preferred != null && !preferred.isEmpty()) {
      return preferred;
    }
    return fallback != null && !fallback.isEmpty() ? fallback : null;
  }

  private static String firstNonEmpty(String preferred, String fallback, String otherwise) {
    String chosen = nonEmpty(preferred, fallback);
    return chosen == null ? otherwise : chosen;
  }
}
