package io.tspipe.sink.search;

/** An error answered by Meilisearch: its HTTP status and, when given, its error code (e.g. {@code invalid_api_key}). */
public final class MeilisearchException extends RuntimeException {

  private final int httpStatus;
  private final String code;

  public MeilisearchException(int httpStatus, String code, String message) {
    super("Meilisearch answered HTTP " + httpStatus + (code.isEmpty() ? "" : " " + code) + ": " + message);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String code() {
    return code;
  }
}
