package io.tspipe.generator;

import io.tspipe.model.EventType;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** The JSON Schemas of {@code schemas/}, as shipped in the jar, ready to validate events of each type. */
final class EventSchemas {

  private final Map<EventType, Validator> validators = new EnumMap<>(EventType.class);
  private final Validator attackWindow;

  private EventSchemas() {
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012)
      .setBaseUri("https://tspipe.io/schemas/")
      .setOutputFormat(OutputFormat.Basic));
    repository.dereference(JsonSchema.of(resource("schemas/common.schema.json")));
    for (EventType type : EventType.values()) {
      repository.dereference(JsonSchema.of(resource(type.schemaResource())));
      validators.put(type, repository.validator(type.wireName() + ".schema.json"));
    }
    repository.dereference(JsonSchema.of(resource("schemas/attack_window.schema.json")));
    attackWindow = repository.validator("attack_window.schema.json");
  }

  static EventSchemas load() {
    return new EventSchemas();
  }

  OutputUnit validate(EventType type, Object json) {
    return validators.get(type).validate(json);
  }

  boolean valid(EventType type, Object json) {
    return validate(type, json).getValid();
  }

  OutputUnit validateAttackWindow(Object json) {
    return attackWindow.validate(json);
  }

  /** True when the text is not JSON at all; otherwise whether it is valid for the type's schema decides. */
  boolean rejects(EventType type, String text) {
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException notJson) {
      return true;
    }
    return !valid(type, parsed);
  }

  static boolean parses(String text) {
    try {
      Json.decodeValue(text);
      return true;
    } catch (DecodeException notJson) {
      return false;
    }
  }

  private static JsonObject resource(String name) {
    try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
