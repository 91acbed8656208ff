package io.tspipe.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;

/**
 * Reads an event from its bytes in one pass with Jackson's streaming parser, straight into the slots of its type's
 * {@link EventFields.Layout}: no {@code JsonObject}, no map of members, no second walk for ill-formed text. Pure.
 *
 * <p>It reads only a plain event, and answers null for anything else, which the caller then decodes the general way:
 * one JSON object, after which the text ends, whose every member the layout defines and appears once, each holding a
 * string without an unpaired surrogate, a number, {@code true}, {@code false} or {@code null}, or, where the layout
 * defines the member's own members ({@code geo}), an object of such members. So an undefined or repeated member, an
 * array or any other nesting, a lone surrogate escape and text that is not JSON all go the general way. Whatever it
 * reads it reads as Vert.x decodes it: the parser is Vert.x's own ({@link JacksonCodec#createParser}, comments allowed
 * as there), strings are the parser's text and numbers its {@link JsonParser#getNumberValue()}, so a plain event holds
 * exactly the values its {@code JsonObject} would.
 */
final class StreamingDecoder {

  /** What a value that makes the event not plain reads as. */
  private static final Object NOT_PLAIN = new Object();

  private StreamingDecoder() {
  }

  /** {@code payload}, well-formed UTF-8, as the plain event of {@code layout} it is, or null when it is not one. */
  static EventFields decode(Buffer payload, EventFields.Layout layout) {
    try (JsonParser parser = JacksonCodec.createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      EventFields event = readObject(parser, layout);
      return event != null && parser.nextToken() == null ? event : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  /** The members of the object the parser has just entered, up to its end; null when it is not plain. */
  private static EventFields readObject(JsonParser parser, EventFields.Layout layout) throws IOException {
    EventFields object = layout.empty();
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      int slot = layout.slot(name);
      if (slot < 0 || object.has(slot)) {
        return null;
      }
      Object value = readValue(parser, parser.nextToken(), layout.nested(slot));
      if (value == NOT_PLAIN) {
        return null;
      }
      object.set(slot, value);
    }
    return object;
  }

  /** The value that begins with {@code token}; {@code nested} lays out its members if it may be an object. */
  private static Object readValue(JsonParser parser, JsonToken token, EventFields.Layout nested) throws IOException {
    switch (token) {
      case VALUE_STRING -> {
        String text = parser.getText();
        return WellFormedText.firstLoneSurrogate(text) == WellFormedText.WELL_FORMED ? text : NOT_PLAIN;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getNumberValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      case START_OBJECT -> {
        EventFields object = nested == null ? null : readObject(parser, nested);
        return object == null ? NOT_PLAIN : object;
      }
      default -> {
        return NOT_PLAIN;
      }
    }
  }
}
