package io.tspipe.web.dashboard;

import io.tspipe.event.EventType;
import io.tspipe.web.BadRequest;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetricsWindowTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:17:42.500Z");

  @Test
  void aRangeEndsNowWidenedToWholeMinutesWithADefaultStepOfAboutNinetyPoints() {
    MetricsWindow window = MetricsWindow.parse(params("range", "1h"), NOW);
    assertEquals(Instant.parse("2026-11-24T09:17:00Z"), window.from());
    assertEquals(Instant.parse("2026-11-24T10:18:00Z"), window.to());
    assertEquals(60, window.stepSeconds());
    assertEquals(960, MetricsWindow.parse(params("range", "24h"), NOW).stepSeconds());
    assertEquals(Optional.empty(), window.type());
  }

  @Test
  void fromToStepAndTypeAreRead() {
    MetricsWindow window = MetricsWindow.parse(params("from", "2026-11-24T08:00:00+01:00", "to", "2026-11-24T09:00:00Z",
      "step", "300", "type", "email_send"), NOW);
    assertEquals(Instant.parse("2026-11-24T07:00:00Z"), window.from());
    assertEquals(Instant.parse("2026-11-24T09:00:00Z"), window.to());
    assertEquals(300, window.stepSeconds());
    assertEquals(Optional.of(EventType.EMAIL_SEND), window.type());
    assertEquals(Instant.parse("2026-11-24T07:00:00Z").getEpochSecond(), window.firstBucketEpochSecond());
  }

  @Test
  void refusalsNameTheParameter() {
    assertEquals("to", assertThrows(BadRequest.class,
      () -> MetricsWindow.parse(params("from", "2026-11-24T10:00:00Z", "to", "2026-11-24T10:00:00Z"), NOW)).field());
    assertEquals("range", assertThrows(BadRequest.class,
      () -> MetricsWindow.parse(params("range", "1h", "from", "2026-11-24T10:00:00Z"), NOW)).field());
    assertEquals("step", assertThrows(BadRequest.class, () -> MetricsWindow.parse(params("from", "2026-11-20T00:00:00Z",
      "to", "2026-11-24T00:00:00Z", "step", "60"), NOW)).field());
  }

  private static MultiMap params(String... pairs) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(pairs[i], pairs[i + 1]);
    }
    return params;
  }
}
