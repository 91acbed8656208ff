package io.tspipe.worker;

import io.tspipe.model.EventType;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The outcome of validating one record: an event that satisfies its schema, or a reject with a readable reason. */
public sealed interface Verdict {

  /** A schema-valid event; {@code timestampMillis} is its parsed {@code timestamp}. */
  record Accepted(EventType type, UUID id, long timestampMillis, JsonObject event) implements Verdict {
  }

  /** A schema-valid attack-window record from the generator. */
  record AcceptedWindow(JsonObject window) implements Verdict {
  }

  /**
   * A refused record. {@code field} is the JSON pointer of the offending field ({@code ""} when the record as a
   * whole is wrong); {@code eventType} and {@code eventId} are whatever could be read from it, possibly {@code ""}.
   */
  record Rejected(RejectReason reason, String field, String message, String eventType, String eventId) implements Verdict {

    /** The same reject, attributed to {@code type} when the record itself did not say what it was. */
    public Rejected orType(String type) {
      return eventType.isEmpty() ? new Rejected(reason, field, message, type, eventId) : this;
    }
  }
}
