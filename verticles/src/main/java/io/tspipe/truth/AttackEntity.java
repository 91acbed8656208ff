package io.tspipe.truth;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Ground truth of who took part in a scenario run: the record written to {@code kafka.topics.attackEntities}, keyed
 * by {@code windowId}, when the simulator first uses the entity in that run. Value (see
 * {@code schemas/attack_entity.schema.json}): {@code {"windowId", "kind": "ip"|"user"|"email", "value",
 * "role": "attacker"|"victim", "firstSeenAt"}}; {@code firstSeenAt} is the timestamp of the entity's first event
 * in the run, where time to detect starts.
 */
public record AttackEntity(UUID windowId, Kind kind, String value, Role role, Instant firstSeenAt) {

  public enum Kind {
    IP, USER, EMAIL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Role {
    ATTACKER, VICTIM;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public String key() {
    return windowId.toString();
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("windowId", windowId.toString())
      .put("kind", kind.wireName())
      .put("value", value)
      .put("role", role.wireName())
      .put("firstSeenAt", AttackWindow.TIMESTAMP.format(firstSeenAt));
  }
}
