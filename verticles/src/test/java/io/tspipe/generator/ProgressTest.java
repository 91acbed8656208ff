package io.tspipe.generator;

import io.tspipe.event.EventType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

  private static final long SECOND = 1_000_000_000L;

  private static OutgoingEvent record(EventType type, OutgoingEvent.Kind kind) {
    return new OutgoingEvent(type, "k", "{}", kind);
  }

  @Test
  @DisplayName("the summary counts records by type, bad and duplicates, and reports the rate really achieved")
  void summaryLine() {
    Progress progress = new Progress(0);
    progress.sent(record(EventType.ACCOUNT_ACTIVITY, OutgoingEvent.Kind.GOOD));
    progress.sent(record(EventType.ACCOUNT_ACTIVITY, OutgoingEvent.Kind.BAD));
    progress.sent(record(EventType.API_REQUEST, OutgoingEvent.Kind.DUPLICATE));
    progress.sent(record(EventType.EMAIL_SEND, OutgoingEvent.Kind.GOOD));
    progress.acked();
    progress.acked();
    String line = progress.summarize(10 * SECOND, true, 50, 2, 0);
    assertTrue(line.contains("sent 4 in 10.0s"), line);
    assertTrue(line.contains("account_activity=2 api_request=1 email_send=1 bad=1 duplicates=1"), line);
    assertTrue(line.contains("acked 2"), line);
    assertTrue(line.contains("attacking=true"), line);
    assertTrue(line.contains("achieved 0.4/s of 50.0/s target"), line);
    assertFalse(line.contains("behind target"), line);
  }

  @Test
  @DisplayName("each summary covers its own interval, and says so when backpressure made it fall behind")
  void intervalsAndShortfall() {
    Progress progress = new Progress(0);
    progress.sent(record(EventType.API_REQUEST, OutgoingEvent.Kind.GOOD));
    progress.summarize(10 * SECOND, false, 50, 0, 7);
    assertTrue(progress.failed(new IllegalStateException("broker down")), "the first failure is worth logging");
    assertFalse(progress.failed(new IllegalStateException("broker down")), "the next ones are only counted");
    String line = progress.summarize(20 * SECOND, false, 50, 0, 12);
    assertTrue(line.contains("sent 0 in 10.0s"), line);
    assertTrue(line.contains("failed 2"), line);
    assertTrue(line.contains("behind target: 5 due records not generated"), line);
    assertTrue(line.contains("broker down"), line);
  }
}
