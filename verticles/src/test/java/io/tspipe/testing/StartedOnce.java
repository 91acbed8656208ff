package io.tspipe.testing;

import java.util.function.Supplier;

/** Engines started on first use, once per JVM; a failed start fails every later call the same way. */
final class StartedOnce<T> {

  private final String what;
  private final Supplier<T> start;
  private T value;
  private RuntimeException failure;

  /** @param what names the engines in the failure, e.g. {@code "the local engines"} */
  StartedOnce(String what, Supplier<T> start) {
    this.what = what;
    this.start = start;
  }

  synchronized T get() {
    if (failure != null) {
      throw new IllegalStateException(what + " failed to start: " + failure.getMessage(), failure);
    }
    if (value == null) {
      try {
        value = start.get();
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
    return value;
  }
}
