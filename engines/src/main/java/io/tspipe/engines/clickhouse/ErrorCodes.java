package io.tspipe.engines.clickhouse;

import java.util.HashMap;
import java.util.Map;

/**
 * ClickHouse's error codes by name, as the engine itself knows them, and the HTTP status clickhouse-server answers
 * each with ({@code exceptionCodeToHTTPStatus}); every other error is a 500.
 */
final class ErrorCodes {

  private static final Map<String, Integer> HTTP_STATUS_BY_NAME = new HashMap<>();

  static {
    httpStatus(400, "BAD_ARGUMENTS", "CANNOT_COMPILE_REGEXP", "CANNOT_PARSE_TEXT", "CANNOT_PARSE_ESCAPE_SEQUENCE",
      "CANNOT_PARSE_QUOTED_STRING", "CANNOT_PARSE_DATE", "CANNOT_PARSE_DATETIME", "CANNOT_PARSE_NUMBER",
      "CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING", "CANNOT_PARSE_IPV4", "CANNOT_PARSE_IPV6",
      "CANNOT_PARSE_INPUT_ASSERTION_FAILED", "CANNOT_PARSE_UUID", "DUPLICATE_COLUMN", "ILLEGAL_COLUMN",
      "UNKNOWN_ELEMENT_IN_AST", "UNKNOWN_TYPE_OF_AST_NODE", "THERE_IS_NO_COLUMN", "TOO_DEEP_AST", "TOO_BIG_AST",
      "UNEXPECTED_AST_STRUCTURE", "SYNTAX_ERROR", "INCORRECT_DATA", "TYPE_MISMATCH",
      "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE");
    httpStatus(401, "REQUIRED_PASSWORD");
    httpStatus(403, "UNKNOWN_USER", "WRONG_PASSWORD", "AUTHENTICATION_FAILED", "SET_NON_GRANTED_ROLE", "ACCESS_DENIED");
    httpStatus(404, "UNKNOWN_TABLE", "UNKNOWN_FUNCTION", "UNKNOWN_IDENTIFIER", "UNKNOWN_TYPE", "UNKNOWN_STORAGE",
      "UNKNOWN_DATABASE", "UNKNOWN_SETTING", "UNKNOWN_DIRECTION_OF_SORTING", "UNKNOWN_AGGREGATE_FUNCTION",
      "UNKNOWN_FORMAT", "UNKNOWN_DATABASE_ENGINE", "UNKNOWN_TYPE_OF_QUERY", "UNKNOWN_ROLE");
    httpStatus(408, "TIMEOUT_EXCEEDED");
    httpStatus(411, "HTTP_LENGTH_REQUIRED");
    httpStatus(413, "QUERY_IS_TOO_LARGE");
    httpStatus(415, "UNSUPPORTED_MEDIA_TYPE");
    httpStatus(501, "NOT_IMPLEMENTED");
    httpStatus(503, "SOCKET_TIMEOUT", "CANNOT_OPEN_FILE", "CANNOT_SCHEDULE_TASK");
  }

  private static final String LIST_ERROR_CODES =
    "SELECT number, errorCodeToName(number) FROM numbers(5000) WHERE errorCodeToName(number) != ''";

  private final Map<Integer, String> nameByCode;
  private final Map<String, Integer> codeByName;

  private ErrorCodes(Map<Integer, String> nameByCode) {
    this.nameByCode = nameByCode;
    this.codeByName = new HashMap<>();
    nameByCode.forEach((code, name) -> codeByName.put(name, code));
  }

  static ErrorCodes load(ChdbSession session) throws ClickHouseException {
    Map<Integer, String> nameByCode = new HashMap<>();
    for (String line : session.text(LIST_ERROR_CODES).split("\n")) {
      String[] codeAndName = line.split("\t");
      nameByCode.put(Integer.parseInt(codeAndName[0]), codeAndName[1]);
    }
    return new ErrorCodes(nameByCode);
  }

  int httpStatus(int code) {
    return HTTP_STATUS_BY_NAME.getOrDefault(nameByCode.get(code), 500);
  }

  /** An error raised by this front end itself, worded like the engine's. */
  ClickHouseException error(String name, String message) {
    int code = codeByName.getOrDefault(name, ClickHouseException.STD_EXCEPTION);
    return new ClickHouseException(code, "Code: " + code + ". DB::Exception: " + message + ". (" + name + ")");
  }

  private static void httpStatus(int status, String... names) {
    for (String name : names) {
      HTTP_STATUS_BY_NAME.put(name, status);
    }
  }
}
