package io.tspipe.generator;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Ground truth of one attack: the record written to {@code kafka.topics.attackWindows}, keyed by
 * {@code windowId}, once when the window opens ({@code endedAt} null) and once when it closes.
 * Value: {@code {"windowId": uuid, "startedAt": iso, "endedAt": iso|null, "trigger": "auto"|"forced"}}.
 */
public record AttackWindow(UUID windowId, Instant startedAt, Instant endedAt, Trigger trigger) {

  /** What opened the window: the periodic dice roll, or a forced {@code on}. */
  public enum Trigger {
    AUTO, FORCED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static AttackWindow open(UUID windowId, Instant startedAt, Trigger trigger) {
    return new AttackWindow(windowId, startedAt, null, trigger);
  }

  public AttackWindow endAt(Instant at) {
    return new AttackWindow(windowId, startedAt, at, trigger);
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
      .put("startedAt", Timestamps.format(startedAt))
      .put("endedAt", endedAt == null ? null : Timestamps.format(endedAt))
      .put("trigger", trigger.wireName());
  }
}
