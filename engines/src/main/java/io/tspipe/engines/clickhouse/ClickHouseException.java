package io.tspipe.engines.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An error with its ClickHouse error code, as the engine reports it ({@code Code: 62. DB::Exception: ...}). */
public final class ClickHouseException extends Exception {

  /** ClickHouse's code for errors that carry none of their own. */
  static final int STD_EXCEPTION = 1001;

  private static final Pattern CODE = Pattern.compile("Code: (\\d+)\\.");

  private final int code;

  ClickHouseException(int code, String message) {
    super(message);
    this.code = code;
  }

  static ClickHouseException fromEngine(String message) {
    Matcher code = CODE.matcher(message);
    return new ClickHouseException(code.find() ? Integer.parseInt(code.group(1)) : STD_EXCEPTION, message.strip());
  }

  int code() {
    return code;
  }
}
