package io.tspipe.bench.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.tspipe.event.EcmaPatterns;
import io.tspipe.event.RejectReason;
import io.tspipe.event.SchemaEngine;
import io.tspipe.event.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The schemas as {@code com.networknt:json-schema-validator} (draft 2020-12, formats asserted) decides them: each
 * decoded record is handed over as the Jackson tree that library reads, built from the members Vert.x decoded (no
 * second parse), and a reject is worded from its first error as the worker words the other library's: the field's
 * JSON pointer, then the library's message. Patterns are made exact for Java first ({@link EcmaPatterns}), as the
 * worker's are.
 */
final class NetworkntSchemas implements SchemaEngine {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SchemaRegistry registry;

  NetworkntSchemas(Map<String, JsonObject> documents) {
    Map<String, String> texts = new HashMap<>();
    documents.forEach((id, schema) -> texts.put(id, EcmaPatterns.translated(schema).encode()));
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
      .formatAssertionsEnabled(true)
      .pathType(PathType.JSON_POINTER)
      .build();
    registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemas(texts).schemaRegistryConfig(config));
  }

  @Override
  public Check check(String id) {
    Schema schema = registry.getSchema(SchemaLocation.of(id));
    schema.initializeValidators();
    return record -> reject(schema, record);
  }

  private static Verdict.Rejected reject(Schema schema, JsonObject record) {
    List<Error> errors;
    try {
      errors = schema.validate(node(record));
    } catch (RuntimeException e) {
      return new Verdict.Rejected(RejectReason.INVALID_VALUE, "", "a value could not be checked against the schema ("
        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", "", "");
    }
    if (errors.isEmpty()) {
      return null;
    }
    Error primary = errors.stream().filter(error -> "required".equals(error.getKeyword())).findFirst()
      .orElse(errors.get(0));
    String location = primary.getInstanceLocation().toString();
    String others = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more problem(s))" : "";
    if ("required".equals(primary.getKeyword())) {
      String field = location + "/" + primary.getProperty();
      return new Verdict.Rejected(RejectReason.MISSING_FIELD, field, "missing required field '" + field + "'" + others,
        "", "");
    }
    RejectReason reason = "type".equals(primary.getKeyword()) ? RejectReason.INVALID_TYPE : RejectReason.INVALID_VALUE;
    return new Verdict.Rejected(reason, location, "field '" + location + "': " + primary.getMessage() + others, "", "");
  }

  /** A value as Vert.x decodes it (maps, lists, strings, numbers, booleans, null) as a Jackson tree. */
  static JsonNode node(Object value) {
    if (value instanceof JsonObject object) {
      return object(object.getMap());
    }
    if (value instanceof Map<?, ?> map) {
      return object(map);
    }
    if (value instanceof JsonArray array) {
      return array(array.getList());
    }
    if (value instanceof List<?> list) {
      return array(list);
    }
    if (value instanceof String text) {
      return NODES.stringNode(text);
    }
    if (value instanceof Integer number) {
      return NODES.numberNode(number.intValue());
    }
    if (value instanceof Long number) {
      return NODES.numberNode(number.longValue());
    }
    if (value instanceof Double number) {
      return NODES.numberNode(number.doubleValue());
    }
    if (value instanceof BigInteger number) {
      return NODES.numberNode(number);
    }
    if (value instanceof BigDecimal number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Number number) {
      return NODES.numberNode(number.doubleValue());
    }
    if (value instanceof Boolean flag) {
      return NODES.booleanNode(flag);
    }
    return NODES.nullNode();
  }

  private static ObjectNode object(Map<?, ?> members) {
    ObjectNode object = NODES.objectNode();
    members.forEach((name, member) -> object.set((String) name, node(member)));
    return object;
  }

  private static ArrayNode array(List<?> items) {
    ArrayNode array = NODES.arrayNode(items.size());
    items.forEach(item -> array.add(node(item)));
    return array;
  }
}
