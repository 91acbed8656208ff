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
    long now = Instant.now().toEpochMilli();
    List<OutgoingEvent> records = new ArrayList<>();
    for (JsonObject login : calmLogins(91, count)) {
      login.put("sourceIp", ip).put("success", false).put("failureReason", "invalid_password");
      records.add(stamped(login, now - 20_000 + records.size() * 1_000L));
    }
    return records;
  }

  /** One successful login stamped now, from an address of its own. */
  public static OutgoingEvent latest() {
    List<JsonObject> logins = calmLogins(92, 1);
    if (logins.isEmpty()) {
      throw new IllegalStateException("the generator made no login");
    }
    JsonObject login = logins.get(0);
    login.put("sourceIp", "192.0.2.200").put("success", true).remove("failureReason");
    return stamped(login, Instant.now().toEpochMilli());
  }

  /** The first {@code count} logins of the generator's calm traffic of {@code seed}. */
  private static List<JsonObject> calmLogins(long seed, int count) {
    List<JsonObject> logins = new ArrayList<>();
    for (OutgoingEvent record : TestPipeline.generate(4_000, false, seed).records()) {
      JsonObject event = record.kind() == OutgoingEvent.Kind.GOOD ? new JsonObject(record.value()) : null;
      if (event != null && "login".equals(event.getString("action")) && logins.size() < count) {
        logins.add(event);
      }
    }
    return logins;
  }

  /** {@code login} under an id of its own, stamped at {@code millis}, as a record of the account topic. */
  private static OutgoingEvent stamped(JsonObject login, long millis) {
    login.put("id", UUID.randomUUID().toString()).put("timestamp", StoredValues.formatMillis(millis));
    return new OutgoingEvent(EventType.ACCOUNT_ACTIVITY, login.getString("userId"), login.encode(),
      OutgoingEvent.Kind.GOOD);
  }
}
