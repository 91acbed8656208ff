package io.tspipe.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenAPI 3.1 contract of the web API ({@value #RESOURCE} on the classpath) and the request validation it drives.
 *
 * <p>{@link #load(Vertx)} reads the document once, checks it against the official OpenAPI 3.1 schema, and builds the
 * vertx-openapi model of it, all off the event loop. Two things the document states are out of that model's reach
 * and are left out of the copy it is built from (not out of the document): the relative server URL {@code /} (the
 * base path is empty either way), and the response media types it does not model ({@code text/event-stream},
 * {@code text/csv}, {@code application/x-ndjson}, {@code application/yaml}); responses are not validated here.
 *
 * <p>{@link #validator(String)} is a Vert.x Web handler that checks a request against one operation before the route's
 * own handler runs, with vertx-openapi's own {@link RequestValidator}: path, query and header parameters and the JSON
 * body against their schemas. Around it sits a small adapter for what the library does not do as this API needs:
 * <ul>
 *   <li>before it, the checks no schema states: all the text of the URL and body is well-formed (every path segment
 *   and query parameter, percent-escapes spelling well-formed UTF-8; every string and field name of the body, no
 *   unpaired surrogate; see {@link Values#urlText} and {@link Values#wellFormedJson}), whatever the operation, so no
 *   engine is ever sent text it refuses; and unknown query parameters are refused on operations marked
 *   {@value #REFUSE_UNKNOWN_QUERY};</li>
 *   <li>the request handed to it is read as Vert.x Web reads it for the handlers ({@link #extract}), not by the
 *   library's own reading, which decodes a query value a second time and a {@code +} in a path segment as a space;</li>
 *   <li>after it, its refusal is put in plain words naming the parameter or the path into the body
 *   ({@code filters.status[0].min}), as a {@link BadRequest} ({@link RefusalWords}).</li>
 * </ul>
 * The library validates off the event loop. The routes stay Vert.x Web's own rather than a router built from the
 * document, because the web role orders them around handlers the document has no place for (the session route before
 * the access check, the live feeds before the body handler, the admin key before the request is read); each route
 * names its operation, and every operation has a route (checked by its test).
 *
 * <p>Parameters are read as the handlers read them: the first value of a query parameter, an integer as
 * {@link Long#parseLong} reads it, the body as JSON whatever its {@code Content-Type}.
 * Security requirements are documentation here: the API key (or session) is checked by {@code AccessRoutes} before
 * any route, the admin key by the attack control's handler.
 */
public final class ApiContract {

  /** The classpath resource of the contract. */
  public static final String RESOURCE = "openapi.yaml";
  /** Operation extension: a query parameter the operation does not declare is refused, as the handler refuses it. */
  public static final String REFUSE_UNKNOWN_QUERY = "x-refuse-unknown-query-parameters";
  /** Schema extension: what a value must be, in words, for the messages of a refusal ("a UUID (8-4-4-4-12 …)"). */
  public static final String EXPECTED = "x-expected";

  private final Buffer document;
  private final JsonObject json;
  private final OpenAPIContract contract;
  private final RequestValidator requests;
  private final Set<String> operationIds;
  /** The query parameters each operation marked {@value #REFUSE_UNKNOWN_QUERY} declares, by operation id. */
  private final Map<String, Set<String>> knownQuery = new HashMap<>();
  private final RefusalWords words;

  private ApiContract(Vertx vertx, Buffer document, JsonObject json, OpenAPIContract contract) {
    this.document = document;
    this.json = json;
    this.contract = contract;
    this.requests = RequestValidator.create(vertx, contract);
    this.words = new RefusalWords(contract.getRawContract());
    this.operationIds = contract.operations().stream().map(Operation::getOperationId)
      .collect(Collectors.toCollection(LinkedHashSet::new));
    for (Operation operation : contract.operations()) {
      checkReadable(operation);
      if (Boolean.TRUE.equals(operation.getOpenAPIModel().getValue(REFUSE_UNKNOWN_QUERY))) {
        knownQuery.put(operation.getOperationId(), operation.getParameters().stream()
          .filter(parameter -> parameter.getIn() == Location.QUERY)
          .map(Parameter::getName).collect(Collectors.toUnmodifiableSet()));
      }
    }
  }

  /** Refuses, at load, an operation whose request the API's words or its handlers cannot read. */
  private static void checkReadable(Operation operation) {
    for (Parameter parameter : operation.getParameters()) {
      if (!Set.of(SchemaType.STRING, SchemaType.INTEGER, SchemaType.NUMBER, SchemaType.BOOLEAN)
        .contains(parameter.getSchemaType())
        || !(parameter.getStyle() == Style.FORM || parameter.getStyle() == Style.SIMPLE)) {
        throw new IllegalStateException("operation " + operation.getOperationId() + ": parameter " + parameter.getName()
          + " must be a single string, integer, number or boolean (style form or simple); the API reads no other");
      }
    }
    RequestBody body = operation.getRequestBody();
    if (body != null && (body.getContent().size() != 1 || body.getContent().get("application/json") == null
      || body.getContent().get("application/json").getSchema() == null)) {
      throw new IllegalStateException("operation " + operation.getOperationId()
        + ": a request body must be application/json, with a schema, and nothing else");
    }
  }

  /** Loads {@value #RESOURCE} from the classpath; fails when it is missing or not a valid OpenAPI 3.1 document. */
  public static Future<ApiContract> load(Vertx vertx) {
    return load(vertx, RESOURCE);
  }

  /** Loads the contract at {@code resource} on the classpath. */
  public static Future<ApiContract> load(Vertx vertx, String resource) {
    return vertx.executeBlocking(() -> {
        Buffer bytes = Buffer.buffer(read(resource));
        return new Parsed(bytes, parse(bytes, resource));
      })
      .compose(parsed -> OpenAPIVersion.V3_1.getRepository(vertx, "app://")
        .compose(repository -> checkVersion(parsed.json(), resource)
          .compose(v -> OpenAPIVersion.V3_1.validateContract(vertx, repository, parsed.json())))
        .compose(result -> {
          if (!Boolean.TRUE.equals(result.getValid())) {
            return Future.failedFuture(new IllegalStateException(resource + " is not a valid OpenAPI 3.1 document: "
              + errors(result)));
          }
          return OpenAPIContract.from(vertx, modelCopy(parsed.json()));
        })
        .map(contract -> new ApiContract(vertx, parsed.bytes(), parsed.json(), contract)));
  }

  private record Parsed(Buffer bytes, JsonObject json) {
  }

  /**
   * A handler that checks the request against the operation {@code operationId}, then passes it on; a refused request
   * fails the context with a {@link BadRequest}.
   *
   * @throws IllegalArgumentException when the contract has no such operation (at wiring time, not per request)
   */
  public Handler<RoutingContext> validator(String operationId) {
    Operation operation = operation(operationId);
    return ctx -> check(ctx, operation).onSuccess(validated -> ctx.next()).onFailure(ctx::fail);
  }

  /**
   * Checks the request against the operation {@code operationId}, for use inside a handler (after a check that must
   * come first, such as authorization). The future fails with a {@link BadRequest} naming the field at fault.
   *
   * @throws IllegalArgumentException when the contract has no such operation
   */
  public Future<ValidatedRequest> check(RoutingContext ctx, String operationId) {
    return check(ctx, operation(operationId));
  }

  private Future<ValidatedRequest> check(RoutingContext ctx, Operation operation) {
    try {
      checkBeforeSchemas(ctx, operation);
    } catch (BadRequest refused) {
      return Future.failedFuture(refused);
    }
    return requests.validate(extract(ctx, operation), operation.getOperationId())
      .recover(failure -> Future.failedFuture(failure instanceof ValidatorException refused
        ? refusal(operation, ctx, refused) : failure));
  }

  /** The document as it is on the classpath, byte for byte. */
  public Buffer document() {
    return document.copy();
  }

  /** A handler answering the document as YAML ({@code GET /api/v1/openapi.yaml}). */
  public Handler<RoutingContext> documentHandler() {
    return ctx -> ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
      .end(document.copy());
  }

  /** The document as JSON, as written (with the server URL and every media type). */
  public JsonObject json() {
    return json.copy();
  }

  /** The vertx-openapi model of the document (see the class comment for what it leaves out). */
  public OpenAPIContract openApi() {
    return contract;
  }

  /** The operation ids, in document order. */
  public Set<String> operationIds() {
    return Collections.unmodifiableSet(operationIds);
  }

  // ---- loading

  private static byte[] read(String resource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
      ? Thread.currentThread().getContextClassLoader() : ApiContract.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the classpath", e);
    }
  }

  /** YAML to JSON: keys as strings (response codes are numbers to YAML), timestamps as ISO-8601 strings. */
  private static JsonObject parse(Buffer bytes, String resource) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(bytes.toString(StandardCharsets.UTF_8));
    if (!(json(root) instanceof JsonObject object)) {
      throw new IllegalStateException(resource + " is not a YAML mapping");
    }
    return object;
  }

  private static Object json(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((key, value) -> object.put(String.valueOf(key), json(value)));
      return object;
    }
    if (yaml instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(value -> array.add(json(value)));
      return array;
    }
    if (yaml instanceof Date date) {
      return date.toInstant().toString();
    }
    return yaml;
  }

  private static Future<Void> checkVersion(JsonObject document, String resource) {
    String version = document.getValue("openapi") instanceof String text ? text : null;
    return version != null && version.startsWith("3.1.") ? Future.succeededFuture()
      : Future.failedFuture(new IllegalStateException(resource + " must be an OpenAPI 3.1 document, not " + version));
  }

  /** The copy vertx-openapi builds its model from: no relative server URL, no media types it cannot model. */
  private static JsonObject modelCopy(JsonObject document) {
    JsonObject copy = document.copy();
    copy.remove("servers");
    List<JsonObject> responseSets = new ArrayList<>();
    copy.getJsonObject("paths", new JsonObject()).forEach(path -> {
      if (path.getValue() instanceof JsonObject item) {
        item.forEach(operation -> {
          if (operation.getValue() instanceof JsonObject op && op.getValue("responses") instanceof JsonObject responses) {
            responseSets.add(responses);
          }
        });
      }
    });
    if (copy.getJsonObject("components", new JsonObject()).getValue("responses") instanceof JsonObject shared) {
      responseSets.add(shared);
    }
    for (JsonObject responses : responseSets) {
      responses.forEach(response -> {
        if (response.getValue() instanceof JsonObject model && model.getValue("content") instanceof JsonObject content) {
          content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          if (content.isEmpty()) {
            model.remove("content");
          }
        }
      });
    }
    return copy;
  }

  private static String errors(OutputUnit result) {
    if (result.getErrors() == null || result.getErrors().isEmpty()) {
      return String.valueOf(result.getError());
    }
    return result.getErrors().stream().limit(10)
      .map(error -> error.getInstanceLocation() + " (" + error.getKeywordLocation() + "): " + error.getError())
      .collect(Collectors.joining("; "));
  }

  // ---- checking a request

  private Operation operation(String operationId) {
    Operation operation = contract.operation(operationId);
    if (operation == null) {
      throw new IllegalArgumentException("the API contract has no operation " + operationId + "; it has "
        + String.join(", ", operationIds()));
    }
    return operation;
  }

  /**
   * The checks the library has no words for, in order: the URL's text, the query string decoding, unknown query
   * parameters, and the body being one well-formed JSON object. Throws a {@link BadRequest}.
   */
  private void checkBeforeSchemas(RoutingContext ctx, Operation operation) {
    checkUrl(ctx, operation);
    MultiMap query;
    try {
      query = ctx.queryParams();
    } catch (HttpException | IllegalArgumentException undecodable) {
      throw new BadRequest("query", "the query string does not decode (a stray % or a bad escape)");
    }
    Set<String> known = knownQuery.get(operation.getOperationId());
    if (known != null) {
      Values.onlyKnown(query, known);
    }
    if (operation.getRequestBody() != null && ctx.body() != null && ctx.body().length() > 0) {
      JsonObject object;
      try {
        object = ctx.body().asJsonObject();
      } catch (DecodeException | ClassCastException notAnObject) {
        throw new BadRequest("body", "expected a JSON object; it does not parse as one");
      }
      Values.wellFormedJson("", object);
    }
  }

  /**
   * Every part of the URL as {@link Values#urlText} reads it, whether the operation reads that part or not: each
   * query parameter's name and value (split at {@code &} and {@code ;}, as Vert.x splits them), named by the
   * parameter, and each path segment, named by the path parameter it is or else {@code path}.
   */
  private static void checkUrl(RoutingContext ctx, Operation operation) {
    String query = ctx.request().query();
    if (query != null) {
      for (String pair : query.split("[&;]")) {
        int equals = pair.indexOf('=');
        String rawName = equals < 0 ? pair : pair.substring(0, equals);
        String name = Values.urlTextLenient(rawName, true);
        Values.urlText(name.isEmpty() ? "query" : name, rawName, true);
        if (equals >= 0) {
          Values.urlText(name, pair.substring(equals + 1), true);
        }
      }
    }
    String[] template = operation.getOpenAPIPath().split("/", -1);
    String[] segments = ctx.request().path().split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String part = segments.length == template.length ? template[i] : "";
      boolean parameter = part.startsWith("{") && part.endsWith("}");
      Values.urlText(parameter ? part.substring(1, part.length() - 1) : "path", segments[i], false);
    }
  }

  /**
   * The request as the library validates it, read the way Vert.x Web reads it for the handlers: path parameters
   * decoded once ({@code +} stays a plus), the first value of a query parameter, the body whatever its
   * {@code Content-Type} as JSON, and each parameter as {@link #given} hands it over.
   */
  private static ValidatableRequest extract(RoutingContext ctx, Operation operation) {
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> cookies = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      RequestParameter value = new Given(given(parameter, raw(ctx, parameter)));
      switch (parameter.getIn()) {
        case PATH -> path.put(parameter.getName(), value);
        case QUERY -> query.put(parameter.getName(), value);
        case HEADER -> headers.put(parameter.getName(), value);
        case COOKIE -> cookies.put(parameter.getName(), value);
      }
    }
    Buffer body = operation.getRequestBody() == null || ctx.body() == null ? null : ctx.body().buffer();
    return new Extracted(cookies, headers, path, query, new Given(body), "application/json");
  }

  /**
   * A parameter's text as the library is to read it: an integer as {@link Long#parseLong} reads it ({@code +5} and
   * {@code 007} are 5 and 7, {@code 1e2} is no integer), in its canonical form; a string, or text where an integer is
   * due, JSON-quoted, since the library reads a bare value as JSON first ({@code true} or {@code 1.5} would stop being
   * text) and reads a quoted one as exactly that text; a number or boolean as it came.
   */
  private static String given(Parameter parameter, String raw) {
    if (raw == null) {
      return null;
    }
    if (parameter.getSchemaType() == SchemaType.INTEGER) {
      try {
        return Long.toString(Long.parseLong(raw));
      } catch (NumberFormatException notAnInteger) {
        return Json.encode(raw);
      }
    }
    return parameter.getSchemaType() == SchemaType.STRING ? Json.encode(raw) : raw;
  }

  private static String raw(RoutingContext ctx, Parameter parameter) {
    return switch (parameter.getIn()) {
      case PATH -> ctx.pathParam(parameter.getName());
      case QUERY -> ctx.queryParams().get(parameter.getName());
      case HEADER -> ctx.request().getHeader(parameter.getName());
      case COOKIE -> ctx.request().getCookie(parameter.getName()) == null ? null
        : ctx.request().getCookie(parameter.getName()).getValue();
    };
  }

  /** One value of a request as handed to the library. */
  private record Given(Object get) implements RequestParameter {
    @Override
    public boolean isNull() {
      return get == null;
    }

    @Override
    public boolean isEmpty() {
      return get == null || get instanceof Buffer buffer && buffer.length() == 0;
    }
  }

  private record Extracted(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
                           Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
                           RequestParameter getBody, String getContentType) implements ValidatableRequest {
  }

  /** The library's refusal in the API's words, naming the parameter or the path into the body. */
  private BadRequest refusal(Operation operation, RoutingContext ctx, ValidatorException refused) {
    Parameter parameter = parameterNamedIn(operation, refused.getMessage());
    if (parameter == null) {
      RequestBody body = operation.getRequestBody();
      JsonObject schema = body == null ? new JsonObject()
        : body.getContent().get("application/json").getOpenAPIModel().getJsonObject("schema");
      return switch (refused.type()) {
        case MISSING_REQUIRED_PARAMETER -> new BadRequest("body", "expected a JSON object, got an empty body");
        case ILLEGAL_VALUE -> new BadRequest("body", "expected a JSON object; it does not parse as one");
        default -> refused instanceof SchemaValidationException invalid
          ? words.refusal(null, ctx.body().asJsonObject(), schema, invalid.getOutputUnit())
          : new BadRequest("body", "does not match the API contract: " + refused.getMessage());
      };
    }
    String name = parameter.getName();
    JsonObject schema = parameter.getOpenAPIModel().getJsonObject("schema");
    String raw = raw(ctx, parameter);
    String expected = RefusalWords.describe(words.resolve(schema));
    return switch (refused.type()) {
      case MISSING_REQUIRED_PARAMETER -> new BadRequest(name, "required: " + expected);
      case INVALID_VALUE -> refused instanceof SchemaValidationException invalid
        ? words.refusal(name, value(parameter, raw), schema, invalid.getOutputUnit())
        : new BadRequest(name, "expected " + expected + ", got '" + Values.shorten(raw) + "'");
      default -> new BadRequest(name, "expected " + expected + ", got '" + Values.shorten(raw) + "'");
    };
  }

  /**
   * The parameter a refusal of the library is about. Its exceptions carry the parameter only in their message
   * ("… query parameter limit …"), so this reads it there, and only ever returns a parameter the operation
   * declares.
   */
  private static Parameter parameterNamedIn(Operation operation, String message) {
    for (Parameter parameter : operation.getParameters()) {
      String named = parameter.getIn().name().toLowerCase(Locale.ROOT) + " parameter " + parameter.getName();
      int at = message == null ? -1 : message.indexOf(named);
      int after = at + named.length();
      if (at >= 0 && (after == message.length() || !Character.isLetterOrDigit(message.charAt(after)))) {
        return parameter;
      }
    }
    return null;
  }

  /** A parameter's text as the JSON value the library validated, for the words of a refusal. */
  private static Object value(Parameter parameter, String raw) {
    String given = given(parameter, raw);
    try {
      return given == null ? null : Json.decodeValue(given);
    } catch (DecodeException notJson) {
      return raw;
    }
  }
}
