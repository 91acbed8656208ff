package io.tspipe.web;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.TestPipeline;
import io.tspipe.web.investigation.EventExport;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streamed event export of the real web role over events the real worker stored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportIT {

  private static final int EVENTS = 2_000;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestPipeline pipeline;
  private String baseUrl;
  private final List<JsonObject> events = new ArrayList<>();
  private long oldest;

  @BeforeAll
  void storeEventsOneSecondApart() throws Exception {
    pipeline = TestPipeline.create("web-export");
    oldest = Instant.now().minusSeconds(EVENTS + 60).toEpochMilli();
    List<OutgoingEvent> records = new ArrayList<>();
    for (OutgoingEvent record : TestPipeline.generate(EVENTS * 2, false, 51).records()) {
      if (record.kind() == OutgoingEvent.Kind.GOOD && events.size() < EVENTS) {
        JsonObject event = new JsonObject(record.value())
          .put("timestamp", StoredValues.formatMillis(oldest + events.size() * 1000L));
        events.add(event);
        records.add(new OutgoingEvent(record.type(), record.key(), event.encode(), OutgoingEvent.Kind.GOOD));
      }
    }
    pipeline.deployWorker();
    baseUrl = pipeline.deployWeb();
    pipeline.produce(records);
    pipeline.awaitNumber("SELECT count() FROM ${db}.events", EVENTS, Duration.ofMinutes(2));
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  @Test
  @DisplayName("NDJSON of a range: exactly its events, oldest first, each as produced")
  void ndjsonOfARange() throws Exception {
    HttpResponse<String> answer = get("/api/v1/export/events?from=" + at(500) + "&to=" + at(1500));
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("application/x-ndjson", answer.headers().firstValue("Content-Type").orElse(""));
    assertTrue(answer.headers().firstValue("Content-Disposition").orElse("").contains(".ndjson"));
    List<JsonObject> lines = answer.body().lines().map(JsonObject::new).toList();
    assertEquals(events.subList(500, 1500), lines);
  }

  @Test
  @DisplayName("CSV of everything: a header and a row per event, ids in time order; a type narrows it")
  void csvAndType() throws Exception {
    HttpResponse<String> answer = get("/api/v1/export/events?format=csv&from=" + at(0) + "&to=" + at(EVENTS));
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("text/csv; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(""));
    List<String> rows = answer.body().lines().toList();
    assertEquals(String.join(",", EventExport.CSV_COLUMNS), rows.get(0));
    assertEquals(EVENTS + 1, rows.size());
    for (int i = 0; i < EVENTS; i++) {
      assertEquals(EventExport.csvLine(events.get(i)).stripTrailing(), rows.get(i + 1));
      assertTrue(rows.get(i + 1).startsWith(events.get(i).getString("id") + ","));
    }
    long emails = events.stream().filter(e -> "email_send".equals(e.getString("type"))).count();
    HttpResponse<String> typed = get("/api/v1/export/events?type=email_send&from=" + at(0) + "&to=" + at(EVENTS));
    assertEquals(emails, typed.body().lines().count());
    HttpResponse<String> none = get("/api/v1/export/events?format=csv&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z");
    assertEquals(200, none.statusCode());
    assertEquals(1, none.body().lines().count(), "only the header");
  }

  @Test
  @DisplayName("bad parameters are refused naming the parameter")
  void refusesBadParameters() throws Exception {
    Map<String, String> refused = Map.of(
      "/api/v1/export/events?to=" + at(10), "from",
      "/api/v1/export/events?from=" + at(0), "to",
      "/api/v1/export/events?from=" + at(10) + "&to=" + at(0), "to",
      "/api/v1/export/events?from=" + at(0) + "&to=" + at(10) + "&format=xml", "format",
      "/api/v1/export/events?from=" + at(0) + "&to=" + at(10) + "&type=login", "type",
      "/api/v1/export/events?from=" + at(0) + "&to=" + at(10) + "&limit=5", "limit",
      "/api/v1/export/events?from=0%20OR%201=1&to=" + at(10), "from");
    for (Map.Entry<String, String> attempt : refused.entrySet()) {
      HttpResponse<String> answer = get(attempt.getKey());
      assertEquals(400, answer.statusCode(), attempt.getKey() + " → " + answer.body());
      assertEquals(attempt.getValue(), new JsonObject(answer.body()).getString("field"), attempt.getKey());
    }
  }

  private String at(int index) {
    return StoredValues.formatMillis(oldest + index * 1000L);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET().build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
