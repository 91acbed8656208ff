package io.tspipe.sink.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * The schema on a cluster: each statement of {@code clickhouse/}, written for one server, rewritten into the
 * statements that do the same on every server of the cluster, so that one migration stays the contract of each table
 * whatever the topology.
 *
 * <ul>
 *   <li>A table of the MergeTree family, {@code db.t}, becomes {@code db.t_local} on every server, with the
 *   Replicated variant of its engine (replicas of a shard share the Keeper path {@code /clickhouse/tables/{shard}/db/
 *   t_local}, each named by its {@code {replica}} macro), and {@code db.t} a {@code Distributed} table over them,
 *   sharded by its key in {@link #SHARDING_KEYS}. The roles go on reading and writing {@code db.t}. The deduplication
 *   window kept for retried inserts, {@code non_replicated_deduplication_window} on one server, is the same
 *   {@code replicated_deduplication_window} on a cluster.</li>
 *   <li>A table of any other engine stays one table of each server (the schema lock, a {@code Memory} table).</li>
 *   <li>A materialized view reads and writes the local tables of its server: each shard's rollups roll up the rows of
 *   that shard, and reads through the rollup's {@code Distributed} table merge them, as the rollups' readers do
 *   already ({@code sum()}, {@code -Merge}, {@code GROUP BY}).</li>
 *   <li>An {@code ALTER} changes the local tables; a change of columns changes the {@code Distributed} table as well,
 *   so that it keeps naming the columns of the tables under it.</li>
 *   <li>Every statement but an {@code INSERT} or a {@code SELECT} runs {@code ON CLUSTER}. A {@code DROP TABLE} drops
 *   the table it names and no other.</li>
 * </ul>
 * A statement of any other form has no cluster form here and is refused, naming it, rather than run on one server.
 */
final class ClusterDdl implements SchemaTopology {

  /** What a table's name is given for its replicated table on each server. */
  static final String LOCAL_SUFFIX = "_local";

  /**
   * How each table's rows are spread over the shards: deterministic for every table the roles insert into, so a retried
   * batch splits as it did the first time and each shard's replicated deduplication drops what it already stored; and
   * keeping on one shard the rows a Replacing or Aggregating engine merges, or FINAL reads together. The rollups are
   * filled by their views on each shard and never inserted into through their {@code Distributed} table.
   */
  static final Map<String, String> SHARDING_KEYS = Map.ofEntries(
    entry("schema_migrations", "cityHash64(version)"),
    entry("events", "cityHash64(id)"),
    entry("rejected_events", "cityHash64(kafka_topic, kafka_partition, kafka_offset)"),
    entry("duplicate_events", "cityHash64(kafka_topic, kafka_partition, kafka_offset)"),
    entry("attack_windows", "cityHash64(window_id)"),
    entry("attack_entities", "cityHash64(window_id)"),
    entry("detections", "cityHash64(entity_kind, entity)"),
    entry("labels", "cityHash64(entity_kind, entity)"),
    entry("detector_progress", "cityHash64(rule)"),
    entry("ledger_offsets", "cityHash64(topic, partition)"),
    entry("events_minute", "rand()"),
    entry("quality_minute", "rand()"),
    entry("ip_minute", "rand()"),
    entry("user_minute", "rand()"),
    entry("entity_profile", "rand()"));

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
  private static final Pattern CREATE_TABLE =
    Pattern.compile("CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\.(\\w+)\\s*(.*)", FLAGS);
  private static final Pattern ENGINE = Pattern.compile("ENGINE\\s*=\\s*(\\w+)\\s*", FLAGS);
  private static final Pattern MERGE_TREE =
    Pattern.compile("(Replacing|Aggregating|Summing|Collapsing|VersionedCollapsing|Graphite)?MergeTree");
  private static final Pattern MATERIALIZED_VIEW = Pattern.compile("CREATE\\s+MATERIALIZED\\s+VIEW\\s+"
    + "(IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\.(\\w+)\\s+(?:TO\\s+(\\w+)\\.(\\w+)\\s+)?(.*)", FLAGS);
  private static final Pattern ALTER_TABLE = Pattern.compile("ALTER\\s+TABLE\\s+(\\w+)\\.(\\w+)\\s+(.*)", FLAGS);
  private static final Pattern COLUMN_COMMAND =
    Pattern.compile("(ADD|DROP|MODIFY|RENAME|COMMENT)\\s+COLUMN\\b.*", FLAGS);
  private static final Pattern DROP_COMMAND = Pattern.compile("DROP\\b.*", FLAGS);
  private static final Pattern CREATE_DATABASE =
    Pattern.compile("CREATE\\s+DATABASE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)(.*)", FLAGS);
  private static final Pattern DROP_TABLE = Pattern.compile("DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(\\w+)\\.(\\w+)(.*)", FLAGS);
  private static final Pattern AS_IS = Pattern.compile("(INSERT|SELECT)\\b.*", FLAGS);
  private static final Pattern NON_REPLICATED_WINDOW = Pattern.compile("\\bnon_replicated_deduplication_window\\b");

  private final String cluster;
  private final String database;
  private final Pattern tableOfDatabase;

  /** Statements on {@code cluster}, a cluster of the servers' {@code remote_servers}, for tables of {@code database}. */
  ClusterDdl(String cluster, String database) {
    this.cluster = cluster;
    this.database = database;
    this.tableOfDatabase = Pattern.compile("\\b" + Pattern.quote(database) + "\\.(\\w+)\\b");
  }

  @Override
  public List<String> statements(String statement) {
    String sql = statement.strip();
    Matcher matcher;
    if ((matcher = CREATE_TABLE.matcher(sql)).matches()) {
      return createTable(sql, matcher);
    }
    if ((matcher = MATERIALIZED_VIEW.matcher(sql)).matches()) {
      return createView(sql, matcher);
    }
    if ((matcher = ALTER_TABLE.matcher(sql)).matches()) {
      return alterTable(sql, matcher);
    }
    if ((matcher = CREATE_DATABASE.matcher(sql)).matches()) {
      return List.of("CREATE DATABASE " + ifClause(matcher.group(1), "IF NOT EXISTS ") + matcher.group(2) + onCluster()
        + matcher.group(3));
    }
    if ((matcher = DROP_TABLE.matcher(sql)).matches()) {
      return List.of("DROP TABLE " + ifClause(matcher.group(1), "IF EXISTS ") + matcher.group(2) + "." + matcher.group(3)
        + onCluster() + matcher.group(4));
    }
    if (AS_IS.matcher(sql).matches()) {
      return List.of(sql);
    }
    throw unsupported(sql, "only CREATE TABLE, CREATE MATERIALIZED VIEW, ALTER TABLE, CREATE DATABASE, DROP TABLE, "
      + "INSERT and SELECT have a cluster form");
  }

  @Override
  public String storedIn(String table) {
    return table + LOCAL_SUFFIX;
  }

  private List<String> createTable(String sql, Matcher matcher) {
    String ifNotExists = ifClause(matcher.group(1), "IF NOT EXISTS ");
    String db = matcher.group(2);
    String table = matcher.group(3);
    String body = matcher.group(4);
    if (!body.startsWith("(")) {
      throw unsupported(sql, "a table is created with its columns in parentheses");
    }
    int columnsEnd = closingParenthesis(body, 0);
    String columns = body.substring(0, columnsEnd + 1);
    String afterColumns = body.substring(columnsEnd + 1).strip();
    Matcher engine = ENGINE.matcher(afterColumns);
    if (!engine.lookingAt()) {
      throw unsupported(sql, "ENGINE = follows the columns");
    }
    String engineName = engine.group(1);
    if (!MERGE_TREE.matcher(engineName).matches()) {
      if (engineName.startsWith("Replicated")) {
        throw unsupported(sql, "a migration is written for one server; its cluster form is made replicated here");
      }
      return List.of("CREATE TABLE " + ifNotExists + db + "." + table + onCluster() + " " + body);
    }
    int argumentsEnd = engine.end();
    String arguments = "";
    if (argumentsEnd < afterColumns.length() && afterColumns.charAt(argumentsEnd) == '(') {
      int close = closingParenthesis(afterColumns, argumentsEnd);
      arguments = afterColumns.substring(argumentsEnd + 1, close).strip();
      argumentsEnd = close + 1;
    }
    String clauses = afterColumns.substring(argumentsEnd).strip();
    String local = table + LOCAL_SUFFIX;
    String replicaPath = "'/clickhouse/tables/{shard}/" + db + "/" + local + "'";
    String replicatedEngine = "Replicated" + engineName + "(" + replicaPath + ", '{replica}'"
      + (arguments.isEmpty() ? "" : ", " + arguments) + ")";
    String localTable = "CREATE TABLE " + ifNotExists + db + "." + local + onCluster() + "\n" + columns
      + "\nENGINE = " + replicatedEngine
      + (clauses.isEmpty() ? "" : "\n" + NON_REPLICATED_WINDOW.matcher(clauses).replaceAll("replicated_deduplication_window"));
    String distributedTable = "CREATE TABLE " + ifNotExists + db + "." + table + onCluster() + " AS " + db + "." + local
      + "\nENGINE = Distributed('" + cluster + "', '" + db + "', '" + local + "', " + shardingKey(sql, table) + ")";
    return List.of(localTable, distributedTable);
  }

  private List<String> createView(String sql, Matcher matcher) {
    if (matcher.group(4) == null) {
      throw unsupported(sql, "a materialized view writes TO a table of its own, which the cluster replicates");
    }
    return List.of("CREATE MATERIALIZED VIEW " + ifClause(matcher.group(1), "IF NOT EXISTS ") + matcher.group(2) + "."
      + matcher.group(3) + onCluster() + " TO " + matcher.group(4) + "." + matcher.group(5) + LOCAL_SUFFIX + " "
      + onLocalTables(matcher.group(6)));
  }

  /** {@code query} reading the local tables of the database wherever it names a table, quoted text left as it is. */
  private String onLocalTables(String query) {
    StringBuilder local = new StringBuilder();
    int unquoted = 0;
    for (int i = 0; i < query.length(); i++) {
      if (isQuote(query.charAt(i))) {
        int end = endOfQuoted(query, i);
        local.append(tableOfDatabase.matcher(query.substring(unquoted, i)).replaceAll("$0" + LOCAL_SUFFIX))
          .append(query, i, end + 1);
        unquoted = end + 1;
        i = end;
      }
    }
    return local.append(tableOfDatabase.matcher(query.substring(unquoted)).replaceAll("$0" + LOCAL_SUFFIX)).toString();
  }

  private List<String> alterTable(String sql, Matcher matcher) {
    String table = matcher.group(1) + "." + matcher.group(2);
    String commands = matcher.group(3);
    List<String> parts = splitAtTopLevel(commands);
    long columnChanges = parts.stream().filter(part -> COLUMN_COMMAND.matcher(part).matches()).count();
    String local = "ALTER TABLE " + table + LOCAL_SUFFIX + onCluster() + " " + commands;
    if (columnChanges == 0) {
      return List.of(local);
    }
    if (columnChanges < parts.size()) {
      throw unsupported(sql, "a change of columns and a change of another kind are two ALTER statements on a cluster");
    }
    String distributed = "ALTER TABLE " + table + onCluster() + " " + commands;
    boolean drops = parts.stream().anyMatch(part -> DROP_COMMAND.matcher(part).matches());
    return drops ? List.of(distributed, local) : List.of(local, distributed);
  }

  private String onCluster() {
    return " ON CLUSTER '" + cluster + "'";
  }

  private static String shardingKey(String sql, String table) {
    String key = SHARDING_KEYS.get(table);
    if (key == null) {
      throw unsupported(sql, "table " + table + " has no sharding key in " + ClusterDdl.class.getSimpleName()
        + ".SHARDING_KEYS");
    }
    return key;
  }

  private static String ifClause(String written, String clause) {
    return written == null ? "" : clause;
  }

  private static IllegalArgumentException unsupported(String sql, String why) {
    String start = sql.length() > 80 ? sql.substring(0, 80) + "…" : sql;
    return new IllegalArgumentException("no cluster form for the statement '" + start.replaceAll("\\s+", " ")
      + "': " + why);
  }

  /** Where the parenthesis opened at {@code open} closes, past nested ones and quoted text. */
  static int closingParenthesis(String sql, int open) {
    int depth = 0;
    for (int i = open; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (isQuote(c)) {
        i = endOfQuoted(sql, i);
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses in '" + sql + "'");
  }

  /** The parts of {@code sql} between the commas outside parentheses and quoted text, each stripped. */
  static List<String> splitAtTopLevel(String sql) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (isQuote(c)) {
        i = endOfQuoted(sql, i);
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(sql.substring(start, i).strip());
        start = i + 1;
      }
    }
    parts.add(sql.substring(start).strip());
    return parts;
  }

  private static boolean isQuote(char c) {
    return c == '\'' || c == '"' || c == '`';
  }

  /** The index of the quote closing the quoted text that starts at {@code open}; a backslash escapes a character. */
  private static int endOfQuoted(String sql, int open) {
    char quote = sql.charAt(open);
    for (int i = open + 1; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed " + quote + " in '" + sql + "'");
  }
}
