package io.tspipe.bench.pipeline;

import io.tspipe.bench.pipeline.ProbeEvents.Probe;
import io.tspipe.event.EventType;
import io.tspipe.event.EventValidator;
import io.tspipe.event.Verdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeEventsTest {

  private final EventValidator validator = new EventValidator(Duration.ofDays(30), Duration.ofMinutes(5));

  @Test
  @DisplayName("a probe is an api_request event the worker accepts, with its id and timestamp")
  void probeIsAcceptedByTheWorker() {
    Probe probe = ProbeEvents.stampedNow();

    Verdict verdict = validator.validate(EventType.API_REQUEST, Buffer.buffer(probe.value()), System.currentTimeMillis());

    Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, verdict, verdict::toString);
    assertEquals(EventType.API_REQUEST, accepted.type());
    assertEquals(probe.id(), accepted.id());
    assertEquals(probe.timestampMillis(), accepted.timestampMillis());
  }

  @Test
  @DisplayName("the timestamp is the stamp in the schema's format, to the millisecond, in UTC")
  void timestampIsInTheSchemaFormat() {
    Probe probe = new Probe(UUID.randomUUID(), UUID.randomUUID(), Instant.parse("2026-11-24T15:04:05.007Z").toEpochMilli(), 0);

    String timestamp = probe.event().getString("timestamp");

    assertEquals("2026-11-24T15:04:05.007Z", timestamp);
    assertTrue(timestamp.matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"));
  }

  @Test
  @DisplayName("a probe is keyed by its user id, as the generator keys records, and its ids are fresh each time")
  void keyedByAFreshUserId() {
    Probe first = ProbeEvents.stampedNow();
    Probe second = ProbeEvents.stampedNow();
    JsonObject event = first.event();

    assertEquals(first.userId().toString(), first.key());
    assertEquals(first.key(), event.getString("userId"));
    assertEquals(first.id().toString(), event.getString("id"));
    assertNotEquals(first.id(), second.id());
    assertNotEquals(first.userId(), second.userId());
    assertNotEquals(first.id(), first.userId());
  }

  @Test
  @DisplayName("the monotonic stamp is read together with the wall-clock timestamp")
  void stampsBothClocksTogether() {
    long before = System.nanoTime();
    long wallBefore = System.currentTimeMillis();
    Probe probe = ProbeEvents.stampedNow();

    assertTrue(probe.stampedNanos() >= before && probe.stampedNanos() <= System.nanoTime());
    assertTrue(probe.timestampMillis() >= wallBefore && probe.timestampMillis() <= System.currentTimeMillis());
  }
}
