package io.tspipe.event;

import io.vertx.core.json.JsonObject;

/**
 * What decides a record against the schemas of {@link SchemaDocuments}, after {@link EventValidator} has checked its
 * text: the worker's is {@link CompiledSchema#withFallback}, compiled predicates with {@link LibrarySchemas} deciding
 * the rest.
 */
@FunctionalInterface
public interface SchemaEngine {

  /** The check of the schema whose {@code $id} is {@code id}. */
  Check check(String id);

  /** One schema's check of a decoded record. Never throws: a record it cannot check is a reject too. */
  @FunctionalInterface
  interface Check {

    /**
     * {@code null} when {@code record} is valid; else the reject naming the field (a JSON pointer), what the schema
     * expects and what the record holds.
     */
    Verdict.Rejected reject(JsonObject record);
  }
}
