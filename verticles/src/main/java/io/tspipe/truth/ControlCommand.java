package io.tspipe.truth;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A command to the generator, as the web role sends it over the event bus ({@code Addresses.GENERATOR_CONTROL}) or,
 * when no generator runs in its process, the control topic ({@code kafka.topics.control}), which every generator reads:
 * <ul>
 *   <li>{@code {"command": "start", "runId": uuid, "scenario": name, <knob>: value...}}: start a run, its knobs
 *   checked by {@link ScenarioRequest#parse}; {@code runId} becomes the window id;</li>
 *   <li>{@code {"command": "stop", "runId": uuid}}: end that run now;</li>
 *   <li>{@code {"mode": "on"|"off"|"auto"}}: the classic attack mode, as before scenarios existed.</li>
 * </ul>
 */
public sealed interface ControlCommand {

  java.util.regex.Pattern UUID_TEXT =
    java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  record Start(UUID runId, ScenarioRequest request) implements ControlCommand {
    public JsonObject toJson() {
      return request.toJson().put("command", "start").put("runId", runId.toString());
    }
  }

  record Stop(UUID runId) implements ControlCommand {
    public JsonObject toJson() {
      return new JsonObject().put("command", "stop").put("runId", runId.toString());
    }
  }

  /** {@code mode}: {@code on}, {@code off} or {@code auto}, for the classic scenario's schedule. */
  record ClassicMode(String mode) implements ControlCommand {
    public JsonObject toJson() {
      return new JsonObject().put("mode", mode);
    }
  }

  /**
   * @throws ScenarioRequestException naming the field when the body is no command
   */
  static ControlCommand parse(JsonObject body) {
    Object command = body.getValue("command");
    if (command == null && body.containsKey("mode")) {
      Object mode = body.getValue("mode");
      if (mode instanceof String text && (text.equals("on") || text.equals("off") || text.equals("auto"))) {
        return new ClassicMode(text);
      }
      throw new ScenarioRequestException("mode", "expected one of on, off, auto");
    }
    if (!(command instanceof String text)) {
      throw new ScenarioRequestException("command", "expected start or stop");
    }
    UUID runId = runId(body);
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "start" -> {
        JsonObject request = body.copy();
        request.remove("command");
        request.remove("runId");
        request.remove("at");
        yield new Start(runId, ScenarioRequest.parse(request));
      }
      case "stop" -> new Stop(runId);
      default -> throw new ScenarioRequestException("command", "expected start or stop");
    };
  }

  /** The command in {@code body}, or empty when it is none (for logging and skipping, never throwing). */
  static Optional<ControlCommand> tryParse(Object body) {
    if (!(body instanceof JsonObject json)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(json));
    } catch (ScenarioRequestException invalid) {
      return Optional.empty();
    }
  }

  private static UUID runId(JsonObject body) {
    if (!(body.getValue("runId") instanceof String text)) {
      throw new ScenarioRequestException("runId", "expected a uuid");
    }
    if (!UUID_TEXT.matcher(text).matches()) {
      throw new ScenarioRequestException("runId", "expected a uuid");
    }
    return UUID.fromString(text);
  }
}
