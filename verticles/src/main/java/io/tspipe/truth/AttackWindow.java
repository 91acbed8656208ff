package io.tspipe.truth;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * Ground truth of one scenario run: the record written to {@code kafka.topics.attackWindows}, keyed by
 * {@code windowId}, once when the run starts ({@code endedAt} null) and once when it ends. Value (see
 * {@code schemas/attack_window.schema.json}): {@code {"windowId", "scenario", "parameters", "startedAt",
 * "endedAt": iso|null, "trigger": "auto"|"forced"}}. No event carries any mark of it.
 */
public record AttackWindow(UUID windowId, String scenario, JsonObject parameters, Instant startedAt, Instant endedAt,
                           Trigger trigger) {

  static final DateTimeFormatter TIMESTAMP =
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** What started the run: the classic auto schedule, or a request (the API, the control topic, the settings). */
  public enum Trigger {
    AUTO, FORCED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static AttackWindow open(UUID windowId, ScenarioRequest request, Instant startedAt, Trigger trigger) {
    return new AttackWindow(windowId, request.scenario().wireName(), request.parameters(), startedAt, null, trigger);
  }

  public AttackWindow endAt(Instant at) {
    return new AttackWindow(windowId, scenario, parameters, startedAt, at, trigger);
  }

  public boolean isOpen() {
    return endedAt == null;
  }

  public String key() {
    return windowId.toString();
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("windowId", windowId.toString())
      .put("scenario", scenario)
      .put("parameters", parameters.copy())
      .put("startedAt", TIMESTAMP.format(startedAt))
      .put("endedAt", endedAt == null ? null : TIMESTAMP.format(endedAt))
      .put("trigger", trigger.wireName());
  }
}
