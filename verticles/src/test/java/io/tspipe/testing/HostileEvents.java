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

  /** {@code count} failed logins from {@code ip} against different users, stamped over the last seconds. */
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
}
