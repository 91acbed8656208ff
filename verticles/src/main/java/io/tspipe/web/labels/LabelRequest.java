package io.tspipe.web.labels;

import io.tspipe.detection.EntityKind;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.tspipe.web.detections.Subjects;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a person asks of a label, checked: setting one ({@code POST /api/v1/labels}) or removing one
 * ({@code DELETE /api/v1/labels/{kind}/{value}/{label}}). Pure: no I/O.
 */
public final class LabelRequest {

  public static final List<String> CONNOTATIONS = List.of("bad", "good", "neutral");
  /** A label's name: lower-case letters, digits and {@code _ . : -}, starting with a letter or digit. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");
  public static final int MAX_REASON = 1000;
  public static final int MAX_BY = 100;
  /** The longest expiry a label may be set with: ten years. */
  public static final long MAX_EXPIRES_IN_SECONDS = 315_360_000L;
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");
  private static final Set<String> SET_FIELDS = Set.of("kind", "value", "label", "connotation", "reason",
    "expiresInSeconds", "expiresAt", "by");
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

  /** Reads the body of {@code POST /api/v1/labels}; a {@link BadRequest} naming the field at fault. */
  public static Setting set(JsonObject body, Instant now) {
    for (String field : body.fieldNames()) {
      if (!SET_FIELDS.contains(field)) {
        throw new BadRequest(field, "unknown field; known: " + String.join(", ", SET_FIELDS.stream().sorted().toList()));
      }
    }
    EntityKind kind = Subjects.kind("kind", text(body, "kind"));
    String value = Subjects.value("value", kind, text(body, "value"));
    String label = name("label", text(body, "label"));
    String connotation = text(body, "connotation");
    if (!CONNOTATIONS.contains(connotation)) {
      throw new BadRequest("connotation", "expected one of " + String.join(", ", CONNOTATIONS) + ", got '"
        + Values.shorten(connotation) + "'");
    }
    String reason = words("reason", body.getValue("reason"), MAX_REASON);
    String by = words("by", body.getValue("by"), MAX_BY);
    return new Setting(kind, value, label, connotation, reason, expiry(body, now), by);
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

  /** A label's name as a path or query parameter names it. */
  public static String name(String field, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new BadRequest(field, "expected a label name (lower-case letters, digits and _ . : -, at most 64, "
        + "starting with a letter or digit), got '" + Values.shorten(name) + "'");
    }
    return name;
  }

  private static String text(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String text)) {
      throw new BadRequest(field, "required: expected a string, got " + Values.describe(value));
    }
    return text;
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
    Object seconds = body.getValue("expiresInSeconds");
    Object at = body.getValue("expiresAt");
    if (seconds != null && at != null) {
      throw new BadRequest("expiresAt", "give either expiresInSeconds or expiresAt, not both");
    }
    if (seconds != null) {
      if (!(seconds instanceof Integer || seconds instanceof Long) || ((Number) seconds).longValue() < 1
        || ((Number) seconds).longValue() > MAX_EXPIRES_IN_SECONDS) {
        throw new BadRequest("expiresInSeconds", "expected an integer from 1 to " + MAX_EXPIRES_IN_SECONDS + ", got "
          + Values.describe(seconds));
      }
      return now.plus(Duration.ofSeconds(((Number) seconds).longValue())).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
    if (at != null) {
      if (!(at instanceof String text)) {
        throw new BadRequest("expiresAt", "expected an ISO-8601 instant, got " + Values.describe(at));
      }
      Instant instant = Values.instant("expiresAt", text);
      if (!instant.isAfter(now)) {
        throw new BadRequest("expiresAt", "must be in the future");
      }
      return instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
    return null;
  }
}
