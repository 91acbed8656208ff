package io.tspipe.reindex;

/** A reindex that could not finish: what it was doing, and why it gave up. */
public final class ReindexException extends RuntimeException {

  public ReindexException(String message, Throwable cause) {
    super(message, cause);
  }
}
