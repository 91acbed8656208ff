package io.tspipe.web.investigation;

import io.tspipe.ipintel.IpAddresses;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A search of the events index as {@code POST /api/v1/search} takes it, and the Meilisearch query it becomes. The body
 * has passed the API contract ({@code SearchRequest} in {@code openapi.yaml}: the fields, their types, enums, patterns
 * and bounds, and well-formed text); this reads it, and refuses only what a schema cannot say: a {@code to} not after
 * {@code from}, an instant that is no calendar date or is outside the years the API takes, a status range whose
 * {@code max} is below its {@code min}, an IPv6-looking text that is no address, a network other than a /24 or /48,
 * and a page reaching past the index's deepest hit.
 *
 * <p>The Meilisearch filter is written here, clause by clause: enums as the contract closed them, numbers as numbers,
 * and every free value (IP, user id, email, network) in its canonical form and quoted, so no text from a client is
 * ever placed into a filter as it came. Free text must match every word ({@code matchingStrategy: all}): an
 * investigator looking up {@code 10.1.2.3} wants that address, not any event holding a {@code 10}.
 *
 * @param q       free text, matched against the searchable attributes
 * @param filters Meilisearch filter clauses, all of which must hold
 * @param sort    {@code field:asc|desc}
 * @param page    1-based
 * @param limit   hits per page
 * @param facets  attributes whose value counts are wanted
 */
public record SearchRequest(String q, List<String> filters, String sort, int page, int limit, List<String> facets) {

  public static final int DEFAULT_LIMIT = 20;
  /** The index's {@code maxTotalHits}: no page may reach past it. */
  public static final int MAX_TOTAL_HITS = 10_000;
  public static final String DEFAULT_SORT = "timestamp:desc";

  /** Reads a body the API contract accepted; what the contract cannot say is a {@link BadRequest} naming the field. */
  public static SearchRequest parse(JsonObject body) {
    String q = or(body.getString("q"), "");
    JsonObject filters = body.getJsonObject("filters");
    List<String> clauses = filters == null ? List.of() : filterClauses(filters);
    String sort = or(body.getString("sort"), DEFAULT_SORT);
    int page = or(body.getInteger("page"), 1);
    int limit = or(body.getInteger("limit"), DEFAULT_LIMIT);
    if ((long) page * limit > MAX_TOTAL_HITS) {
      throw new BadRequest("page", "page " + page + " of " + limit + " reaches past hit " + MAX_TOTAL_HITS
        + ", the deepest the index pages; narrow the filters instead");
    }
    List<String> facets = List.copyOf(new LinkedHashSet<>(strings(body, "facets")));
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
    List<String> clauses = new ArrayList<>();
    inClause(clauses, "type", strings(filters, "type"));
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
    if (filters.getBoolean("success") != null) {
      clauses.add("success = " + filters.getBoolean("success"));
    }
    inClause(clauses, "action", strings(filters, "action"));
    inClause(clauses, "method", strings(filters, "method"));
    statusClause(filters).ifPresent(clauses::add);
    inClause(clauses, "bounceType", strings(filters, "bounceType"));
    inClause(clauses, "country", strings(filters, "country"));
    String ip = filters.getString("ip");
    if (ip != null) {
      clauses.add("sourceIp = " + quote(Values.ip("filters.ip", ip)));
    }
    String userId = filters.getString("userId");
    if (userId != null) {
      clauses.add("userId = " + quote(userId.toLowerCase(Locale.ROOT)));
    }
    String email = filters.getString("email");
    if (email != null) {
      clauses.add("recipientEmail = " + quote(email));
    }
    JsonArray asns = filters.getJsonArray("asn");
    if (asns != null && !asns.isEmpty()) {
      clauses.add("asn IN [" + asns.stream().map(asn -> Long.toString(((Number) asn).longValue()))
        .collect(Collectors.joining(", ")) + "]");
    }
    String prefix = filters.getString("prefix");
    if (prefix != null) {
      clauses.add("ipPrefix = " + quote(pivotPrefix(prefix)));
    }
    if (filters.getBoolean("hosting") != null) {
      clauses.add("ipHosting = " + filters.getBoolean("hosting"));
    }
    return clauses;
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
    JsonArray ranges = filters.getJsonArray("status");
    if (ranges == null) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      JsonObject range = ranges.getJsonObject(i);
      int min = range.getInteger("min");
      int max = or(range.getInteger("max"), min);
      if (max < min) {
        throw new BadRequest("filters.status[" + i + "].max", "must not be below min (" + min + ")");
      }
      parts.add("statusCode " + min + " TO " + max);
    }
    return Optional.of(parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")");
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

  /** {@code value}, or {@code fallback} when the field is absent or null (the contract takes null as absent). */
  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static List<String> strings(JsonObject object, String name) {
    JsonArray values = object.getJsonArray(name);
    return values == null ? List.of() : values.stream().map(String.class::cast).toList();
  }

  /** An instant in ISO-8601 with an offset ({@code 2026-11-24T10:00:00Z}), as epoch milliseconds. */
  private static Long optionalInstant(JsonObject filters, String name) {
    String text = filters.getString(name);
    return text == null ? null : Values.instant("filters." + name, text).toEpochMilli();
  }
}
