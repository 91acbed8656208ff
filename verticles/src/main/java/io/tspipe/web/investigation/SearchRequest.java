package io.tspipe.web.investigation;

import io.tspipe.event.EventType;
import io.tspipe.ipintel.IpAddresses;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A search of the events index as {@code POST /api/v1/search} takes it, checked field by field, and the Meilisearch
 * query it becomes. The Meilisearch filter is written here, clause by clause, from checked values only: enums from
 * their closed sets, numbers as numbers, and the few free values (IP, user id, email, network) after their shape is
 * checked, and then quoted. No text from a client is ever placed into a filter as it came. Free text must match every word
 * ({@code matchingStrategy: all}): an investigator looking up {@code 10.1.2.3} wants that address, not any event
 * holding a {@code 10}. Every string and field name must be well-formed Unicode ({@link Values#wellFormedJson}):
 * Meilisearch refuses a request holding an unpaired surrogate.
 *
 * @param q       free text, matched against the searchable attributes
 * @param filters Meilisearch filter clauses, all of which must hold
 * @param sort    {@code field:asc|desc}
 * @param page    1-based
 * @param limit   hits per page
 * @param facets  attributes whose value counts are wanted
 */
public record SearchRequest(String q, List<String> filters, String sort, int page, int limit, List<String> facets) {

  public static final int MAX_LIMIT = 100;
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_QUERY_LENGTH = 512;
  /** The index's {@code maxTotalHits}: no page may reach past it. */
  public static final int MAX_TOTAL_HITS = 10_000;
  public static final String DEFAULT_SORT = "timestamp:desc";

  private static final Set<String> FIELDS = Set.of("q", "filters", "sort", "page", "limit", "facets");
  private static final Set<String> FILTER_FIELDS = new LinkedHashSet<>(List.of("type", "from", "to", "success",
    "action", "method", "status", "bounceType", "country", "ip", "userId", "email", "asn", "prefix", "hosting"));
  private static final List<String> TYPES = Arrays.stream(EventType.values()).map(EventType::wireName).toList();
  private static final List<String> ACTIONS = List.of("login", "logout", "password_change", "two_factor_enabled",
    "two_factor_disabled", "account_created", "account_deleted");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
  private static final List<String> BOUNCE_TYPES = List.of("hard", "soft", "none");
  private static final List<String> SORTABLE = List.of("timestamp", "responseTimeMs");
  private static final List<String> FACETS = List.of("type", "success", "action", "method", "statusCode", "bounceType",
    "country", "ipCountry", "asn", "ipHosting");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final int MAX_LIST = 50;
  private static final int MAX_STATUS_RANGES = 10;

  /** Reads a request body; every problem is a {@link BadRequest} naming the field. */
  public static SearchRequest parse(JsonObject body) {
    if (body == null) {
      throw new BadRequest("body", "expected a JSON object");
    }
    Values.wellFormedJson("", body);
    rejectUnknown("", body, FIELDS);
    String q = optionalString(body, "q", "");
    if (q.length() > MAX_QUERY_LENGTH) {
      throw new BadRequest("q", "at most " + MAX_QUERY_LENGTH + " characters, got " + q.length());
    }
    Object filters = body.getValue("filters");
    if (filters != null && !(filters instanceof JsonObject)) {
      throw new BadRequest("filters", "expected an object of filters, got " + Values.describe(filters));
    }
    List<String> clauses = filters == null ? List.of() : filterClauses((JsonObject) filters);
    String sort = sort(optionalString(body, "sort", DEFAULT_SORT));
    int page = optionalInt(body, "page", 1, 1, MAX_TOTAL_HITS);
    int limit = optionalInt(body, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    if ((long) page * limit > MAX_TOTAL_HITS) {
      throw new BadRequest("page", "page " + page + " of " + limit + " reaches past hit " + MAX_TOTAL_HITS
        + ", the deepest the index pages; narrow the filters instead");
    }
    List<String> facets = List.copyOf(new LinkedHashSet<>(enumList(body, "facets", FACETS)));
    return new SearchRequest(q, clauses, sort, page, limit, facets);
  }

  /** The body of Meilisearch's {@code POST /indexes/{index}/search}. */
  public JsonObject meilisearchQuery() {
    JsonObject query = new JsonObject()
      .put("q", q)
      .put("matchingStrategy", "all")
      .put("page", page)
      .put("hitsPerPage", limit)
      .put("sort", new JsonArray().add(sort));
    if (!filters.isEmpty()) {
      query.put("filter", new JsonArray(new ArrayList<>(filters)));
    }
    if (!facets.isEmpty()) {
      query.put("facets", new JsonArray(new ArrayList<>(facets)));
    }
    return query;
  }

  private static List<String> filterClauses(JsonObject filters) {
    rejectUnknown("filters.", filters, FILTER_FIELDS);
    List<String> clauses = new ArrayList<>();
    inClause(clauses, "type", enumList(filters, "filters.type", "type", TYPES));
    Long from = optionalInstant(filters, "from");
    Long to = optionalInstant(filters, "to");
    if (from != null && to != null && from >= to) {
      throw new BadRequest("filters.to", "must be later than filters.from");
    }
    if (from != null) {
      clauses.add("timestamp >= " + from);
    }
    if (to != null) {
      clauses.add("timestamp < " + to);
    }
    Object success = filters.getValue("success");
    if (success != null) {
      if (!(success instanceof Boolean)) {
        throw new BadRequest("filters.success", "expected true or false, got " + Values.describe(success));
      }
      clauses.add("success = " + success);
    }
    inClause(clauses, "action", enumList(filters, "filters.action", "action", ACTIONS));
    inClause(clauses, "method", enumList(filters, "filters.method", "method", METHODS));
    statusClause(filters).ifPresent(clauses::add);
    inClause(clauses, "bounceType", enumList(filters, "filters.bounceType", "bounceType", BOUNCE_TYPES));
    List<String> countries = stringList(filters, "filters.country", "country");
    for (int i = 0; i < countries.size(); i++) {
      if (!COUNTRY.matcher(countries.get(i)).matches()) {
        throw new BadRequest("filters.country[" + i + "]", "'" + Values.shorten(countries.get(i))
          + "' is not an ISO 3166-1 alpha-2 code (two capital letters)");
      }
    }
    inClause(clauses, "country", countries);
    String ip = optionalString(filters, "ip", "filters.ip", null);
    if (ip != null) {
      clauses.add("sourceIp = " + quote(Values.ip("filters.ip", ip)));
    }
    String userId = optionalString(filters, "userId", "filters.userId", null);
    if (userId != null) {
      clauses.add("userId = " + quote(Values.uuid("filters.userId", userId)));
    }
    String email = optionalString(filters, "email", "filters.email", null);
    if (email != null) {
      clauses.add("recipientEmail = " + quote(Values.email("filters.email", email)));
    }
    asnClause(filters).ifPresent(clauses::add);
    String prefix = optionalString(filters, "prefix", "filters.prefix", null);
    if (prefix != null) {
      clauses.add("ipPrefix = " + quote(pivotPrefix(prefix)));
    }
    Object hosting = filters.getValue("hosting");
    if (hosting != null) {
      if (!(hosting instanceof Boolean)) {
        throw new BadRequest("filters.hosting", "expected true or false, got " + Values.describe(hosting));
      }
      clauses.add("ipHosting = " + hosting);
    }
    return clauses;
  }

  /** {@code asn}: a list of AS numbers, any of which may match. */
  private static Optional<String> asnClause(JsonObject filters) {
    Object value = filters.getValue("asn");
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof JsonArray numbers) || numbers.size() > MAX_LIST) {
      throw new BadRequest("filters.asn", "expected a list of at most " + MAX_LIST + " AS numbers");
    }
    List<String> asns = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      Object number = numbers.getValue(i);
      if (!(number instanceof Integer || number instanceof Long) || ((Number) number).longValue() < 1
        || ((Number) number).longValue() > Values.MAX_ASN) {
        throw new BadRequest("filters.asn[" + i + "]", "expected an AS number (an integer from 1 to " + Values.MAX_ASN
          + "), got " + Values.describe(number));
      }
      asns.add(Long.toString(((Number) number).longValue()));
    }
    return asns.isEmpty() ? Optional.empty() : Optional.of("asn IN [" + String.join(", ", asns) + "]");
  }

  /**
   * {@code prefix}: the /24 (IPv4) or /48 (IPv6) network the index holds for each address, in CIDR notation; other
   * lengths are refused, since the index holds no other (the {@code prefix} entity profile reads any CIDR).
   */
  private static String pivotPrefix(String prefix) {
    String canonical = Values.cidr("filters.prefix", prefix);
    IpAddresses.Cidr cidr = IpAddresses.parseCidr(canonical);
    if (cidr.length() != (cidr.ipv4() ? 24 : 48)) {
      throw new BadRequest("filters.prefix", "'" + Values.shorten(prefix) + "' is a /" + cidr.length()
        + "; the index holds each address's /24 (IPv4) or /48 (IPv6): give one of those, or read any network from "
        + "its profile, /api/v1/entities/prefix/{cidr}");
    }
    return canonical;
  }

  /** {@code status}: a list of inclusive ranges {@code {"min": 500, "max": 599}}; {@code max} defaults to {@code min}. */
  private static Optional<String> statusClause(JsonObject filters) {
    Object value = filters.getValue("status");
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof JsonArray ranges) || ranges.isEmpty() || ranges.size() > MAX_STATUS_RANGES) {
      throw new BadRequest("filters.status", "expected a list of 1 to " + MAX_STATUS_RANGES
        + " ranges like {\"min\": 500, \"max\": 599}");
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      String field = "filters.status[" + i + "]";
      if (!(ranges.getValue(i) instanceof JsonObject range)) {
        throw new BadRequest(field, "expected a range like {\"min\": 500, \"max\": 599}, got "
          + Values.describe(ranges.getValue(i)));
      }
      rejectUnknown(field + ".", range, Set.of("min", "max"));
      int min = requiredInt(range, field + ".min", "min", 100, 599);
      int max = optionalInt(range, field + ".max", "max", min, 100, 599);
      if (max < min) {
        throw new BadRequest(field + ".max", "must not be below min (" + min + ")");
      }
      parts.add("statusCode " + min + " TO " + max);
    }
    return Optional.of(parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")");
  }

  private static String sort(String sort) {
    String[] parts = sort.split(":", -1);
    if (parts.length != 2 || !SORTABLE.contains(parts[0]) || !(parts[1].equals("asc") || parts[1].equals("desc"))) {
      throw new BadRequest("sort", "'" + Values.shorten(sort) + "' is not one of "
        + SORTABLE.stream().flatMap(field -> Stream.of(field + ":desc", field + ":asc"))
        .collect(Collectors.joining(", ")));
    }
    return sort;
  }

  private static void inClause(List<String> clauses, String attribute, List<String> values) {
    if (!values.isEmpty()) {
      clauses.add(attribute + " IN [" + values.stream().map(SearchRequest::quote).collect(Collectors.joining(", ")) + "]");
    }
  }

  /** A Meilisearch filter string literal: double quotes, with backslash and double quote escaped. */
  static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static void rejectUnknown(String prefix, JsonObject object, Set<String> known) {
    for (String name : object.fieldNames()) {
      if (!known.contains(name)) {
        throw new BadRequest(prefix + name, "unknown field; known fields are " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static List<String> enumList(JsonObject body, String field, List<String> allowed) {
    return enumList(body, field, field, allowed);
  }

  private static List<String> enumList(JsonObject object, String path, String name, List<String> allowed) {
    List<String> values = stringList(object, path, name);
    for (int i = 0; i < values.size(); i++) {
      if (!allowed.contains(values.get(i))) {
        throw new BadRequest(path + "[" + i + "]", "'" + Values.shorten(values.get(i)) + "' is not one of "
          + String.join(", ", allowed));
      }
    }
    return values;
  }

  private static List<String> stringList(JsonObject object, String path, String name) {
    Object value = object.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new BadRequest(path, "expected a list of strings, got " + Values.describe(value));
    }
    if (array.size() > MAX_LIST) {
      throw new BadRequest(path, "at most " + MAX_LIST + " values, got " + array.size());
    }
    List<String> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String text)) {
        throw new BadRequest(path + "[" + i + "]", "expected a string, got " + Values.describe(array.getValue(i)));
      }
      values.add(text);
    }
    return values;
  }

  private static String optionalString(JsonObject body, String name, String fallback) {
    return optionalString(body, name, name, fallback);
  }

  private static String optionalString(JsonObject object, String name, String path, String fallback) {
    Object value = object.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text)) {
      throw new BadRequest(path, "expected a string, got " + Values.describe(value));
    }
    return text;
  }

  /** An instant in ISO-8601 with an offset ({@code 2026-11-24T10:00:00Z}), as epoch milliseconds. */
  private static Long optionalInstant(JsonObject filters, String name) {
    String text = optionalString(filters, name, "filters." + name, null);
    if (text == null) {
      return null;
    }
    return Values.instant("filters." + name, text).toEpochMilli();
  }

  private static int optionalInt(JsonObject body, String name, int fallback, int min, int max) {
    return optionalInt(body, name, name, fallback, min, max);
  }

  private static int optionalInt(JsonObject object, String path, String name, int fallback, int min, int max) {
    return object.getValue(name) == null ? fallback : requiredInt(object, path, name, min, max);
  }

  private static int requiredInt(JsonObject object, String path, String name, int min, int max) {
    Object value = object.getValue(name);
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new BadRequest(path, "expected an integer from " + min + " to " + max + ", got " + Values.describe(value));
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw new BadRequest(path, "expected an integer from " + min + " to " + max + ", got " + number);
    }
    return (int) number;
  }

}
