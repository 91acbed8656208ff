package io.tspipe.web.labels;

import io.tspipe.detection.EntityKind;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.tspipe.web.detections.Subjects;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a person asks of a label, checked: setting one ({@code POST /api/v1/labels}) or removing one
 * ({@code DELETE /api/v1/labels/{kind}/{value}/{label}}). Pure: no I/O.
 */
public final class LabelRequest {

  public static final int MAX_REASON = 1000;
  public static final int MAX_BY = 100;
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");
  private static final Set<String> REMOVE_FIELDS = Set.of("reason", "by");

  /** A label to set: on (kind, value), in force until {@code expiresAt} (null: until removed). */
  public record Setting(EntityKind kind, String value, String label, String connotation, String reason, Instant expiresAt,
                    String by) {

    /** Where a person's label comes from: {@code person:<by>}. */
    public String source() {
      return "person:" + by;
    }
  }

  /** A removal: why, and by whom. */
  public record Removal(String reason, String by) {
  }

  private LabelRequest() {
  }

  /**
   * Reads the body of {@code POST /api/v1/labels}, which the API contract accepted; refuses, naming the field, what
   * the contract cannot say: a value that is not of its kind, blank text or control characters in {@code reason} or
   * {@code by}, both expiries at once, an {@code expiresAt} that is no real instant or is not in the future.
   */
  public static Setting set(JsonObject body, Instant now) {
    EntityKind kind = Subjects.kind("kind", body.getString("kind"));
    String value = Subjects.value("value", kind, body.getString("value"));
    String reason = words("reason", body.getValue("reason"), MAX_REASON);
    String by = words("by", body.getValue("by"), MAX_BY);
    return new Setting(kind, value, body.getString("label"), body.getString("connotation"), reason, expiry(body, now),
      by);
  }

  /** Reads a removal from the query's or else the body's {@code reason} and {@code by}. */
  public static Removal removal(String queryReason, String queryBy, JsonObject body) {
    JsonObject fields = body == null ? new JsonObject() : body;
    Values.wellFormedJson("", fields);
    for (String field : fields.fieldNames()) {
      if (!REMOVE_FIELDS.contains(field)) {
        throw new BadRequest(field, "unknown field; known: by, reason");
      }
    }
    return new Removal(words("reason", queryReason != null ? queryReason : fields.getValue("reason"), MAX_REASON),
      words("by", queryBy != null ? queryBy : fields.getValue("by"), MAX_BY));
  }

  /** Text a person wrote: present, not blank, at most {@code max} characters, no control characters. */
  private static String words(String field, Object value, int max) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new BadRequest(field, "required: expected a non-empty string, got " + Values.describe(value));
    }
    if (text.codePointCount(0, text.length()) > max) {
      throw new BadRequest(field, "at most " + max + " characters");
    }
    if (CONTROL.matcher(text).find()) {
      throw new BadRequest(field, "control characters (line breaks, tabs) are not allowed");
    }
    return text.strip();
  }

  private static Instant expiry(JsonObject body, Instant now) {
    Long seconds = body.getLong("expiresInSeconds");
    String at = body.getString("expiresAt");
    if (seconds != null && at != null) {
      throw new BadRequest("expiresAt", "give either expiresInSeconds or expiresAt, not both");
    }
    if (seconds != null) {
      return now.plus(Duration.ofSeconds(seconds)).truncatedTo(ChronoUnit.MILLIS);
    }
    if (at != null) {
      Instant instant = Values.instant("expiresAt", at);
      if (!instant.isAfter(now)) {
        throw new BadRequest("expiresAt", "must be in the future");
      }
      return instant.truncatedTo(ChronoUnit.MILLIS);
    }
    return null;
  }
}
