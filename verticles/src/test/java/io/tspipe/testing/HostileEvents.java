package io.tspipe.testing;

import io.tspipe.event.EventType;
import io.tspipe.generator.OutgoingEvent;
import io.tspipe.store.StoredValues;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Hostile events made from the generator's calm logins, for tests that need the detector's rules to fire. */
public final class HostileEvents {

  private HostileEvents() {
  }

  /**
   * {@code count} failed logins from {@code ip} against different users, one a second from 20 s ago. The detector
   * evaluates events up to the newest stored one less its lateness, on each rule's grid: produce {@link #latest()}
   * after them so that a stream with nothing else in it carries the watermark past them all.
   */
  public static List<OutgoingEvent> failedLogins(String ip, int count) {
    List<OutgoingEvent> records = new ArrayList<>();
    long now = Instant.now().toEpochMilli();
    for (OutgoingEvent record : TestPipeline.generate(4_000, false, 91).records()) {
      JsonObject event = record.kind() == OutgoingEvent.Kind.GOOD ? new JsonObject(record.value()) : null;
      if (event != null && "login".equals(event.getString("action")) && records.size() < count) {
        event.put("id", UUID.randomUUID().toString()).put("sourceIp", ip).put("success", false)
          .put("failureReason", "invalid_password")
          .put("timestamp", StoredValues.formatMillis(now - 20_000 + records.size() * 1_000L));
        records.add(new OutgoingEvent(EventType.ACCOUNT_ACTIVITY, event.getString("userId"), event.encode(),
          OutgoingEvent.Kind.GOOD));
      }
    }
    return records;
  }

  /** One successful login stamped now, from an address of its own. */
  public static OutgoingEvent latest() {
    for (OutgoingEvent record : TestPipeline.generate(4_000, false, 92).records()) {
      JsonObject event = record.kind() == OutgoingEvent.Kind.GOOD ? new JsonObject(record.value()) : null;
      if (event != null && "login".equals(event.getString("action"))) {
        event.put("id", UUID.randomUUID().toString()).put("sourceIp", "192.0.2.200").put("success", true)
          .remove("failureReason");
        event.put("timestamp", StoredValues.formatMillis(Instant.now().toEpochMilli()));
        return new OutgoingEvent(EventType.ACCOUNT_ACTIVITY, event.getString("userId"), event.encode(),
          OutgoingEvent.Kind.GOOD);
      }
    }
    throw new IllegalStateException("the generator made no login");
  }
}
