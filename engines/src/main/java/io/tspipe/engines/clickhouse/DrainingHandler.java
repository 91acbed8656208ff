package io.tspipe.engines.clickhouse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Counts the requests in flight so a shutdown can wait for them; once draining, it turns new requests away (503). */
public final class DrainingHandler implements HttpHandler {

  private static final byte[] SHUTTING_DOWN = "The server is shutting down.\n".getBytes(StandardCharsets.UTF_8);

  private final HttpHandler delegate;
  private int inFlight;
  private boolean draining;

  public DrainingHandler(HttpHandler delegate) {
    this.delegate = delegate;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!enter()) {
      try (exchange) {
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(503, SHUTTING_DOWN.length);
        exchange.getResponseBody().write(SHUTTING_DOWN);
      }
      return;
    }
    try {
      delegate.handle(exchange);
    } finally {
      leave();
    }
  }

  /** Turns new requests away and waits up to {@code timeout} for those in flight; true when none is left. */
  public synchronized boolean drain(Duration timeout) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private synchronized boolean enter() {
    if (draining) {
      return false;
    }
    inFlight++;
    return true;
  }

  private synchronized void leave() {
    inFlight--;
    notifyAll();
  }
}
