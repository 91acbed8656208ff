package io.tspipe.scoring;

import io.tspipe.detection.Detection;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.store.AttackEntitiesTable;
import io.tspipe.store.AttackWindowsTable;
import io.tspipe.store.DetectionsTable;
import io.tspipe.store.DetectorProgressTable;
import io.tspipe.store.StoredValues;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the scorer needs of a stored period, read from ClickHouse: the attack windows overlapping it with their
 * entities, the rules the detector evaluated in it ({@code detector_progress}, V009) and the detections it recorded
 * ({@code detections}). A window that started before the period is scored whole, so detections are read from the
 * earliest such window's start; the scorer leaves out those before the period that no window explains.
 *
 * @param detections the first recorded state of each detection, as of its {@code detected_at}
 */
public record StoredPeriod(Instant from, Instant to, Duration grace, List<Scorer.Rule> rules,
                           List<AttackWindow> windows, List<AttackEntity> entities, List<Scorer.Detection> detections) {

  /** More windows than this in one period is more than the generator makes in days; the scorer would still cope. */
  public static final int MAX_WINDOWS = 10_000;

  /** The period's score, rule by rule. */
  public List<Scorer.RuleScore> score() {
    return Scorer.score(rules, windows, entities, detections, from, to, grace);
  }

  /**
   * What the live rules find together ({@code rules}, by name): the detections of the live rules on each kind the truth
   * names, scored as one
   * rule of that kind ({@code any live rule (ip)}), so a target found by any of them counts once, at the first; then
   * the kinds added up ({@link Scorer.Score#sum}), over every window and per scenario.
   */
  public record Pooled(Set<String> rules, List<Scorer.RuleScore> byKind, Scorer.Score overall,
                       Map<String, Scorer.Score> byScenario) {
  }

  /** The name under which the live rules of {@code kind} are scored together. */
  public static String anyLiveRule(String kind) {
    return "any live rule (" + kind + ")";
  }

  public Pooled anyLiveRule() {
    Map<String, String> kindOfLiveRule = new TreeMap<>();
    rules.stream().filter(rule -> rule.live() && rule.entityLevel())
      .forEach(rule -> kindOfLiveRule.put(rule.name(), rule.kind()));
    List<Scorer.Rule> pooled = kindOfLiveRule.values().stream().distinct().sorted()
      .map(kind -> new Scorer.Rule(anyLiveRule(kind), kind, Detection.Mode.LIVE.wireName(), null)).toList();
    List<Scorer.Detection> theirs = detections.stream()
      .filter(detection -> kindOfLiveRule.containsKey(detection.rule()))
      .map(detection -> new Scorer.Detection(anyLiveRule(kindOfLiveRule.get(detection.rule())), detection.kind(),
        detection.entity(), detection.detectedAt())).toList();
    List<Scorer.RuleScore> byKind = Scorer.score(pooled, windows, entities, theirs, from, to, grace);
    Map<String, Scorer.Score> byScenario = new TreeMap<>();
    windows.forEach(window -> byScenario.computeIfAbsent(window.scenario(), scenario -> Scorer.Score.sum(byKind.stream()
      .map(kind -> kind.byScenario().get(scenario)).toList())));
    return new Pooled(Set.copyOf(kindOfLiveRule.keySet()), byKind, Scorer.Score.sum(byKind.stream().map(Scorer.RuleScore::overall).toList()), byScenario);
  }

  /**
   * The part of this period in {@code [sliceFrom, sliceTo)}: the windows overlapping it, scored whole, and the
   * detections up to its end. A trend is a period cut into slices.
   */
  public StoredPeriod slice(Instant sliceFrom, Instant sliceTo) {
    List<AttackWindow> overlapping = windows.stream().filter(window -> window.startedAt().isBefore(sliceTo)
      && (window.endedAt() == null || !window.endedAt().plus(grace).isBefore(sliceFrom))).toList();
    return new StoredPeriod(sliceFrom, sliceTo, grace, rules, overlapping, entities,
      detections.stream().filter(detection -> !detection.detectedAt().isAfter(sliceTo)).toList());
  }

  /** Reads {@code [from, to)} with {@code grace} after each window, every rule and mode. */
  public static Future<StoredPeriod> read(ClickHouseReads clickHouse, Instant from, Instant to, Duration grace) {
    String db = clickHouse.database();
    Map<String, String> parameters = Map.of("from", ClickHouseClient.dateTime64(from),
      "to", ClickHouseClient.dateTime64(to), "from_less_grace", ClickHouseClient.dateTime64(from.minus(grace)));
    String windows = "SELECT * FROM (" + AttackWindowsTable.latest(db) + ") "
      + "WHERE started < {to:DateTime64(3, 'UTC')} AND (isNull(ended) OR ended >= {from_less_grace:DateTime64(3, 'UTC')}) "
      + "ORDER BY started, window_id LIMIT " + MAX_WINDOWS;
    Future<List<JsonObject>> windowRows = clickHouse.select(AttackWindowsTable.rows(windows), parameters);
    Future<List<JsonObject>> entityRows = clickHouse.select(AttackEntitiesTable.ofWindows(db, windows), parameters);
    Future<List<JsonObject>> ruleRows = clickHouse.select("SELECT rule, toString(argMax(mode, tick)) AS mode, "
      + "toString(argMax(entity_kind, tick)) AS kind, argMax(replaces, tick) AS replaces FROM "
      + DetectorProgressTable.in(db) + " GROUP BY rule HAVING max(tick) >= {from:DateTime64(3, 'UTC')} ORDER BY rule", parameters);
    return Future.all(windowRows, entityRows, ruleRows).compose(done -> {
      List<AttackWindow> read = windowRows.result().stream().map(StoredPeriod::window).toList();
      Instant since = read.stream().map(AttackWindow::startedAt).filter(start -> start.isBefore(from)).min(Instant::compareTo)
        .orElse(from);
      return detections(clickHouse, since, to).map(detections -> new StoredPeriod(from, to, grace,
        ruleRows.result().stream().filter(row -> !row.getString("kind", "").isEmpty())
          .map(row -> new Scorer.Rule(row.getString("rule"), row.getString("kind"), row.getString("mode"),
            row.getString("replaces", "").isEmpty() ? null : row.getString("replaces"))).toList(),
        read, entityRows.result().stream().map(StoredPeriod::entity).toList(), detections));
    });
  }

  /** The detections first recorded in {@code [since, to]}, one per detection, every rule and mode. */
  public static Future<List<Scorer.Detection>> detections(ClickHouseReads clickHouse, Instant since, Instant to) {
    return clickHouse.select("SELECT rule, toString(entity_kind) AS kind, entity, "
        + "toUnixTimestamp64Milli(min(detected_at)) AS detected_ms FROM " + DetectionsTable.in(clickHouse.database())
        + " WHERE opened_at >= {opened_from:DateTime64(3, 'UTC')} AND detected_at >= {since:DateTime64(3, 'UTC')} "
        + "AND detected_at <= {to:DateTime64(3, 'UTC')} GROUP BY detection_id, rule, entity_kind, entity",
      // a detection is opened at an event-time tick a little before it is detected: a day bounds the lag generously
      Map.of("since", ClickHouseClient.dateTime64(since), "to", ClickHouseClient.dateTime64(to),
        "opened_from", ClickHouseClient.dateTime64(since.minus(Duration.ofDays(1)))))
      .map(StoredPeriod::detectionsOf);
  }

  /**
   * The detections open at some time in {@code [from, to]}: opened by then and not resolved before it, whenever they
   * were first recorded. What a replay starting at {@code from} is compared with.
   */
  public static Future<List<Scorer.Detection>> openDuring(ClickHouseReads clickHouse, Instant from, Instant to) {
    return clickHouse.select("SELECT rule, toString(entity_kind) AS kind, entity, "
        + "toUnixTimestamp64Milli(detected_at) AS detected_ms FROM " + DetectionsTable.in(clickHouse.database())
        + " FINAL WHERE opened_at <= {to:DateTime64(3, 'UTC')} AND (state = 'open' OR resolved_at >= {from:DateTime64(3, 'UTC')})",
      Map.of("from", ClickHouseClient.dateTime64(from), "to", ClickHouseClient.dateTime64(to)))
      .map(StoredPeriod::detectionsOf);
  }

  private static List<Scorer.Detection> detectionsOf(List<JsonObject> rows) {
    return rows.stream().map(row -> new Scorer.Detection(row.getString("rule"), row.getString("kind"),
      row.getString("entity"), Instant.ofEpochMilli(StoredValues.longOf(row, "detected_ms")))).toList();
  }

  private static AttackWindow window(JsonObject row) {
    Object ended = row.getValue("ended_ms");
    return new AttackWindow(UUID.fromString(row.getString("id")), row.getString("scenario"),
      AttackWindowsTable.parameters(row.getString("parameters")),
      Instant.ofEpochMilli(StoredValues.longOf(row, "started_ms")),
      ended == null ? null : Instant.ofEpochMilli(StoredValues.longOf(row, "ended_ms")),
      "auto".equals(row.getString("trigger")) ? AttackWindow.Trigger.AUTO : AttackWindow.Trigger.FORCED);
  }

  private static AttackEntity entity(JsonObject row) {
    return new AttackEntity(UUID.fromString(row.getString("id")),
      AttackEntity.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)), row.getString("value"),
      AttackEntity.Role.valueOf(row.getString("role").toUpperCase(Locale.ROOT)),
      Instant.ofEpochMilli(StoredValues.longOf(row, "first_ms")));
  }
}
