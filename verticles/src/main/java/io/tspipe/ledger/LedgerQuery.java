package io.tspipe.ledger;

import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.store.DuplicateEventsTable;
import io.tspipe.store.EventsTable;
import io.tspipe.store.LedgerOffsetsTable;
import io.tspipe.store.RejectedEventsTable;
import io.tspipe.store.StoredValues;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ledger's reads. A partition's range of a minute runs from the greatest end offset sampled before that minute
 * (in an earlier minute of the window, or before it) to the greatest sampled in it; a minute whose end offset did not
 * grow has none, and a partition's first sample ever starts its first range at its log start offset.
 * The rows of {@code events}, {@code rejected_events} and {@code duplicate_events} are matched to the range holding
 * their Kafka offset. Only rows stored since a minute before the window's first range began are read, which is every
 * row its records can have made.
 */
public final class LedgerQuery {

  /** The most missing runs, or offsets stored more than once, named per range. */
  public static final int MAX_OFFSETS_NAMED = 100;
  /** The most ranges whose offsets a report names. */
  public static final int MAX_RANGES_NAMED = 100;

  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
    .withZone(ZoneOffset.UTC);

  /** A table whose rows keep the Kafka position they were read from: its tag in a union, and when a row was stored. */
  private record PositionTable(int source, String name, String storedAt) {
  }

  private final ClickHouseReads clickHouse;
  private final String db;
  private final Duration settle;
  private final List<PositionTable> positionTables;

  /** {@code settle}: how long after its minute a range must add up ({@code ledger.settleSeconds}). */
  public LedgerQuery(ClickHouseReads clickHouse, Duration settle) {
    this.clickHouse = clickHouse;
    this.db = clickHouse.database();
    this.settle = settle;
    this.positionTables = List.of(new PositionTable(0, EventsTable.in(db), "ingested_at"),
      new PositionTable(1, RejectedEventsTable.in(db), "rejected_at"),
      new PositionTable(2, DuplicateEventsTable.in(db), "detected_at"));
  }

  public Duration settle() {
    return settle;
  }

  /** A window reconciled: its report, when the newest sample was taken, and the offsets of what does not add up. */
  public record Reconciled(Ledger.Report report, Optional<Instant> sampledAt, List<Discrepancy> discrepancies) {
  }

  /**
   * Reconciles the window {@code [from, to)} in {@code scope} at {@code now}, naming the offsets of the newest
   * {@link #MAX_RANGES_NAMED} ranges that do not add up.
   */
  public Future<Reconciled> reconcile(Instant from, Instant to, Scope scope, Instant now) {
    Future<List<Ledger.Range>> ranges = ranges(from, to, scope);
    Future<Committed> committed = committed(now, scope);
    return Future.all(ranges, committed).compose(all -> {
      Ledger.Report report = Ledger.report(ranges.result(), committed.result().offsets(), now, settle);
      List<Future<List<Discrepancy>>> named = report.entries().stream()
        .filter(entry -> entry.counts().lost() > 0 || entry.counts().duplicated() > 0)
        .limit(MAX_RANGES_NAMED)
        .map(this::discrepancies)
        .toList();
      return Future.all(named).map(done -> new Reconciled(report, committed.result().sampledAt(),
        named.stream().flatMap(found -> found.result().stream()).toList()));
    });
  }

  /** Which partitions to read: those of {@code topics}, all of them or only number {@code partition}. */
  public record Scope(List<String> topics, Optional<Integer> partition) {
  }

  /** Every range of the window {@code [from, to)} in {@code scope}, with what the tables hold of it. */
  Future<List<Ledger.Range>> ranges(Instant from, Instant to, Scope scope) {
    Map<String, String> parameters = parameters(from, to, scope);
    String sql = "WITH ranges AS (" + rangesSql(scope) + "),"
      + " since AS (SELECT min(began) - INTERVAL 1 MINUTE FROM ranges),"
      + " positions AS (" + positionsSql(scope, "(SELECT * FROM since)") + "),"
      + " counted AS (SELECT r.topic AS topic, r.partition AS partition, r.minute AS minute,"
      + " countIf(p.source = 0) AS stored, countIf(p.source = 1) AS rejected, countIf(p.source = 2) AS duplicates,"
      + " uniqExact(p.offset) AS offsets"
      + " FROM positions AS p ASOF INNER JOIN ranges AS r"
      + " ON p.topic = r.topic AND p.partition = r.partition AND p.offset < r.hi"
      + " WHERE p.offset >= r.lo GROUP BY r.topic, r.partition, r.minute)"
      + " SELECT r.topic AS topic, r.partition AS partition, toUnixTimestamp(r.minute) AS minute, r.lo AS lo, r.hi AS hi,"
      + " toUnixTimestamp64Milli(r.began) AS began_ms,"
      + " c.stored AS stored, c.rejected AS rejected, c.duplicates AS duplicates, c.offsets AS offsets"
      + " FROM ranges AS r LEFT JOIN counted AS c"
      + " ON r.topic = c.topic AND r.partition = c.partition AND r.minute = c.minute"
      + " SETTINGS join_use_nulls = 0";
    return clickHouse.select(sql, parameters).map(rows -> rows.stream().map(LedgerQuery::range).toList());
  }

