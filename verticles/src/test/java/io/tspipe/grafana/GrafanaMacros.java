package io.tspipe.grafana;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The macros of Grafana's ClickHouse datasource plugin ({@code grafana-clickhouse-datasource}), expanded as its
 * backend expands them before a query reaches ClickHouse, for one time range and interval:
 *
 * <ul>
 *   <li>{@code $__timeFilter(col)} → {@code col >= toDateTime(<from s>) AND col <= toDateTime(<to s>)};
 *       {@code $__timeFilter_ms(col)} the same with {@code fromUnixTimestamp64Milli(<ms>)};</li>
 *   <li>{@code $__fromTime} / {@code $__toTime} → {@code toDateTime(<s>)}; {@code _ms} variants in milliseconds;</li>
 *   <li>{@code $__dateFilter(col)} → {@code col >= toDate('<from day>') AND col <= toDate('<to day>')};
 *       {@code $__dateTimeFilter(dateCol, timeCol)} (alias {@code $__dt}) both, each in parentheses;</li>
 *   <li>{@code $__timeInterval(col)} → {@code toStartOfInterval(toDateTime(col), INTERVAL <s> second)};
 *       {@code $__timeInterval_ms(col)} in milliseconds; {@code $__interval_s} → the interval in whole seconds.
 *       Intervals under one unit count as one.</li>
 * </ul>
 *
 * <p>A macro's arguments run to the first closing parenthesis and are split on commas, as the plugin reads them, so
 * an argument may not itself contain parentheses. Anything left that Grafana would have to fill in (an unknown
 * {@code $__} macro, a template variable {@code $name} or {@code ${name}}, or {@code [[name]]}) fails the expansion:
 * a query that still carries one would reach ClickHouse broken.
 */
final class GrafanaMacros {

  private static final Pattern MACRO = Pattern.compile("\\$__(\\w+)(?:\\((.*?)\\))?");
  private static final Pattern LEFT_OVER = Pattern.compile("\\$\\{?\\w+|\\[\\[\\w+");

  private static final Map<String, BiFunction<Range, List<String>, String>> MACROS = Map.ofEntries(
    Map.entry("fromTime", (range, args) -> dateTime(range.from())),
    Map.entry("toTime", (range, args) -> dateTime(range.to())),
    Map.entry("fromTime_ms", (range, args) -> dateTime64(range.from())),
    Map.entry("toTime_ms", (range, args) -> dateTime64(range.to())),
    Map.entry("timeFilter", (range, args) -> between(one(args), dateTime(range.from()), dateTime(range.to()))),
    Map.entry("timeFilter_ms", (range, args) -> between(one(args), dateTime64(range.from()), dateTime64(range.to()))),
    Map.entry("dateFilter", (range, args) -> between(one(args), date(range.from()), date(range.to()))),
    Map.entry("dateTimeFilter", GrafanaMacros::dateTimeFilter),
    Map.entry("dt", GrafanaMacros::dateTimeFilter),
    Map.entry("timeInterval", (range, args) ->
      "toStartOfInterval(toDateTime(" + one(args) + "), INTERVAL " + range.intervalSeconds() + " second)"),
    Map.entry("timeInterval_ms", (range, args) ->
      "toStartOfInterval(toDateTime64(" + one(args) + ", 3), INTERVAL " + range.intervalMillis() + " millisecond)"),
    Map.entry("interval_s", (range, args) -> Long.toString(range.intervalSeconds())));

  private GrafanaMacros() {
  }

  /**
   * The time range and interval Grafana hands the plugin with a query: a dashboard's picked range (or an alert rule's
   * relative range) and the panel's interval.
   */
  record Range(Instant from, Instant to, Duration interval) {

    Range {
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("a range ends after it starts: " + from + " .. " + to);
      }
    }

    /** The range of {@code length} ending at {@code to}, as "last 1 hour" is. */
    static Range last(Duration length, Instant to, Duration interval) {
      return new Range(to.minus(length), to, interval);
    }

    long intervalSeconds() {
      return Math.max(interval.toSeconds(), 1);
    }

    long intervalMillis() {
      return Math.max(interval.toMillis(), 1);
    }
  }

  /** {@code sql} with every plugin macro expanded for {@code range}; fails on anything Grafana would leave to fill. */
  static String expand(String sql, Range range) {
    Matcher matcher = MACRO.matcher(sql);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      BiFunction<Range, List<String>, String> macro = MACROS.get(name);
      if (macro == null) {
        throw new IllegalArgumentException("unknown macro $__" + name + " in: " + sql);
      }
      List<String> args = matcher.group(2) == null ? List.of() : arguments(matcher.group(2));
      matcher.appendReplacement(expanded, Matcher.quoteReplacement(macro.apply(range, args)));
    }
    matcher.appendTail(expanded);
    Matcher leftOver = LEFT_OVER.matcher(expanded);
    if (leftOver.find()) {
      throw new IllegalArgumentException("'" + leftOver.group() + "' is left for Grafana to fill in: " + sql);
    }
    return expanded.toString();
  }

  private static List<String> arguments(String list) {
    List<String> args = new ArrayList<>();
    for (String arg : Arrays.asList(list.split(",", -1))) {
      args.add(arg.trim());
    }
    return args;
  }

  private static String one(List<String> args) {
    if (args.size() != 1 || args.get(0).isEmpty()) {
      throw new IllegalArgumentException("expected 1 argument, received " + args);
    }
    return args.get(0);
  }

  private static String dateTimeFilter(Range range, List<String> args) {
    if (args.size() != 2) {
      throw new IllegalArgumentException("expected 2 arguments, received " + args);
    }
    return "(" + between(args.get(0), date(range.from()), date(range.to())) + ") AND ("
      + between(args.get(1), dateTime(range.from()), dateTime(range.to())) + ")";
  }

  private static String between(String column, String from, String to) {
    return column + " >= " + from + " AND " + column + " <= " + to;
  }

  private static String dateTime(Instant instant) {
    return "toDateTime(" + instant.getEpochSecond() + ")";
  }

  private static String dateTime64(Instant instant) {
    return "fromUnixTimestamp64Milli(" + instant.toEpochMilli() + ")";
  }

  private static String date(Instant instant) {
    return "toDate('" + LocalDate.ofInstant(instant, ZoneOffset.UTC) + "')";
  }
}
