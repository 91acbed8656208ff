package io.tspipe.sink.search;

/** An error answered by Meilisearch: its HTTP status and, when given, its error code (e.g. {@code invalid_api_key}). */
public final class MeilisearchException extends RuntimeException {

  private final int httpStatus;
  private final String code;
  private final boolean failedTask;

  public MeilisearchException(int httpStatus, String code, String message) {
    this(httpStatus, code, "Meilisearch answered HTTP " + httpStatus + (code.isEmpty() ? "" : " " + code) + ": "
      + message, false);
  }

  private MeilisearchException(int httpStatus, String code, String message, boolean failedTask) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
    this.failedTask = failedTask;
  }

  /** A write Meilisearch took (HTTP 202) whose task then failed or was canceled, with the task's error code. */
  public static MeilisearchException failedTask(String code, String message) {
    return new MeilisearchException(200, code, "Meilisearch task failed: " + code + ": " + message, true);
  }

  /** Whether the write was taken and its task then failed, rather than refused as a request. */
  public boolean isFailedTask() {
    return failedTask;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String code() {
    return code;
  }
}
