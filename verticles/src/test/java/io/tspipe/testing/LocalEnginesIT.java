package io.tspipe.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tspipe.testing.Eventually.atOnce;
import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalEnginesIT {

  private final LocalEngines engines = LocalEngines.get();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName("the Kafka broker takes a topic and carries a record from a producer to a consumer")
  void kafkaCarriesARecord() throws Exception {
    String topic = "local-engines-it";
    createTopic(topic);
    send(topic, "hello");
    assertEquals(List.of("hello"), readAll(topic, 1));
  }

  @Test
  @DisplayName("the Kafka broker keeps its topics, records and committed offsets across stopKafka and startKafka")
  void kafkaKeepsDataAcrossRestarts() throws Exception {
    String topic = "local-engines-restart-it";
    String group = "local-engines-restart-it";
    TopicPartition partition = new TopicPartition(topic, 0);
    createTopic(topic);
    send(topic, "before");
    try (Admin admin = admin()) {
      admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(1))).all().get();
    }
    engines.stopKafka();
    engines.startKafka();
    send(topic, "after");
    assertEquals(List.of("before", "after"), readAll(topic, 2));
    try (Admin admin = admin()) {
      assertEquals(1, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition).offset());
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.bootstrapServers()));
  }

  private void createTopic(String topic) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private void send(String topic, String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.bootstrapServers(),
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      producer.send(new ProducerRecord<>(topic, "key", value)).get();
    }
  }

  /** The values of partition 0 of {@code topic} from its start, once {@code count} are read. */
  private List<String> readAll(String topic, int count) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
      ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.bootstrapServers(),
      ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
      ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<String> values = new ArrayList<>();
      eventually(Duration.ofSeconds(30), () -> {
        consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        assertTrue(values.size() >= count, "records read back: " + values);
      });
      return values;
    }
  }

  @Test
  @DisplayName("ClickHouse 26.5 answers over its HTTP interface and stores rows in a MergeTree table")
  void clickHouseStoresRows() throws Exception {
    assertTrue(query("", "SELECT version()").startsWith("26.5."));
    createEvents("it_store");
    insertEvents("it_store");
    assertEquals("1\tlogin\n2\tlogout\n", query("", "SELECT id, kind FROM it_store ORDER BY id"));
  }

  @Test
  @DisplayName("ClickHouse keeps its data across stopClickHouse and startClickHouse")
  void clickHouseKeepsDataAcrossRestarts() throws Exception {
    createEvents("it_restart");
    insertEvents("it_restart");
    engines.stopClickHouse();
    engines.startClickHouse();
    assertEquals("2\n", query("", "SELECT count() FROM it_restart"));
  }

  @Test
  @DisplayName("Meilisearch 1.21 indexes a document and finds it by search")
  void meilisearchFindsADocument() throws Exception {
    assertEquals("1.21.0", meilisearch("GET", "/version", null).getString("pkgVersion"));
    indexAlert("it_alerts");
    assertFoundAlert("it_alerts");
  }

  @Test
  @DisplayName("Meilisearch keeps its indexes across stopMeilisearch and startMeilisearch")
  void meilisearchKeepsDataAcrossRestarts() throws Exception {
    indexAlert("it_alerts_restart");
    engines.stopMeilisearch();
    engines.startMeilisearch();
    assertFoundAlert("it_alerts_restart");
  }

  private void indexAlert(String index) throws Exception {
    awaitTask(meilisearch("POST", "/indexes", new JsonObject().put("uid", index).put("primaryKey", "id")));
    awaitTask(meilisearch("POST", "/indexes/" + index + "/documents", new JsonArray()
      .add(new JsonObject().put("id", "a1").put("kind", "credential_stuffing").put("note", "burst of failed logins"))));
  }

  private void assertFoundAlert(String index) throws Exception {
    JsonArray hits = meilisearch("POST", "/indexes/" + index + "/search", new JsonObject().put("q", "failed logins"))
      .getJsonArray("hits");
    assertEquals(1, hits.size(), hits.encode());
    assertEquals("a1", hits.getJsonObject(0).getString("id"));
    assertEquals("credential_stuffing", hits.getJsonObject(0).getString("kind"));
  }

  /** Polls {@code GET /tasks/{uid}} of an enqueued task until it has succeeded; fails if it fails or takes 30 s. */
  private void awaitTask(JsonObject enqueued) throws Exception {
    long uid = enqueued.getLong("taskUid");
    eventually(Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
      JsonObject task = atOnce(() -> meilisearch("GET", "/tasks/" + uid, null));
      String status = task.getString("status");
      if ("failed".equals(status) || "canceled".equals(status)) {
        throw new Eventually.GiveUp("task " + uid + " ended " + status + ": " + task.encode());
      }
      assertEquals("succeeded", status, () -> "task " + uid + ": " + task.encode());
    });
  }

  private JsonObject meilisearch(String method, String path, Object body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(engines.meilisearchUrl() + path))
      .header("Authorization", "Bearer " + engines.meilisearchMasterKey())
      .header("Content-Type", "application/json")
      .method(method, body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.toString()))
      .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertTrue(response.statusCode() / 100 == 2, response.statusCode() + " " + response.body());
    return new JsonObject(response.body());
  }

  private void createEvents(String table) throws Exception {
    query("", "CREATE TABLE " + table + " (id UInt64, kind LowCardinality(String), at DateTime64(3)) "
      + "ENGINE = MergeTree PARTITION BY toDate(at) ORDER BY id");
  }

  private void insertEvents(String table) throws Exception {
    query("query=" + URLEncoder.encode("INSERT INTO " + table + " FORMAT JSONEachRow", StandardCharsets.UTF_8),
      "{\"id\":1,\"kind\":\"login\",\"at\":\"2026-01-01 10:00:00.000\"}\n"
        + "{\"id\":2,\"kind\":\"logout\",\"at\":\"2026-01-01 10:05:00.000\"}\n");
  }

  private String query(String urlQuery, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(engines.clickHouseUrl() + "/?" + urlQuery))
      .POST(HttpRequest.BodyPublishers.ofString(body))
      .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }
}
