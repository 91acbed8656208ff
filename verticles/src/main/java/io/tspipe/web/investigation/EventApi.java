package io.tspipe.web.investigation;

import io.tspipe.sink.clickhouse.ClickHouseReads;
import io.tspipe.store.EventsTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/v1/events/{id}}: one stored event from ClickHouse, as it was produced, and where it was read from. */
public final class EventApi {

  private final ClickHouseReads clickHouse;
  private final String sql;

  public EventApi(ClickHouseReads clickHouse) {
    this.clickHouse = clickHouse;
    this.sql = "SELECT " + EventsTable.SELECT + " FROM " + EventsTable.in(clickHouse.database())
      + " WHERE id = {id:UUID} LIMIT 1";
  }

  /** Empty when no event has that id, a UUID in any case as the API contract takes it. */
  public Future<Optional<JsonObject>> event(String id) {
    return clickHouse.select(sql, Map.of("id", id.toLowerCase(Locale.ROOT)))
      .map(rows -> rows.stream().findFirst().map(row -> new JsonObject()
        .put("event", EventsTable.event(row))
        .put("storage", EventsTable.storage(row))));
  }
}
