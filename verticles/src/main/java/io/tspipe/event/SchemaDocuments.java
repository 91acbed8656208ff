package io.tspipe.event;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON Schemas of {@code schemas/} (draft 2020-12), read from the classpath, each keyed by its {@code $id}:
 * {@code common} and the schema of every {@link EventType}, and those of the ground-truth records. Every role that
 * reads events checks them against these documents, through {@link EventValidator}.
 */
public final class SchemaDocuments {

  /** The base of every schema's {@code $id}; a schema's {@code $ref}s are relative to it. */
  public static final String BASE_URI = "https://tspipe.io/schemas/";
  public static final String COMMON = "common";
  public static final String ATTACK_WINDOW = "attack_window";
  public static final String ATTACK_ENTITY = "attack_entity";

  private SchemaDocuments() {
  }

  /** The {@code $id} of the schema named {@code name} ({@code api_request}, {@code common}). */
  public static String id(String name) {
    return BASE_URI + name + ".schema.json";
  }

  public static String id(EventType type) {
    return id(type.wireName());
  }

  /** Every schema, by {@code $id}; a fresh copy each time, so a caller may annotate what it is given. */
  public static Map<String, JsonObject> load() {
    Map<String, JsonObject> documents = new HashMap<>();
    put(documents, COMMON);
    for (EventType type : EventType.values()) {
      put(documents, type.wireName());
    }
    put(documents, ATTACK_WINDOW);
    put(documents, ATTACK_ENTITY);
    return documents;
  }

  private static void put(Map<String, JsonObject> documents, String name) {
    JsonObject schema = read(name);
    documents.put(schema.getString("$id"), schema);
  }

  private static JsonObject read(String name) {
    String resource = "schemas/" + name + ".schema.json";
    try (InputStream in = SchemaDocuments.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema " + resource + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
