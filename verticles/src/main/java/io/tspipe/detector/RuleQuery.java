package io.tspipe.detector;

import io.tspipe.detection.EntityKind;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.EventsTable;
import io.tspipe.store.LabelsTable;
import io.tspipe.store.RollupTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rule compiled to one ClickHouse query over the stored {@code events}: for the window {@code [from, to)} of an
 * evaluation tick, the entities whose features meet the condition, with those features, the first and last matching
 * event and a few sample event ids. Events of the rule's {@code history} before the window feed its baseline and
 * new-value features. Parameters: {@code from}, {@code to}, {@code scan_from} ({@code from - history}).
 *
 * <p>Features:
 * <ul>
 *   <li>{@code count()}, {@code count(predicate)}: matching events in the window;</li>
 *   <li>{@code distinct(field)}, {@code distinct(field, predicate)}: distinct values;</li>
 *   <li>{@code sum(field[, predicate])}, {@code max(field[, predicate])};</li>
 *   <li>{@code new_values(field[, predicate])}: values in the window the entity never had in its history (0 for an
 *   entity without history: a new entity is not a changed one);</li>
 *   <li>{@code baseline(predicate)}: matching events of the history, scaled to the window's length;</li>
 *   <li>{@code since(predicate)}: seconds from the latest matching event (window or history) to the tick;</li>
 *   <li>{@code never_seen(field[, predicate])}: for an account, values of the window its long-term profile did not
 *   hold before it (see {@link #neverSeen});</li>
 *   <li>arithmetic over features defined before; a division by zero is 0.</li>
 * </ul>
 * Predicates test one event's fields, and with {@code labelled(field, "name")} the labels in force on its entities.
 * Every name a rule uses is checked against {@link EventField} or its own features, and every literal is escaped:
 * the rule file never writes SQL.
 */
final class RuleQuery {

  static final int SAMPLE_EVENTS = 5;
  static final int MAX_ENTITIES = 10_000;
  private static final String IN_WINDOW = "timestamp >= {from:DateTime64(3, 'UTC')}";
  private static final String IN_HISTORY = "timestamp < {from:DateTime64(3, 'UTC')}";

  private final String database;
  /** Features computed after the profile join: usable by the condition, not by other features. */
  private final Set<String> profileFeatures = new HashSet<>();

  private RuleQuery(String database) {
    this.database = database;
  }

  /** What a rule compiles to: the SQL, and the feature names in the order its columns hold them. */
  record Compiled(String sql, List<String> features) {

    /** The entities of the rows the query answered, with their features, as the tracker takes them. */
    List<DetectionTracker.Match> matches(List<JsonObject> rows) {
      List<DetectionTracker.Match> matches = new ArrayList<>(rows.size());
      for (JsonObject row : rows) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String feature : features) {
          values.put(feature, number(row.getValue(alias(feature))));
        }
        List<String> ids = new ArrayList<>();
        row.getJsonArray("samples", new JsonArray()).forEach(id -> ids.add(String.valueOf(id)));
        matches.add(new DetectionTracker.Match(row.getString("entity"), values,
          Instant.ofEpochMilli(StoredValues.longOf(row, "first_seen_ms")),
          Instant.ofEpochMilli(StoredValues.longOf(row, "last_seen_ms")), ids, number(row.getValue("escalated")) != 0));
      }
      return matches;
    }

    private static double number(Object value) {
      if (value instanceof Number number) {
        return number.doubleValue();
      }
      return value == null ? 0 : Double.parseDouble(value.toString());
    }
  }

  /** The query parameters of {@code rule}'s evaluation at {@code tick}, live or replayed alike. */
  static Map<String, String> parameters(Rule rule, Instant tick) {
    Instant from = tick.minus(rule.window());
    Map<String, String> parameters = new HashMap<>();
    parameters.put("from", ClickHouseClient.dateTime64(from));
    parameters.put("to", ClickHouseClient.dateTime64(tick));
    parameters.put("scan_from", ClickHouseClient.dateTime64(from.minus(rule.history())));
    parameters.put("window_over_history", rule.history().isZero() ? "0"
      : Double.toString((double) rule.window().toMillis() / rule.history().toMillis()));
    return parameters;
  }

  /** The SQL reading an entity's key from {@code events}, and the condition that it has one. */
  static String key(EntityKind kind) {
    return switch (kind) {
      case IP -> "source_ip";
      case USER -> "toString(user_id)";
      case EMAIL -> "recipient_email";
      case ASN -> "toString(asn)";
      case PREFIX -> "ip_prefix";
      case STREAM -> "'*'";
    };
  }

  private static String hasKey(EntityKind kind) {
    return switch (kind) {
      case IP -> "source_ip != ''";
      case USER, STREAM -> "1";
      case EMAIL -> "recipient_email != ''";
      case ASN -> "asn != 0";
      case PREFIX -> "ip_prefix != ''";
    };
  }

  /**
   * @throws RuleException.Invalid naming the feature or clause at fault
   */
  static Compiled compile(Rule rule, String database) {
    return new RuleQuery(database).compile(rule);
  }

  private Compiled compile(Rule rule) {
    boolean history = !rule.history().isZero();
    List<String> columns = new ArrayList<>();
    columns.add(key(rule.entity()) + " AS entity");
    Set<String> defined = new HashSet<>();
    List<String> names = new ArrayList<>();
    List<String> profileColumns = new ArrayList<>();
    List<String> profileJoins = new ArrayList<>();
    for (Map.Entry<String, Expression> feature : rule.features().entrySet()) {
      String where = "features." + feature.getKey();
      if (feature.getValue() instanceof Expression.Call call && call.function().equals("never_seen")) {
        neverSeen(rule, call, feature.getKey(), where, columns, profileColumns, profileJoins);
        profileFeatures.add(feature.getKey());
      } else {
        columns.add(feature(feature.getValue(), defined, history, where) + " AS " + alias(feature.getKey()));
      }
      defined.add(feature.getKey());
      names.add(feature.getKey());
    }
    columns.add("toUnixTimestamp64Milli(minIf(timestamp, " + IN_WINDOW + ")) AS first_seen_ms");
    columns.add("toUnixTimestamp64Milli(maxIf(timestamp, " + IN_WINDOW + ")) AS last_seen_ms");
    columns.add("groupArrayIf(" + SAMPLE_EVENTS + ")(toString(id), " + IN_WINDOW + ") AS samples");
    columns.add((rule.escalate().isEmpty() ? "0" : "entity IN " + labelled(rule.entity(), rule.escalate(), "bad", database))
      + " AS escalated");

    List<String> where = new ArrayList<>();
    where.add("timestamp >= {" + (history ? "scan_from" : "from") + ":DateTime64(3, 'UTC')}");
    where.add("timestamp < {to:DateTime64(3, 'UTC')}");
    where.add(hasKey(rule.entity()));
    if (rule.filter() != null) {
      impliedType(rule.filter()).ifPresent(type -> where.add("type = " + text(type)));
      where.add("(" + predicate(rule.filter(), "filter") + ")");
    }
    if (!rule.skipLabels().isEmpty()) {
      where.add(key(rule.entity()) + " NOT IN " + labelled(rule.entity(), rule.skipLabels(), "good", database));
      if (rule.entity() == EntityKind.IP) {
        where.add(key(EntityKind.ASN) + " NOT IN " + labelled(EntityKind.ASN, rule.skipLabels(), "good", database));
        where.add(key(EntityKind.PREFIX) + " NOT IN " + labelled(EntityKind.PREFIX, rule.skipLabels(), "good", database));
      }
    }
    String condition = condition(rule.condition(), defined);
    String aggregate = "SELECT " + String.join(", ", columns) + " FROM " + EventsTable.in(database) + " WHERE "
      + String.join(" AND ", where) + " GROUP BY entity HAVING countIf(" + IN_WINDOW + ") > 0";
    String sql = profileJoins.isEmpty()
      ? aggregate + " AND (" + condition + ") ORDER BY entity LIMIT " + MAX_ENTITIES
      : "SELECT *, " + String.join(", ", profileColumns) + " FROM (" + aggregate + ") AS aggregated "
        + String.join(" ", profileJoins) + " WHERE " + condition + " ORDER BY entity LIMIT " + MAX_ENTITIES;
    return new Compiled(sql, List.copyOf(names));
  }

  /**
   * {@code never_seen(field[, predicate])}: the values of the window (of matching events) that the account's profile
   * ({@code entity_profile}, V008) first holds within the window, after an earlier value: a country an account in use
   * had never logged in from. An account's very first value is not counted, as a new account is not a changed one.
   * The profile is read as of the tick (values first seen later are left out), so a replay gives the same answer. The
   * window's values are gathered by the aggregate; the profile of the accounts found is joined after it, and the
   * feature computed there, so the condition can use it and other features cannot.
   */
  private void neverSeen(Rule rule, Expression.Call call, String name, String where, List<String> columns,
                         List<String> profileColumns, List<String> profileJoins) {
    requireArguments(call, 1, 2, where);
    EventField field = field(call.arguments().get(0), where);
    if (rule.entity() != EntityKind.USER || !PROFILED.contains(field)) {
      throw invalid(where, "never_seen reads an account's profile: the rule's entity is user and the field one of "
        + String.join(", ", PROFILED.stream().map(EventField::ruleName).toList()), call);
    }
    String match = call.arguments().size() > 1 ? " AND (" + predicate(call.arguments().get(1), where) + ")" : "";
    String values = "values_" + name;
    String known = "known_" + name;
    columns.add("groupUniqArrayIf(" + profileValue(field) + ", " + IN_WINDOW + match + ") AS " + values);
    String fresh = "fresh_" + name;
    profileColumns.add("toFloat64(arrayCount(value -> has(" + fresh + ", value), " + values + ")) AS " + alias(name));
    // per account, its values with when each was first seen, up to the tick; fresh: first seen in the window, not first
    profileJoins.add("LEFT JOIN (SELECT entity, arrayMap(pair -> pair.1, arrayFilter(pair -> pair.2 >= "
      + "{from:DateTime64(3, 'UTC')} AND pair.2 > arrayMin(arrayMap(other -> other.2, " + known + ")), " + known + ")) AS "
      + fresh + " FROM (SELECT entity, groupArray((value, seen)) AS " + known + " FROM (SELECT entity, value, "
      + "min(first_seen) AS seen FROM " + RollupTable.ENTITY_PROFILE.in(database)
      + " WHERE entity_kind = 'user' AND field = " + text(field.ruleName()) + " AND entity IN (SELECT toString(user_id) FROM " + EventsTable.in(database) + " WHERE "
      + IN_WINDOW + " AND timestamp < {to:DateTime64(3, 'UTC')} AND type = 'account_activity') GROUP BY entity, value "
      + "HAVING seen < {to:DateTime64(3, 'UTC')}) GROUP BY entity)) AS profile_" + name + " USING (entity)");
  }

  /** The fields {@code entity_profile} keeps of an account, as its view writes them. */
  private static final List<EventField> PROFILED = List.of(EventField.IP_COUNTRY, EventField.ASN, EventField.PREFIX,
    EventField.USER_AGENT);

  private static String profileValue(EventField field) {
    return field == EventField.ASN ? "toString(asn)" : field.sql;
  }

  /**
   * The one event type a filter admits when its top-level conjunction pins a field only that type carries
   * ({@code action == "login"}): said outright, the table's key ({@code type, timestamp}) skips the other types.
   */
  static Optional<String> impliedType(Expression filter) {
    if (filter instanceof Expression.Binary binary && binary.operator().equals("and")) {
      return impliedType(binary.left()).or(() -> impliedType(binary.right()));
    }
    if (filter instanceof Expression.Binary binary && binary.operator().equals("==")
      && binary.left() instanceof Expression.Name name && nonEmptyText(binary.right())) {
      return typeCarrying(name.name());
    }
    if (filter instanceof Expression.InList in && in.operand() instanceof Expression.Name name
      && !in.values().isEmpty() && in.values().stream().allMatch(RuleQuery::nonEmptyText)) {
      return typeCarrying(name.name());
    }
    return Optional.empty();
  }

  private static boolean nonEmptyText(Expression expression) {
    return expression instanceof Expression.Literal literal && literal.value() instanceof String text && !text.isEmpty();
  }

  private static Optional<String> typeCarrying(String field) {
    return switch (field) {
      case "action" -> Optional.of("account_activity");
      case "method", "path" -> Optional.of("api_request");
      case "template" -> Optional.of("email_send");
      default -> Optional.empty();
    };
  }

  static String alias(String feature) {
    return "f_" + feature;
  }

  /**
   * The entities of {@code kind} carrying, at the tick, a label in force named in {@code labels}; the word
   * {@code anyOf} ({@code good} or {@code bad}) in the list stands for every label of that connotation.
   */
  private static String labelled(EntityKind kind, List<String> labels, String anyOf, String database) {
    List<String> named = labels.stream().filter(label -> !label.equals(anyOf)).map(RuleQuery::text).toList();
    String matches = (labels.contains(anyOf) ? "connotation = " + text(anyOf) : "0")
      + (named.isEmpty() ? "" : " OR label IN (" + String.join(", ", named) + ")");
    return "(SELECT entity FROM (SELECT entity, label, argMax(connotation, changed_at) AS connotation, "
      + "argMax(removed, changed_at) AS gone, argMax(expires_at, changed_at) AS expires FROM "
      + LabelsTable.in(database) + " WHERE entity_kind = " + text(kind.wireName()) + " AND changed_at <= {to:DateTime64(3, 'UTC')} "
      + "GROUP BY entity, label) WHERE NOT gone AND (isNull(expires) OR expires > {to:DateTime64(3, 'UTC')}) AND ("
      + matches + "))";
  }

  private String feature(Expression expression, Set<String> defined, boolean history, String where) {
    if (expression instanceof Expression.Call call) {
      return aggregate(call, history, where);
    }
    if (expression instanceof Expression.Name name) {
      if (!defined.contains(name.name())) {
        throw invalid(where, "'" + name.name() + "' is not a feature defined before this one", name);
      }
      if (profileFeatures.contains(name.name()) && !where.equals("condition")) {
        throw invalid(where, "'" + name.name() + "' is a never_seen feature: the condition may use it, other features "
          + "may not", name);
      }
      return alias(name.name());
    }
    if (expression instanceof Expression.Literal literal && literal.value() instanceof Double number) {
      return number(number);
    }
    if (expression instanceof Expression.Unary unary && unary.operator().equals("-")) {
      return "(-" + feature(unary.operand(), defined, history, where) + ")";
    }
    if (expression instanceof Expression.Binary binary && "+-*/".contains(binary.operator())) {
      String left = feature(binary.left(), defined, history, where);
      String right = feature(binary.right(), defined, history, where);
      return binary.operator().equals("/")
        ? "if((" + right + ") = 0, 0, (" + left + ") / (" + right + "))"
        : "(" + left + " " + binary.operator() + " " + right + ")";
    }
    throw invalid(where, "a feature is an aggregate (count, distinct, sum, max, new_values, baseline, since, never_seen) or "
      + "arithmetic over features defined before it", expression);
  }

  private String aggregate(Expression.Call call, boolean history, String where) {
    List<Expression> args = call.arguments();
    switch (call.function()) {
      case "count" -> {
        requireArguments(call, 0, 1, where);
        return "countIf(" + window(args.isEmpty() ? null : args.get(0), where) + ")";
      }
      case "distinct", "sum", "max" -> {
        requireArguments(call, 1, 2, where);
        EventField field = field(args.get(0), where);
        if (!call.function().equals("distinct") && field.type != EventField.Type.NUMBER) {
          throw invalid(where, call.function() + " needs a number field, and " + field.ruleName() + " is not one", call);
        }
        String function = switch (call.function()) {
          case "distinct" -> "uniqExactIf";
          case "sum" -> "sumIf";
          default -> "maxIf";
        };
        return "toFloat64(" + function + "(" + field.sql + ", " + window(args.size() > 1 ? args.get(1) : null, where)
          + "))";
      }
      case "new_values" -> {
        requireArguments(call, 1, 2, where);
        requireHistory(history, call, where);
        EventField field = field(args.get(0), where);
        String match = args.size() > 1 ? predicate(args.get(1), where) : "1";
        String before = "groupUniqArrayIf(" + field.sql + ", " + IN_HISTORY + " AND (" + match + "))";
        String now = "groupUniqArrayIf(" + field.sql + ", " + IN_WINDOW + " AND (" + match + "))";
        return "toFloat64(if(empty(" + before + "), 0, arrayCount(value -> NOT has(" + before + ", value), " + now + ")))";
      }
      case "baseline" -> {
        requireArguments(call, 1, 1, where);
        requireHistory(history, call, where);
        return "(toFloat64(countIf(" + IN_HISTORY + " AND (" + predicate(args.get(0), where) + ")))"
          + " * {window_over_history:Float64})";
      }
      case "never_seen" -> throw invalid(where, "never_seen is a feature of its own, not part of another", call);
      case "since" -> {
        requireArguments(call, 1, 1, where);
        return "if(countIf(" + predicate(args.get(0), where) + ") = 0, 1e9, "
          + "dateDiff('millisecond', maxIf(timestamp, " + predicate(args.get(0), where) + "), "
          + "{to:DateTime64(3, 'UTC')}) / 1000)";
      }
      default -> throw invalid(where, "unknown function '" + call.function()
        + "'; features use count, distinct, sum, max, new_values, baseline, since, never_seen", call);
    }
  }

  private String window(Expression predicate, String where) {
    return predicate == null ? IN_WINDOW : IN_WINDOW + " AND (" + predicate(predicate, where) + ")";
  }

  private static void requireArguments(Expression.Call call, int min, int max, String where) {
    if (call.arguments().size() < min || call.arguments().size() > max) {
      throw invalid(where, call.function() + " takes " + (min == max ? min : min + " to " + max) + " argument"
        + (max == 1 ? "" : "s"), call);
    }
  }

  private static void requireHistory(boolean history, Expression.Call call, String where) {
    if (!history) {
      throw invalid(where, call.function() + " compares with the entity's history: give the rule a history", call);
    }
  }

  private static EventField field(Expression expression, String where) {
    if (expression instanceof Expression.Name name) {
      return EventField.named(name.name()).orElseThrow(() -> invalid(where, "unknown field '" + name.name()
        + "'; fields are " + EventField.allowedNames(), name));
    }
    throw invalid(where, "expected a field name", expression);
  }

  /** A predicate over one event's fields, compiled to SQL. */
  String predicate(Expression expression, String where) {
    if (expression instanceof Expression.Name name) {
      EventField field = field(name, where);
      if (field.type != EventField.Type.BOOLEAN) {
        throw invalid(where, name.name() + " is not true or false; compare it with a value", name);
      }
      return field.sql;
    }
    if (expression instanceof Expression.Unary unary && unary.operator().equals("not")) {
      return "NOT (" + predicate(unary.operand(), where) + ")";
    }
    if (expression instanceof Expression.Binary binary) {
      switch (binary.operator()) {
        case "and", "or" -> {
          return "(" + predicate(binary.left(), where) + " " + binary.operator().toUpperCase(java.util.Locale.ROOT) + " "
            + predicate(binary.right(), where) + ")";
        }
        case "==", "!=", "<", "<=", ">", ">=" -> {
          EventField field = field(binary.left(), where);
          return field.sql + " " + (binary.operator().equals("==") ? "=" : binary.operator()) + " "
            + value(binary.right(), field, where);
        }
        default -> throw invalid(where, "'" + binary.operator() + "' does not belong in a predicate over events", binary);
      }
    }
    if (expression instanceof Expression.InList in) {
      EventField field = field(in.operand(), where);
      List<String> values = new ArrayList<>();
      for (Expression.Literal literal : in.values()) {
        values.add(value(literal, field, where));
      }
      return field.sql + " IN (" + String.join(", ", values) + ")";
    }
    if (expression instanceof Expression.Literal literal && literal.value() instanceof Boolean flag) {
      return flag ? "1" : "0";
    }
    if (expression instanceof Expression.Call call && call.function().equals("labelled")) {
      return labelledPredicate(call, where);
    }
    throw invalid(where, "expected a predicate over event fields, such as action == \"login\" and not success",
      expression);
  }

  /**
   * {@code labelled(field, "name")}: the event's ip, prefix, asn, user or email carries, at the tick, the label
   * {@code name} in force ({@code "bad"} or {@code "good"}: any label of that connotation).
   */
  private String labelledPredicate(Expression.Call call, String where) {
    requireArguments(call, 2, 2, where);
    EventField field = field(call.arguments().get(0), where);
    EntityKind kind = switch (field) {
      case IP -> EntityKind.IP;
      case PREFIX -> EntityKind.PREFIX;
      case ASN -> EntityKind.ASN;
      case USER -> EntityKind.USER;
      case EMAIL -> EntityKind.EMAIL;
      default -> throw invalid(where, "labelled takes an entity field (ip, prefix, asn, user or email), not "
        + field.ruleName(), call);
    };
    if (!(call.arguments().get(1) instanceof Expression.Literal literal && literal.value() instanceof String label)) {
      throw invalid(where, "labelled takes a quoted label name, or \"bad\" or \"good\" for any of that connotation", call);
    }
    String anyOf = label.equals("good") ? "good" : "bad";
    return key(kind) + " IN " + labelled(kind, List.of(label), anyOf, database);
  }

  private String value(Expression expression, EventField field, String where) {
    if (!(expression instanceof Expression.Literal literal)) {
      throw invalid(where, "compare " + field.ruleName() + " with a literal value", expression);
    }
    Object value = literal.value();
    return switch (field.type) {
      case TEXT -> {
        if (!(value instanceof String text)) {
          throw invalid(where, field.ruleName() + " is text: quote the value", literal);
        }
        yield text(text);
      }
      case NUMBER -> {
        if (!(value instanceof Double number)) {
          throw invalid(where, field.ruleName() + " is a number", literal);
        }
        yield number(number);
      }
      case BOOLEAN -> {
        if (!(value instanceof Boolean flag)) {
          throw invalid(where, field.ruleName() + " is true or false", literal);
        }
        yield flag ? "1" : "0";
      }
    };
  }

  /** The condition over the features, compiled to SQL over their columns. */
  private String condition(Expression expression, Set<String> defined) {
    String where = "condition";
    if (expression instanceof Expression.Binary binary) {
      return switch (binary.operator()) {
        case "and", "or" -> "(" + condition(binary.left(), defined) + " "
          + binary.operator().toUpperCase(java.util.Locale.ROOT) + " " + condition(binary.right(), defined) + ")";
        case "==", "!=", "<", "<=", ">", ">=" -> "(" + feature(binary.left(), defined, true, where) + " "
          + (binary.operator().equals("==") ? "=" : binary.operator()) + " " + feature(binary.right(), defined, true, where)
          + ")";
        default -> throw invalid(where, "a condition compares features, such as failures >= 5 and users >= 3", binary);
      };
    }
    if (expression instanceof Expression.Unary unary && unary.operator().equals("not")) {
      return "NOT " + condition(unary.operand(), defined);
    }
    throw invalid(where, "a condition compares features, such as failures >= 5 and users >= 3", expression);
  }

  private static String number(double number) {
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException("not a finite number");
    }
    return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
  }

  /** A SQL string literal: quotes and backslashes escaped, so a value is only ever a value. */
  static String text(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static RuleException.Invalid invalid(String where, String message, Expression at) {
    return new RuleException.Invalid(where, message, at.at());
  }
}
