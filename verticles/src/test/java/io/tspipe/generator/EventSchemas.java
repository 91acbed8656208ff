package io.tspipe.generator;

import io.tspipe.event.EventType;
import io.tspipe.event.EventValidator;
import io.tspipe.event.Verdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The generator's output judged by the worker's own {@link EventValidator}, so "good" and "bad" here mean exactly
 * what the pipeline will decide. The accepted time range is made wide enough that test clocks never matter.
 */
final class EventSchemas {

  private static final Duration ANY_TIME = Duration.ofDays(365L * 100);
  private final EventValidator validator = new EventValidator(ANY_TIME, ANY_TIME);

  static EventSchemas load() {
    return new EventSchemas();
  }

  /** The validator's verdict on an event of {@code type}. */
  Verdict validate(EventType type, JsonObject event) {
    return validator.validate(type, event.toBuffer(), System.currentTimeMillis());
  }

  boolean valid(EventType type, JsonObject event) {
    return validate(type, event) instanceof Verdict.Accepted;
  }

  boolean validAttackWindow(JsonObject window) {
    return validator.validateAttackWindow(window.toBuffer()) instanceof Verdict.AcceptedWindow;
  }

  /** Whether the worker refuses {@code text} read from the topic of {@code type}. */
  boolean rejects(EventType type, String text) {
    return validator.validate(type, Buffer.buffer(text), System.currentTimeMillis()) instanceof Verdict.Rejected;
  }

  static boolean parses(String text) {
    try {
      Json.decodeValue(text);
      return true;
    } catch (DecodeException notJson) {
      return false;
    }
  }
}
