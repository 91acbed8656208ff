package io.tspipe.event;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The outcome of validating one record: an event that satisfies its schema, or a reject with a readable reason. */
public sealed interface Verdict {

  /**
   * A schema-valid event: {@code event} holds the members its schema defines, nothing else; {@code timestampMillis} is
   * its parsed {@code timestamp}.
   */
  record Accepted(EventType type, UUID id, long timestampMillis, EventFields event) implements Verdict {
  }

  /** A schema-valid attack-window record from the generator. */
  record AcceptedWindow(JsonObject window) implements Verdict {
  }

  /** A schema-valid attack-entity record from the generator. */
  record AcceptedEntity(JsonObject entity) implements Verdict {
  }

  /**
   * A refused record. {@code field} is the JSON pointer of the offending field ({@code ""} when the record as a
   * whole is wrong); {@code eventType} and {@code eventId} are whatever could be read from it, possibly {@code ""}.
   * Each text is cut to a bound ({@link #MAX_FIELD}, {@link #MAX_MESSAGE}, {@link #MAX_ATTRIBUTION} characters), since
   * all of them may quote the record, and a dead letter must stay small whatever the record held.
   */
  record Rejected(RejectReason reason, String field, String message, String eventType, String eventId) implements Verdict {

    public static final int MAX_FIELD = 256;
    public static final int MAX_MESSAGE = 1024;
    public static final int MAX_ATTRIBUTION = 64;

    public Rejected {
      field = clip(field, MAX_FIELD);
      message = clip(message, MAX_MESSAGE);
      eventType = clip(eventType, MAX_ATTRIBUTION);
      eventId = clip(eventId, MAX_ATTRIBUTION);
    }

    /** {@code text} cut to {@code max} characters, marked as cut, never splitting a surrogate pair. */
    static String clip(String text, int max) {
      if (text.length() <= max) {
        return text;
      }
      int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
      return text.substring(0, end) + "… (" + (text.length() - end) + " more characters)";
    }

    /** The same reject, attributed to {@code type} when the record itself did not say what it was. */
    public Rejected orType(String type) {
      return eventType.isEmpty() ? new Rejected(reason, field, message, type, eventId) : this;
    }
  }
}
