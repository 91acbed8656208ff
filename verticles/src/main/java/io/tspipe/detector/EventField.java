package io.tspipe.detector;


import io.tspipe.store.EventsTable;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The event fields a rule may name, each the SQL that reads it from the {@code events} table. Only these reach SQL:
 * a rule file can never name a column or a function of its own.
 */
enum EventField {
  TYPE("type", Type.TEXT),
  ACTION("action", Type.TEXT),
  /** Null (an API request) reads as true: only a reported failure is one. */
  SUCCESS("ifNull(success, true)", Type.BOOLEAN),
  /** A failed account action or email, or an API request answered 4xx/5xx. */
  FAILED(EventsTable.FAILURE, Type.BOOLEAN),
  FAILURE_REASON("failure_reason", Type.TEXT),
  STATUS("status_code", Type.NUMBER),
  METHOD("method", Type.TEXT),
  PATH("path", Type.TEXT),
  LATENCY_MS("response_time_ms", Type.NUMBER),
  BOUNCE("bounce_type", Type.TEXT),
  TEMPLATE("template_id", Type.TEXT),
  COUNTRY("country", Type.TEXT),
  CITY("city", Type.TEXT),
  IP_COUNTRY("ip_country", Type.TEXT),
  ASN("asn", Type.NUMBER),
  AS_ORG("as_org", Type.TEXT),
  HOSTING("ip_hosting", Type.BOOLEAN),
  IP("source_ip", Type.TEXT),
  PREFIX("ip_prefix", Type.TEXT),
  USER("toString(user_id)", Type.TEXT),
  EMAIL("recipient_email", Type.TEXT),
  USER_AGENT("user_agent", Type.TEXT);

  enum Type { TEXT, NUMBER, BOOLEAN }

  final String sql;
  final Type type;

  EventField(String sql, Type type) {
    this.sql = sql;
    this.type = type;
  }

  String ruleName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static Optional<EventField> named(String name) {
    return Arrays.stream(values()).filter(field -> field.ruleName().equals(name)).findFirst();
  }

  static String allowedNames() {
    return Arrays.stream(values()).map(EventField::ruleName).collect(Collectors.joining(", "));
  }
}
