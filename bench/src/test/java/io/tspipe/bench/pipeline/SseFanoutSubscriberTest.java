package io.tspipe.bench.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseFanoutSubscriberTest {

  private static final String AT = "2026-11-24T15:04:05.120Z";
  private static final long AT_MILLIS = Instant.parse(AT).toEpochMilli();

  private final List<long[]> delivered = new ArrayList<>();
  private final SseFanoutSubscriber subscriber =
    new SseFanoutSubscriber(AT_MILLIS - 5_000, (at, delay) -> delivered.add(new long[] {at, delay}));

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a tick's delay is its receive time minus its at")
  void delayIsReceiveTimeMinusAt() {
    subscriber.receive(bytes("retry: 2000\n\ndata: {\"at\":\"" + AT + "\",\"available\":true}\n\n"), AT_MILLIS + 37);

    assertEquals(1, subscriber.ticks());
    assertEquals(AT_MILLIS, delivered.get(0)[0]);
    assertEquals(37, delivered.get(0)[1]);
  }

  @Test
  @DisplayName("a tick cut across chunks counts once, at the time its last chunk arrived")
  void ticksCutAcrossChunks() {
    String frame = "data: {\"at\":\"" + AT + "\",\"lagMs\":12}\n\n";

    subscriber.receive(bytes(frame.substring(0, 9)), AT_MILLIS + 1);
    subscriber.receive(bytes(frame.substring(9, frame.length() - 1)), AT_MILLIS + 2);
    subscriber.receive(bytes(frame.substring(frame.length() - 1)), AT_MILLIS + 3);

    assertEquals(1, delivered.size());
    assertEquals(3, delivered.get(0)[1]);
  }

  @Test
  @DisplayName("the replay of a tick computed before the subscriber connected is not measured")
  void replayIsNotMeasured() {
    SseFanoutSubscriber late = new SseFanoutSubscriber(AT_MILLIS + 600, (at, delay) -> delivered.add(new long[] {at, delay}));

    late.receive(bytes("data: {\"at\":\"" + AT + "\"}\n\n"), AT_MILLIS + 610);

    assertEquals(1, late.replays());
    assertEquals(0, late.ticks());
    assertEquals(0, delivered.size());
  }

  @Test
  @DisplayName("keep-alive comments carry no tick, and data that is not a tick is counted as unreadable")
  void commentsAndUnreadableData() {
    subscriber.receive(bytes(": keep-alive\n\ndata: not json\n\ndata: {\"available\":false}\n\n"), AT_MILLIS);

    assertEquals(0, subscriber.ticks());
    assertEquals(2, subscriber.unreadable());
  }

  @Test
  @DisplayName("at is read wherever it sits in the tick, and only at the top level")
  void atAnywhereAtTheTopLevel() {
    assertEquals(OptionalLong.of(AT_MILLIS), subscriber.atMillis("{\"windowSeconds\":10,\"at\":\"" + AT + "\"}"));
    assertEquals(OptionalLong.empty(), subscriber.atMillis("{\"attack\":{\"at\":\"" + AT + "\"}}"));
    assertEquals(OptionalLong.empty(), subscriber.atMillis("{\"at\":\"yesterday\"}"));
    assertEquals(OptionalLong.empty(), subscriber.atMillis("[1, 2]"));
  }
}
