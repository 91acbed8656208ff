package io.tspipe.pipeline;

import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventType;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.search.SearchDocuments;
import io.tspipe.store.EventsTable;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.IpDatabase;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poison records of every hostile class, each between valid events, through the real worker and indexer on the real
 * broker, ClickHouse and Meilisearch: every bad one is dead-lettered and lands in {@code rejected_events} with its
 * reason, every valid one is stored and indexed as sent, within the usual freshness, and no record touches another.
 */
class PoisonRecordsIT {

  private static final int VALID_BETWEEN = 3;
  private static final String VICTIM_USER = "0b8e7c52-5d0a-4b8e-8f55-7d1c9e2a3b44";
  private static final Set<String> INDEX_ATTRIBUTES = allowedAttributes();

  /** One record sent: its topic, its value (null for a tombstone), and the reason code it must be refused with. */
  private record Poison(String name, EventType topic, byte[] value, String reasonCode) {
  }

  @Test
  @DisplayName("a poison record of each class between valid ones: each refused with its reason, every valid one stored"
    + " and indexed as sent, no document touched by another event")
  void isolatesEveryPoisonRecord() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("poison")) {
      pipeline.deployWorker();
      pipeline.deployIndexer();
      KafkaSettings kafka = pipeline.kafka();
      long now = System.currentTimeMillis();

      JsonObject victim = login(now);
      pipeline.produceBytes(List.of(record(kafka, EventType.ACCOUNT_ACTIVITY, victim.toBuffer().getBytes())));
      List<JsonObject> valid = new ArrayList<>(List.of(victim));
      pipeline.awaitNumber("SELECT count() FROM ${db}.events", 1, Duration.ofMinutes(1));
      pipeline.awaitDocuments(1, Duration.ofMinutes(2));

      List<Poison> poisons = poisons(now, victim);
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      for (Poison poison : poisons) {
        records.add(record(kafka, poison.topic(), poison.value()));
        for (int i = 0; i < VALID_BETWEEN; i++) {
          JsonObject event = apiRequest(now);
          valid.add(event);
          records.add(record(kafka, EventType.API_REQUEST, event.toBuffer().getBytes()));
        }
      }
      // valid events that carry what a hostile producer adds: stored and indexed, without what no schema defines
      List<JsonObject> withExtras = withHostileExtras(now, victim);
      valid.addAll(withExtras);
      for (JsonObject event : withExtras) {
        records.add(record(kafka, typeOf(event), event.toBuffer().getBytes()));
      }
      long sentNanos = System.nanoTime();
      pipeline.produceBytes(records);

      pipeline.awaitNumber("SELECT count() FROM ${db}.events", valid.size(), Duration.ofMinutes(2));
      pipeline.awaitNumber("SELECT count() FROM ${db}.rejected_events", poisons.size(), Duration.ofMinutes(1));
      pipeline.awaitDocuments(valid.size(), Duration.ofMinutes(2));
      long settledMs = (System.nanoTime() - sentNanos) / 1_000_000;
      System.out.printf("[%s] %d valid events and %d poison records stored, refused and indexed in %d ms%n",
        pipeline.name(), valid.size(), poisons.size(), settledMs);

      assertRejectedWithTheirReasons(pipeline, poisons);
      assertStoredAndIndexedAsSent(pipeline, valid);
      JsonObject victimDocument = pipeline.awaitResult(pipeline.search().document(victim.getString("id")));
      assertEquals(SearchDocuments.document(victim, millis(victim), IpDatabase.load().lookup(victim.getString("sourceIp"))), victimDocument,
        "the victim's document is its own event's");
      Set<String> attributes = pipeline.awaitResult(pipeline.search().stats()).getJsonObject("fieldDistribution")
        .fieldNames();
      assertTrue(INDEX_ATTRIBUTES.containsAll(attributes), "index attributes " + attributes);
      assertDeadLettersBounded(pipeline, poisons.size());
    }
  }

  @Test
  @DisplayName("a document Meilisearch refuses is dead-lettered with the engine's reason; the rest of its batch is indexed")
  void isolatesADocumentTheEngineRefuses() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("poison-engine")) {
      // an index keyed by templateId: a template name Meilisearch cannot take as a document id makes it refuse that
      // one valid event's document, as it would refuse any document for what it holds
      pipeline.awaitResult(pipeline.search().createIndex("templateId"));
      pipeline.deployIndexer();
      long now = System.currentTimeMillis();
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        JsonObject email = emailSend(now).put("templateId", i == 17 ? "not a valid id!" : "template-" + i);
        records.add(record(pipeline.kafka(), EventType.EMAIL_SEND, email.toBuffer().getBytes()));
      }
      pipeline.produceBytes(records);
      pipeline.awaitDocuments(39, Duration.ofMinutes(2));
      List<JsonObject> letters = deadLetters(pipeline, 1);
      JsonObject letter = letters.get(0);
      assertEquals("indexer", letter.getString("stage"));
      assertEquals("index_refused", letter.getString("reasonCode"));
      assertTrue(letter.getString("reason").contains("invalid_document_id"), letter.getString("reason"));
      assertTrue(letter.getString("payload").contains("not a valid id!"), letter.encode());
    }
  }

  private static List<Poison> poisons(long now, JsonObject victim) {
    List<Poison> poisons = new ArrayList<>();
    poisons.add(new Poison("tombstone", EventType.API_REQUEST, null, "no_payload"));
    byte[] overlong = apiRequest(now).put("path", "/overlong-@").toBuffer().getBytes();
    replaceLast(overlong, (byte) '@', new byte[]{(byte) 0xC0, (byte) 0x80});
    poisons.add(new Poison("overlong UTF-8", EventType.API_REQUEST, overlong, "invalid_encoding"));
    poisons.add(bytes("lone surrogate", apiRequest(now).put("userAgent", "agent \uD800"), "invalid_encoding"));
    poisons.add(bytes("lone surrogate, unknown field", apiRequest(now).put("note", "x\uDC00"), "invalid_encoding"));
    poisons.add(bytes("id and a newline", apiRequest(now).put("id", UUID.randomUUID() + "\n"), "invalid_value"));
    poisons.add(bytes("user and a newline", apiRequest(now).put("userId", UUID.randomUUID() + "\n"), "invalid_value"));
    poisons.add(bytes("IP and a newline", apiRequest(now).put("sourceIp", "203.0.113.9\n"), "invalid_value"));
    poisons.add(bytes("hour 24", apiRequest(now).put("timestamp",
      StoredValues.formatMillis(now - 86_400_000L).substring(0, 11) + "24:00:00.000Z"), "invalid_value"));
    poisons.add(number("2^64", "18446744073709551616"));
    poisons.add(number("30 digits", "123456789012345678901234567890"));
    poisons.add(number("exponent past 2^53", "1.5e19"));
    poisons.add(new Poison("about 1 MiB", EventType.API_REQUEST,
      apiRequest(now).put("path", "/" + "a".repeat(1_000_000)).toBuffer().getBytes(), "invalid_value"));
    byte[] control = new byte[200_000];
    for (int i = 0; i < control.length; i++) {
      control[i] = (byte) (1 + i % 31);
    }
    poisons.add(new Poison("200 KB of control bytes", EventType.API_REQUEST, control, "malformed_json"));
    poisons.add(bytes("another type's id", apiRequest(now).put("id", victim.getString("id")), "id_conflict"));
    return poisons;
  }

  private static Poison bytes(String name, JsonObject event, String reasonCode) {
    return new Poison(name, typeOf(event), event.toBuffer().getBytes(), reasonCode);
  }

  private static Poison number(String name, String written) {
    String json = apiRequest(System.currentTimeMillis()).put("requestBytes", 7).encode()
      .replace("\"requestBytes\":7", "\"requestBytes\":" + written);
    return new Poison(name, EventType.API_REQUEST, json.getBytes(StandardCharsets.UTF_8), "invalid_value");
  }

  /** Valid events carrying hostile extras: deep nesting, tens of thousands of members, reserved and shadowing names. */
  private static List<JsonObject> withHostileExtras(long now, JsonObject victim) {
    JsonObject deep = new JsonObject().put("leaf", 1);
    for (int i = 0; i < 200; i++) {
      deep = new JsonObject().put("n", deep);
    }
    JsonObject wide = new JsonObject();
    for (int i = 0; i < 30_000; i++) {
      wide.put("f" + i, i);
    }
    JsonObject stealing = login(now);
    stealing.getJsonObject("geo").put("id", victim.getString("id")).put("userId", UUID.randomUUID().toString());
    return List.of(
      apiRequest(now).put("nested", deep),
      apiRequest(now).mergeIn(wide),
      apiRequest(now).put("_geo", new JsonObject().put("lat", "x")).put("_vectors", "x").put("_rankingScore", 1),
      apiRequest(now).put("geo", new JsonObject().put("country", "<script>").put("lat", "x")),
      apiRequest(now + 180_000),
      stealing);
  }

  private static void assertRejectedWithTheirReasons(TestPipeline pipeline, List<Poison> poisons) {
    Map<String, Long> expected = new HashMap<>();
    poisons.forEach(poison -> expected.merge(poison.reasonCode(), 1L, Long::sum));
    Map<String, Long> stored = new HashMap<>();
    for (JsonObject row : pipeline.rows("SELECT reason_code, count() AS n, min(length(reason)) AS shortest"
      + " FROM ${db}.rejected_events GROUP BY reason_code")) {
      stored.put(row.getString("reason_code"), Long.parseLong(String.valueOf(row.getValue("n"))));
      assertTrue(Long.parseLong(String.valueOf(row.getValue("shortest"))) > 20, "a readable reason: " + row);
    }
    assertEquals(expected, stored, "rejects by reason");
  }

  private static void assertStoredAndIndexedAsSent(TestPipeline pipeline, List<JsonObject> valid) {
    Map<String, JsonObject> stored = new HashMap<>();
    for (JsonObject row : pipeline.rows("SELECT " + EventsTable.SELECT + " FROM ${db}.events")) {
      stored.put(row.getString("event_id"), EventsTable.event(row));
    }
    for (JsonObject sent : valid) {
      JsonObject expected = SearchDocuments.event(SearchDocuments.document(schemaFieldsOf(sent), millis(sent), IpInfo.UNKNOWN));
      assertEquals(expected, stored.get(sent.getString("id")), "stored as sent, its schema's fields: " + sent.getString("id"));
      JsonObject document = pipeline.awaitResult(pipeline.search().document(sent.getString("id")));
      assertNotNull(document, "indexed: " + sent.getString("id"));
      assertEquals(expected, SearchDocuments.event(document), "indexed as sent: " + sent.getString("id"));
    }
  }

  private static void assertDeadLettersBounded(TestPipeline pipeline, int count) {
    List<JsonObject> letters = deadLetters(pipeline, count);
    for (JsonObject letter : letters) {
      assertEquals("worker", letter.getString("stage"));
      assertTrue(letter.encode().length() < 1_000_000, "a bounded dead letter");
    }
    assertTrue(letters.stream().anyMatch(letter -> letter.getBoolean("payloadTruncated")),
      "the 1 MiB record's dead letter keeps a bounded part of it");
    assertTrue(letters.stream().anyMatch(letter -> letter.getValue("payloadBytes") == null
      && "no_payload".equals(letter.getString("reasonCode"))), "the tombstone's dead letter says it had no value");
  }

  /** Reads the dead-letter topic from its start until {@code count} letters are there. */
  private static List<JsonObject> deadLetters(TestPipeline pipeline, int count) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", pipeline.kafka().bootstrapServers());
    List<byte[]> values = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
      new ByteArrayDeserializer())) {
      String topic = pipeline.kafka().rejectedTopic();
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      eventually(Duration.ofMinutes(1), () -> {
        consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        assertTrue(values.size() >= count, () -> values.size() + " dead letters so far, waiting for " + count);
      });
    }
    List<JsonObject> letters = new ArrayList<>();
    for (byte[] value : values) {
      assertTrue(value.length < 1_000_000, "dead letter of " + value.length + " bytes");
      letters.add(new JsonObject(new String(value, StandardCharsets.UTF_8)));
    }
    assertEquals(count, letters.size(), "dead letters");
    return letters;
  }


  /** What of a sent event its schema defines: the top-level fields, and {@code geo} where the type has one. */
  private static JsonObject schemaFieldsOf(JsonObject sent) {
    JsonObject defined = new JsonObject();
    for (String field : SearchDocuments.EVENT_FIELDS) {
      if (sent.containsKey(field)) {
        defined.put(field, sent.getValue(field));
      }
    }
    defined.put("timestamp", sent.getString("timestamp"));
    if (typeOf(sent) == EventType.ACCOUNT_ACTIVITY) {
      JsonObject geo = new JsonObject();
      SearchDocuments.GEO_FIELDS.forEach(field -> geo.put(field, sent.getJsonObject("geo").getValue(field)));
      defined.put("geo", geo);
    }
    return defined;
  }

  private static long millis(JsonObject event) {
    return java.time.Instant.parse(event.getString("timestamp")).toEpochMilli();
  }

  private static EventType typeOf(JsonObject event) {
    return EventType.fromWireName(event.getString("type")).orElseThrow();
  }

  private static ProducerRecord<String, byte[]> record(KafkaSettings kafka, EventType type, byte[] value) {
    return new ProducerRecord<>(kafka.topicOf(type), VICTIM_USER, value);
  }

  private static void replaceLast(byte[] bytes, byte marker, byte[] with) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == marker) {
        // the marker and the byte after it are replaced: both are one-byte characters of the path
        bytes[i] = with[0];
        bytes[i + 1] = with[1];
        return;
      }
    }
    throw new AssertionError("marker not found");
  }

  private static JsonObject apiRequest(long atMillis) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("timestamp", StoredValues.formatMillis(atMillis))
      .put("type", "api_request").put("schemaVersion", 1).put("sourceIp", "203.0.113.7").put("userId", VICTIM_USER)
      .put("method", "GET").put("path", "/api/v1/orders").put("statusCode", 200).put("responseTimeMs", 87)
      .put("requestBytes", 312).put("responseBytes", 2048).put("userAgent", "Mozilla/5.0");
  }

  private static JsonObject login(long atMillis) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("timestamp", StoredValues.formatMillis(atMillis))
      .put("type", "account_activity").put("schemaVersion", 1).put("sourceIp", "198.51.100.23").put("userId", VICTIM_USER)
      .put("action", "login").put("success", true).put("userAgent", "Mozilla/5.0")
      .put("geo", new JsonObject().put("country", "DE").put("city", "Berlin").put("lat", 52.52).put("lon", 13.405));
  }

  private static JsonObject emailSend(long atMillis) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("timestamp", StoredValues.formatMillis(atMillis))
      .put("type", "email_send").put("schemaVersion", 1).put("sourceIp", "198.51.100.24").put("userId", VICTIM_USER)
      .put("recipientEmail", "ana@example.com").put("templateId", "welcome").put("success", true)
      .put("messageId", "msg-1").put("bounceType", "none");
  }

  private static Set<String> allowedAttributes() {
    Set<String> allowed = new HashSet<>(SearchDocuments.EVENT_FIELDS);
    allowed.addAll(SearchDocuments.GEO_FIELDS);
    allowed.addAll(SearchDocuments.INTELLIGENCE_FIELDS);
    allowed.addAll(List.of("timestamp", "occurredAt"));
    return allowed;
  }
}
