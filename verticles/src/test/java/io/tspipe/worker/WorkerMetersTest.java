package io.tspipe.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventType;
import io.tspipe.kafka.RecordPosition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerMetersTest {

  private static final KafkaSettings KAFKA = KafkaSettings.from(Config.defaults().getJsonObject("kafka"));

  @Test
  @DisplayName("an event stamped minutes ahead neither holds the lag gauge at zero nor counts as instantly fresh")
  void aFutureStampedEventCannotHideTheLag() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WorkerMeters meters = new WorkerMeters(registry, KAFKA);
    long now = System.currentTimeMillis();
    RecordPosition position = new RecordPosition(KAFKA.eventTopics().get(EventType.API_REQUEST), 0, 1);
    meters.stored(new Batch(List.of(
      newEvent(position, now + 180_000), newEvent(position, now - 60_000))), 5, now);
    double lagSeconds = registry.get("tspipe.worker.lag.seconds").gauge().value();
    assertTrue(lagSeconds >= 59, "lag " + lagSeconds + " s, with the newest honest event 60 s old");
    assertTrue(registry.get("tspipe.event.freshness").timer().count() == 1,
      "only the event not stamped ahead is a freshness sample");
  }

  private static Classified.StagedEvent newEvent(RecordPosition position, long timestampMillis) {
    return new Classified.StagedEvent(position, EventType.API_REQUEST, timestampMillis, new byte[0]);
  }
}
