package io.tspipe.event;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonFormatValidator;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputErrorType;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schemas as the JSON Schema library (vertx-json-schema) checks them, wording each reject: the field's JSON
 * pointer, then the library's own words of what was expected. The library is given the schemas with their patterns
 * made exact for Java ({@link EcmaPatterns}) and {@link #STRICT_FORMATS formats} that refuse line terminators, which its
 * own checks let through at the end of a value.
 */
public final class LibrarySchemas implements SchemaEngine {

  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"?([^\"]+)\"?");
  private static final Set<String> COMBINING_KEYWORDS =
    Set.of("allOf", "anyOf", "oneOf", "not", "$ref", "properties", "items", "if", "then", "else");
  /** Formats whose values never hold a control character or line terminator. */
  private static final Set<String> STRICT_FORMATS =
    Set.of("date-time", "date", "time", "ipv4", "ipv6", "uuid", "email", "hostname");

  private final SchemaRepository repository;

  /** {@code documents}: every schema by {@code $id}, as {@link SchemaDocuments#load} gives them; they are not changed. */
  public LibrarySchemas(Map<String, JsonObject> documents) {
    repository = SchemaRepository.create(new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012)
      .setBaseUri(SchemaDocuments.BASE_URI)
      .setOutputFormat(OutputFormat.Basic), LibrarySchemas::checkFormat);
    // the library annotates what it dereferences: it is given copies
    documents.values().forEach(schema -> repository.dereference(JsonSchema.of(EcmaPatterns.translated(schema))));
  }

  @Override
  public Check check(String id) {
    Validator validator = repository.validator(id);
    return record -> reject(validator, record);
  }

  /**
   * The library's verdict: null when valid. The library can throw on some values (an empty string under
   * {@code format: email}); such a record is refused as well, never let through and never allowed to stop the worker.
   */
  private static Verdict.Rejected reject(Validator validator, JsonObject instance) {
    OutputUnit result;
    try {
      result = validator.validate(instance);
    } catch (RuntimeException e) {
      return EventValidator.reject(RejectReason.INVALID_VALUE, "", "a value could not be checked against the schema ("
        + e.getClass().getSimpleName() + ": " + EventValidator.firstLine(e.getMessage()) + ")", instance);
    }
    return Boolean.TRUE.equals(result.getValid()) ? null : schemaReject(result, instance);
  }

  /**
   * The library's format checks, with line terminators and control characters refused in every format that never
   * holds one: its own checks end in {@code $}, which lets a final newline through.
   */
  private static String checkFormat(String instanceType, String format, Object instance) {
    if (instance instanceof String text && format != null && STRICT_FORMATS.contains(format)) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029) {
          return "format " + format + " allows no control character or line terminator (U+"
            + String.format("%04X", (int) c) + " at character " + i + ")";
        }
      }
    }
    return JsonFormatValidator.DEFAULT_VALIDATOR.validateFormat(instanceType, format, instance);
  }

  private static Verdict.Rejected schemaReject(OutputUnit result, JsonObject event) {
    List<OutputUnit> leaves = leafErrors(result);
    OutputUnit primary = leaves.stream()
      .filter(error -> error.getErrorType() == OutputErrorType.MISSING_VALUE)
      .findFirst()
      .orElse(leaves.isEmpty() ? result : leaves.get(0));
    String location = pointer(primary.getInstanceLocation());
    String message = primary.getError() == null ? "does not match its schema" : primary.getError();
    String others = leaves.size() > 1 ? " (and " + (leaves.size() - 1) + " more problem(s))" : "";
    Matcher property = REQUIRED_PROPERTY.matcher(message);
    if (primary.getErrorType() == OutputErrorType.MISSING_VALUE && property.find()) {
      String field = location + "/" + property.group(1);
      return EventValidator.reject(RejectReason.MISSING_FIELD, field, "missing required field '" + field + "'" + others,
        event);
    }
    String keyword = primary.getKeywordLocation() == null ? "" : primary.getKeywordLocation();
    RejectReason reason = keyword.endsWith("/type") ? RejectReason.INVALID_TYPE : RejectReason.INVALID_VALUE;
    return EventValidator.reject(reason, location, "field '" + location + "': " + message + others, event);
  }

  /** Errors raised by a keyword that checks a value itself, not by one that only combines subschemas. */
  private static List<OutputUnit> leafErrors(OutputUnit result) {
    if (result.getErrors() == null) {
      return List.of();
    }
    return result.getErrors().stream()
      .filter(error -> !COMBINING_KEYWORDS.contains(lastSegment(error.getKeywordLocation())))
      .sorted(Comparator.comparingInt((OutputUnit error) -> -pointer(error.getInstanceLocation()).length()))
      .toList();
  }

  private static String lastSegment(String keywordLocation) {
    return keywordLocation == null ? "" : keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
  }

  /** The library writes instance locations as URI fragments ({@code #/geo/lat}); rejects name plain JSON pointers. */
  private static String pointer(String instanceLocation) {
    if (instanceLocation == null) {
      return "";
    }
    return instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
  }
}