  /**
   * What the worker's and the indexer's groups last committed on each partition of {@code scope}, from the newest
   * sample of the day before {@code now}, and when that sample was taken.
   */
  Future<Committed> committed(Instant now, Scope scope) {
    Map<String, String> parameters = parameters(now, now, scope);
    return clickHouse.select("SELECT topic, partition, toString(argMax(consumed, sampled_at)) AS consumed,"
        + " toString(argMax(indexed, sampled_at)) AS indexed, toUnixTimestamp64Milli(max(sampled_at)) AS sampled_ms"
        + " FROM " + LedgerOffsetsTable.in(db)
        + " WHERE sampled_at >= {to:DateTime64(3, 'UTC')} - INTERVAL 1 DAY" + scopeFilter(scope, "topic", "partition")
        + " GROUP BY topic, partition", parameters)
      .map(rows -> {
        Map<Ledger.Partition, Ledger.Committed> offsets = new HashMap<>();
        long newest = 0;
        for (JsonObject row : rows) {
          offsets.put(partition(row), new Ledger.Committed(StoredValues.longOf(row, "consumed"),
            StoredValues.longOf(row, "indexed")));
          newest = Math.max(newest, StoredValues.longOf(row, "sampled_ms"));
        }
        return new Committed(offsets, newest == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest)));
      });
  }

  /** The committed offsets per partition, and when the newest of them was sampled (none in the last day: empty). */
  public record Committed(Map<Ledger.Partition, Ledger.Committed> offsets, Optional<Instant> sampledAt) {
  }

  /** What is wrong with a settled range: its missing offsets as runs, or each offset stored more than once. */
  public record Discrepancy(Ledger.Range range, Ledger.State kind, long count, List<long[]> offsets, boolean truncated) {
  }

  /**
   * Names the offsets of a settled range that are {@link Ledger.State#LOST}, or {@link Ledger.State#DUPLICATED}: one
   * discrepancy per kind its counts show.
   */
  Future<List<Discrepancy>> discrepancies(Ledger.Entry entry) {
    List<Future<Discrepancy>> found = new ArrayList<>();
    if (entry.counts().lost() > 0) {
      found.add(discrepancy(entry, Ledger.State.LOST));
    }
    if (entry.counts().duplicated() > 0) {
      found.add(discrepancy(entry, Ledger.State.DUPLICATED));
    }
    return Future.all(found).map(all -> all.<Discrepancy>list());
  }

  private Future<Discrepancy> discrepancy(Ledger.Entry entry, Ledger.State kind) {
    Ledger.Range range = entry.range();
    Map<String, String> parameters = new HashMap<>();
    parameters.put("topic", range.partition().topic());
    parameters.put("partition", Integer.toString(range.partition().partition()));
    parameters.put("lo", Long.toString(range.from()));
    parameters.put("hi", Long.toString(range.to()));
    parameters.put("since", MILLIS.format(range.since().minusSeconds(60)));
    String offsets = "SELECT kafka_offset AS offset FROM (" + rangePositionsSql() + ")";
    if (kind == Ledger.State.LOST) {
      String sql = "SELECT toString(o + 1) AS from_offset, toString(next) AS to_offset FROM ("
        + " SELECT o, leadInFrame(o, 1, toInt64({hi:UInt64})) OVER (ORDER BY o ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING)"
        + " AS next FROM (SELECT DISTINCT toInt64(offset) AS o FROM (" + offsets + ")"
        + " UNION DISTINCT SELECT toInt64({lo:UInt64}) - 1 AS o))"
        + " WHERE next > o + 1 ORDER BY o LIMIT " + (MAX_OFFSETS_NAMED + 1);
      return clickHouse.select(sql, parameters).map(rows -> discrepancy(entry, kind, entry.counts().lost(), rows));
    }
    String sql = "SELECT toString(offset) AS from_offset, toString(offset + 1) AS to_offset FROM (" + offsets + ")"
      + " GROUP BY offset HAVING count() > 1 ORDER BY offset LIMIT " + (MAX_OFFSETS_NAMED + 1);
    return clickHouse.select(sql, parameters).map(rows -> discrepancy(entry, kind, entry.counts().duplicated(), rows));
  }

  private static Discrepancy discrepancy(Ledger.Entry entry, Ledger.State kind, long count, List<JsonObject> rows) {
    List<long[]> offsets = rows.stream().limit(MAX_OFFSETS_NAMED)
      .map(row -> new long[] {StoredValues.longOf(row, "from_offset"), StoredValues.longOf(row, "to_offset")})
      .toList();
    return new Discrepancy(entry.range(), kind, count, offsets, rows.size() > MAX_OFFSETS_NAMED);
  }

  /**
   * The ranges of the window: each partition's greatest end offset per minute of the window, after its greatest
   * before the window, each range from the one before's end. A partition sampled for the first time in the window
   * starts its first range at its log start offset: the records still in Kafka from before the ledger began.
   */
  private String rangesSql(Scope scope) {
    String table = LedgerOffsetsTable.in(db);
    String filter = scopeFilter(scope, "topic", "partition");
    return "SELECT topic, partition, minute, if(n = 1, log_start, previous_hi) AS lo, hi,"
      + " if(n = 1, toDateTime64(0, 3, 'UTC'), previous_sampled) AS began FROM ("
      + " SELECT topic, partition, minute, hi, log_start, lagInFrame(hi) OVER w AS previous_hi,"
      + " lagInFrame(last_sampled) OVER w AS previous_sampled, row_number() OVER w AS n FROM ("
      + " SELECT toString(topic) AS topic, partition, toStartOfMinute(sampled_at) AS minute, max(produced) AS hi,"
      + " min(log_start) AS log_start, max(sampled_at) AS last_sampled FROM " + table
      + " WHERE sampled_at >= {from:DateTime64(3, 'UTC')} AND sampled_at < {to:DateTime64(3, 'UTC')}" + filter
      + " GROUP BY topic, partition, minute"
      + " UNION ALL SELECT toString(topic) AS topic, partition, toDateTime(0, 'UTC') AS minute, max(produced) AS hi,"
      + " min(log_start) AS log_start, max(sampled_at) AS last_sampled FROM " + table
      + " WHERE sampled_at < {from:DateTime64(3, 'UTC')}" + filter + " GROUP BY topic, partition)"
      + " WINDOW w AS (PARTITION BY topic, partition ORDER BY minute ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))"
      + " WHERE minute > toDateTime(0, 'UTC') AND hi > lo";
  }

  /** The Kafka position of every row of the three tables stored at or after {@code since}, tagged by table. */
  private String positionsSql(Scope scope, String since) {
    return positions(table -> "toUInt8(" + table.source() + ") AS source, toString(kafka_topic) AS topic,"
      + " kafka_partition AS partition, kafka_offset AS offset", since, scopeFilter(scope, "kafka_topic", "kafka_partition"));
  }

  /** The rows of the three tables holding an offset of one range, by {@code topic}, {@code partition}, {@code lo}, {@code hi}. */
  private String rangePositionsSql() {
    return positions(table -> "kafka_offset", "{since:DateTime64(3, 'UTC')}",
      " AND kafka_topic = {topic:String} AND kafka_partition = {partition:UInt16}"
        + " AND kafka_offset >= {lo:UInt64} AND kafka_offset < {hi:UInt64}");
  }

  /** {@code columns} of each table's rows stored at or after {@code since} that meet {@code condition}, united. */
  private String positions(Function<PositionTable, String> columns, String since, String condition) {
    return positionTables.stream()
      .map(table -> "SELECT " + columns.apply(table) + " FROM " + table.name() + " WHERE " + table.storedAt() + " >= "
        + since + condition)
      .collect(Collectors.joining(" UNION ALL "));
  }

  private static String scopeFilter(Scope scope, String topicColumn, String partitionColumn) {
    return " AND has({topics:Array(String)}, toString(" + topicColumn + "))"
      + (scope.partition().isPresent() ? " AND " + partitionColumn + " = {partition:UInt16}" : "");
  }

  private static Map<String, String> parameters(Instant from, Instant to, Scope scope) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("from", MILLIS.format(from));
    parameters.put("to", MILLIS.format(to));
    parameters.put("topics", scope.topics().stream().map(topic -> "'" + topic.replace("\\", "\\\\").replace("'", "\\'") + "'")
      .collect(Collectors.joining(",", "[", "]")));
    scope.partition().ifPresent(partition -> parameters.put("partition", Integer.toString(partition)));
    return parameters;
  }

  private static Ledger.Range range(JsonObject row) {
    long offsets = row.getValue("offsets") == null ? 0 : StoredValues.longOf(row, "offsets");
    return new Ledger.Range(partition(row), Instant.ofEpochSecond(StoredValues.longOf(row, "minute")),
      StoredValues.longOf(row, "lo"), StoredValues.longOf(row, "hi"),
      Instant.ofEpochMilli(StoredValues.longOf(row, "began_ms")), count(row, "stored"), count(row, "rejected"),
      count(row, "duplicates"), offsets);
  }

  private static long count(JsonObject row, String column) {
    return row.getValue(column) == null ? 0 : StoredValues.longOf(row, column);
  }

  private static Ledger.Partition partition(JsonObject row) {
    return new Ledger.Partition(row.getString("topic"), (int) StoredValues.longOf(row, "partition"));
  }
}
