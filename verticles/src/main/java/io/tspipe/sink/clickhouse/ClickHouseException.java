package io.tspipe.sink.clickhouse;

/** An error answered by ClickHouse, with its numeric code ({@code X-ClickHouse-Exception-Code}) when it sent one. */
public final class ClickHouseException extends RuntimeException {

  private final int code;
  private final int httpStatus;

  public ClickHouseException(int httpStatus, int code, String message) {
    super("ClickHouse answered HTTP " + httpStatus + (code > 0 ? " code " + code : "") + ": " + message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
