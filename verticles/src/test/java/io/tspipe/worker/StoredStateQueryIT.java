package io.tspipe.worker;

import io.tspipe.kafka.RecordPosition;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.sink.clickhouse.ClickHouseSchema;
import io.tspipe.testing.TestPipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a worker reads from ClickHouse when it is assigned partitions, on the real engine: nothing on a fresh store (the
 * first start of every installation), then the events stored from those partitions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoredStateQueryIT {

  private static final String TOPIC = "account-activity-stored-state";

  private TestPipeline pipeline;
  private ClickHouseClient clickHouse;
  private StoredStateQuery query;

  @BeforeAll
  void freshStore() {
    pipeline = TestPipeline.create("worker-stored-state");
    clickHouse = new ClickHouseClient(pipeline.vertx(), pipeline.clickHouseSettings());
    pipeline.awaitResult(new ClickHouseSchema(clickHouse, pipeline.clickHouseSettings().retentionDays()).apply());
    query = new StoredStateQuery(clickHouse, 3_600, 1_000);
  }

  @AfterAll
  void close() {
    clickHouse.close();
    pipeline.close();
  }

  @Test
  @Order(1)
  @DisplayName("a fresh store holds nothing to prime the duplicate window with, and says so without failing")
  void freshStoreHoldsNothing() {
    StoredState state = pipeline.awaitResult(query.load(List.of(new RecordPosition(TOPIC, 0, 0))));
    Map<UUID, RecordPosition> events = new LinkedHashMap<>();
    assertEquals(0, state.forEachEvent(events::put));
    assertEquals(Map.of(), events);
  }

  @Test
  @Order(2)
  @DisplayName("events stored from an assigned partition come back with their positions")
  void storedEventsComeBack() {
    UUID id = UUID.randomUUID();
    pipeline.execute("INSERT INTO " + pipeline.db() + ".events (id, type, timestamp, ingested_at, kafka_topic,"
      + " kafka_partition, kafka_offset) VALUES ('" + id + "', 'account_activity', now64(3), now64(3), '" + TOPIC
      + "', 1, 41)");
    StoredState state = pipeline.awaitResult(query.load(List.of(new RecordPosition(TOPIC, 1, 0))));
    Map<UUID, RecordPosition> events = new LinkedHashMap<>();
    assertEquals(1, state.forEachEvent(events::put));
    assertEquals(Map.of(id, new RecordPosition(TOPIC, 1, 41)), events);
  }
}
