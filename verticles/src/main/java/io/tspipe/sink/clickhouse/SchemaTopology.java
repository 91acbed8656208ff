package io.tspipe.sink.clickhouse;

import io.tspipe.config.ClickHouseSettings;

import java.util.List;

/**
 * How the statements of the schema, each written in {@code clickhouse/} for one server, run on the ClickHouse the
 * pipeline is configured with: as they are on a single server, rewritten by {@link ClusterDdl} for a cluster.
 */
interface SchemaTopology {

  /** The statements that do on this topology what {@code statement} does on one server, in order. */
  List<String> statements(String statement);

  /** The table that stores the rows of {@code table}: itself on one server, its replicated local table on a cluster. */
  String storedIn(String table);

  /** The topology of {@code settings}: {@link ClusterDdl} when {@code clickhouse.cluster} names one. */
  static SchemaTopology of(ClickHouseSettings settings) {
    return settings.clustered() ? new ClusterDdl(settings.cluster(), settings.database()) : new SingleServer();
  }

  /** One server: every statement as written, every table its own storage. */
  record SingleServer() implements SchemaTopology {

    @Override
    public List<String> statements(String statement) {
      return List.of(statement);
    }

    @Override
    public String storedIn(String table) {
      return table;
    }
  }
}
