package io.tspipe.web;

import io.tspipe.bus.Addresses;
import io.tspipe.event.EventType;
import io.tspipe.generator.OutgoingEvent;
import io.tspipe.kafka.KafkaTopics;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.TestPipeline;
import io.tspipe.truth.AttackEntity;
import io.tspipe.truth.AttackWindow;
import io.tspipe.truth.ControlCommand;
import io.tspipe.truth.Scenario;
import io.tspipe.truth.ScenarioRequest;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.tspipe.testing.ApiCalls.body;
import static io.tspipe.testing.Eventually.eventually;
import static io.tspipe.testing.ApiCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's ground truth end to end on the real engines: window and entity records, as the truth contract
 * writes them, through Kafka and the real worker into ClickHouse, read back through the attack-window and entity
 * APIs of the real web role; and the scenario controls of the web role, over the event bus to a generator stand-in
 * (a bus consumer, no engine) and, with none in the process, to the real control topic.
 */
class GroundTruthIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String ADMIN_KEY = "ground-truth-admin-key-0123456789";

  @Test
  @DisplayName("windows with their scenario and entities go through the real worker and read back through /attacks and"
    + " the entity profile; a bad entity record is dead-lettered with its reason")
  void groundTruthReadsBack() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-truth")) {
      List<OutgoingEvent> good = TestPipeline.generate(300, true, 71).records().stream()
        .filter(record -> record.kind() == OutgoingEvent.Kind.GOOD).toList();
      JsonObject login = good.stream().map(record -> new JsonObject(record.value()))
        .filter(event -> event.getString("type").equals(EventType.ACCOUNT_ACTIVITY.wireName())).findFirst().orElseThrow();
      JsonObject email = good.stream().map(record -> new JsonObject(record.value()))
        .filter(event -> event.getString("type").equals(EventType.EMAIL_SEND.wireName())).findFirst().orElseThrow();
      String ip = login.getString("sourceIp");
      String user = login.getString("userId");
      String address = email.getString("recipientEmail");
      pipeline.deployWorker();
      String baseUrl = pipeline.deployWeb();

      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      UUID stuffing = UUID.randomUUID();
      UUID bruteForce = UUID.randomUUID();
      UUID classic = UUID.randomUUID();
      ScenarioRequest stuffingRequest = ScenarioRequest.parse(new JsonObject().put("scenario", "credential_stuffing")
        .put("variant", "low_and_slow").put("intensity", 0.2));
      AttackWindow stuffingWindow = AttackWindow.open(stuffing, stuffingRequest, now.minusSeconds(600),
        AttackWindow.Trigger.FORCED);
      AttackWindow bruteWindow = AttackWindow.open(bruteForce, ScenarioRequest.defaults(Scenario.BRUTE_FORCE),
        now.minusSeconds(900), AttackWindow.Trigger.AUTO);
      String windows = pipeline.kafka().attackWindowsTopic();
      String entities = pipeline.kafka().attackEntitiesTopic();
      pipeline.produceRaw(windows, stuffing.toString(), stuffingWindow.toJson().encode());
      pipeline.produceRaw(windows, bruteForce.toString(), bruteWindow.toJson().encode());
      pipeline.produceRaw(windows, bruteForce.toString(), bruteWindow.endAt(now.minusSeconds(800)).toJson().encode());
      // a window as the generator wrote it before scenarios existed
      pipeline.produceRaw(windows, classic.toString(), new JsonObject().put("windowId", classic.toString())
        .put("startedAt", AttackWindow.open(classic, ScenarioRequest.defaults(Scenario.CLASSIC), now.minusSeconds(300),
          AttackWindow.Trigger.AUTO).toJson().getString("startedAt")).putNull("endedAt").put("trigger", "auto").encode());

      Instant ipFirstSeen = now.minusSeconds(590);
      List<AttackEntity> truth = List.of(
        new AttackEntity(stuffing, AttackEntity.Kind.IP, ip, AttackEntity.Role.ATTACKER, ipFirstSeen.plusSeconds(30)),
        new AttackEntity(stuffing, AttackEntity.Kind.IP, ip, AttackEntity.Role.ATTACKER, ipFirstSeen),
        new AttackEntity(stuffing, AttackEntity.Kind.USER, user, AttackEntity.Role.VICTIM, now.minusSeconds(580)),
        new AttackEntity(stuffing, AttackEntity.Kind.EMAIL, address, AttackEntity.Role.VICTIM, now.minusSeconds(570)),
        new AttackEntity(bruteForce, AttackEntity.Kind.IP, ip, AttackEntity.Role.ATTACKER, now.minusSeconds(850)));
      for (AttackEntity entity : truth) {
        pipeline.produceRaw(entities, entity.key(), entity.toJson().encode());
      }
      pipeline.produceRaw(entities, stuffing.toString(), truth.get(0).toJson().put("kind", "host").encode());
      pipeline.produce(good);

      pipeline.awaitNumber("SELECT count() FROM ${db}.events", good.size(), Duration.ofMinutes(2));
      pipeline.awaitNumber("SELECT count() FROM (SELECT DISTINCT window_id, kind, value, role FROM ${db}.attack_entities)",
        4, Duration.ofMinutes(1));
      pipeline.awaitNumber("SELECT uniqExact(window_id) FROM ${db}.attack_windows", 3, Duration.ofMinutes(1));
      pipeline.awaitNumber("SELECT count() FROM ${db}.rejected_events WHERE event_type = 'attack_entity' "
        + "AND reason_code = 'invalid_value' AND field = '/kind'", 1, Duration.ofMinutes(1));

      JsonObject attacks = get(baseUrl, "/api/v1/attacks?range=1h", 200);
      Map<String, JsonObject> byId = attacks.getJsonArray("windows").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(window -> window.getString("id"), window -> window));
      assertEquals(Set.of(stuffing.toString(), bruteForce.toString(), classic.toString()), byId.keySet());
      JsonObject stuffed = byId.get(stuffing.toString());
      assertEquals("credential_stuffing", stuffed.getString("scenario"));
      assertEquals(stuffingRequest.parameters(), stuffed.getJsonObject("parameters"));
      assertEquals(true, stuffed.getBoolean("ongoing"));
      assertEquals("forced", stuffed.getString("trigger"));
      JsonObject stuffedEntities = stuffed.getJsonObject("entities");
      assertEquals(3, stuffedEntities.getLong("total"));
      assertEquals(new JsonObject().put("ip", 1).put("user", 1).put("email", 1), stuffedEntities.getJsonObject("byKind"));
      assertEquals(new JsonObject().put("attacker", 1).put("victim", 2), stuffedEntities.getJsonObject("byRole"));
      assertEquals(false, stuffedEntities.getBoolean("truncated"));
      JsonArray list = stuffedEntities.getJsonArray("list");
      assertEquals(new JsonObject().put("kind", "ip").put("value", ip).put("role", "attacker")
        .put("firstSeenAt", StoredValues.formatMillis(ipFirstSeen.toEpochMilli()))
        .put("href", "/api/v1/entities/ip/" + URLEncoder.encode(ip, StandardCharsets.UTF_8)), list.getJsonObject(0),
        "the earliest first sighting is kept, and entities are listed by it");
      assertEquals(List.of("ip", "user", "email"), list.stream().map(e -> ((JsonObject) e).getString("kind")).toList());
      JsonObject ended = byId.get(bruteForce.toString());
      assertEquals("brute_force", ended.getString("scenario"));
      assertEquals(false, ended.getBoolean("ongoing"));
      assertEquals(100_000, ended.getLong("durationMs"));
      assertEquals(1, ended.getJsonObject("entities").getLong("total"));
      JsonObject old = byId.get(classic.toString());
      assertEquals("classic", old.getString("scenario"));
      assertEquals(new JsonObject(), old.getJsonObject("parameters"));
      assertEquals(0, old.getJsonObject("entities").getLong("total"));

      JsonArray onlyBruteForce = get(baseUrl, "/api/v1/attacks?range=1h&scenario=brute_force", 200).getJsonArray("windows");
      assertEquals(List.of(bruteForce.toString()), onlyBruteForce.stream().map(w -> ((JsonObject) w).getString("id")).toList());
      assertEquals("scenario", get(baseUrl, "/api/v1/attacks?range=1h&scenario=ddos", 400).getString("field"));

      JsonObject ipProfile = get(baseUrl, "/api/v1/entities/ip/" + URLEncoder.encode(ip, StandardCharsets.UTF_8), 200);
      assertNotNull(ipProfile.getJsonObject("attackWindows"), "the attack windows its events fall in stay");
      JsonArray ipTruth = ipProfile.getJsonArray("groundTruth");
      assertEquals(List.of(stuffing.toString(), bruteForce.toString()),
        ipTruth.stream().map(t -> ((JsonObject) t).getString("windowId")).toList(), "newest first: " + ipTruth.encode());
      JsonObject first = ipTruth.getJsonObject(0);
      assertEquals("credential_stuffing", first.getString("scenario"));
      assertEquals("attacker", first.getString("role"));
      assertEquals(Instant.parse(stuffingWindow.toJson().getString("startedAt")), Instant.parse(first.getString("startedAt")));
      assertEquals(ipFirstSeen, Instant.parse(first.getString("firstSeenAt")));
      assertNull(first.getValue("endedAt"));
      assertEquals(Instant.parse(bruteWindow.endAt(now.minusSeconds(800)).toJson().getString("endedAt")),
        Instant.parse(ipTruth.getJsonObject(1).getString("endedAt")));

      JsonArray userTruth = get(baseUrl, "/api/v1/entities/user/" + user.toUpperCase(), 200).getJsonArray("groundTruth");
      assertEquals(1, userTruth.size(), userTruth.encode());
      assertEquals("victim", userTruth.getJsonObject(0).getString("role"));
      JsonArray emailTruth = get(baseUrl, "/api/v1/entities/email/" + URLEncoder.encode(address, StandardCharsets.UTF_8)
        .replace("+", "%20"), 200).getJsonArray("groundTruth");
      assertEquals(stuffing.toString(), emailTruth.getJsonObject(0).getString("windowId"));
      String other = good.stream().map(record -> new JsonObject(record.value()).getString("sourceIp"))
        .filter(address2 -> !address2.equals(ip)).findFirst().orElseThrow();
      assertEquals(new JsonArray(), get(baseUrl, "/api/v1/entities/ip/" + URLEncoder.encode(other, StandardCharsets.UTF_8),
        200).getJsonArray("groundTruth"), "an entity the simulator never recorded has no ground truth");
    }
  }

  @Test
  @DisplayName("scenario control: closed without an admin key, 401 without it, 400 naming the field, 202 over the"
    + " event bus with the generator's reply, 404 for a run it does not know, and the control topic when no generator"
    + " runs in the process")
  void scenarioControl() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-scenarios")) {
      pipeline.awaitResult(KafkaTopics.ensure(pipeline.vertx(), pipeline.kafka()));
      String closed = pipeline.deployWeb();
      assertEquals(6, get(closed, "/api/v1/scenarios", 200).getJsonArray("scenarios").size());
      assertEquals(Scenario.catalogue(), get(closed, "/api/v1/scenarios", 200));
      assertEquals(403, send(closed, "POST", "/api/v1/generator/scenarios", "{\"scenario\":\"classic\"}", ADMIN_KEY).statusCode());
      assertEquals(403, send(closed, "DELETE", "/api/v1/generator/scenarios/" + UUID.randomUUID(), null, ADMIN_KEY).statusCode());

      pipeline.config().getJsonObject("web").put("adminKey", ADMIN_KEY);
      String web = pipeline.deployWeb();
      for (String key : new String[]{null, "not-the-admin-key"}) {
        HttpResponse<String> refused = send(web, "POST", "/api/v1/generator/scenarios", "{\"scenario\":\"classic\"}", key);
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals("Authorization", new JsonObject(refused.body()).getString("field"));
        assertEquals(401, send(web, "DELETE", "/api/v1/generator/scenarios/" + UUID.randomUUID(), null, key).statusCode());
      }
      Map<String, String> badBodies = Map.of(
        "{\"scenario\": \"ddos\"}", "scenario",
        "{\"scenario\": \"brute_force\", \"attackers\": 51}", "attackers",
        "{\"scenario\": \"classic\", \"intensity\": 0}", "intensity",
        "{\"scenario\": \"classic\", \"durationSeconds\": 86401}", "durationSeconds",
        "{\"scenario\": \"classic\", \"variant\": \"burst\"}", "variant",
        "{\"scenario\": \"api_scraping\", \"byUser\": \"yes\"}", "byUser",
        "[]", "body");
      for (Map.Entry<String, String> bad : badBodies.entrySet()) {
        HttpResponse<String> refused = send(web, "POST", "/api/v1/generator/scenarios", bad.getKey(), ADMIN_KEY);
        assertEquals(400, refused.statusCode(), bad.getKey() + " → " + refused.body());
        assertEquals(bad.getValue(), new JsonObject(refused.body()).getString("field"), bad.getKey());
      }
      HttpResponse<String> badRunId = send(web, "DELETE", "/api/v1/generator/scenarios/run-1", null, ADMIN_KEY);
      assertEquals(400, badRunId.statusCode());
      assertEquals("runId", new JsonObject(badRunId.body()).getString("field"));

      // no generator in this process: the command goes to the control topic
      JsonObject viaKafka = body(send(web, "POST", "/api/v1/generator/scenarios",
        "{\"scenario\": \"spam_wave\", \"accounts\": 12}", ADMIN_KEY), 202);
      assertEquals("kafka", viaKafka.getString("delivered"));
      assertNull(viaKafka.getValue("running"));
      assertEquals(12L, viaKafka.getJsonObject("parameters").getLong("accounts"));
      JsonObject stopViaKafka = body(send(web, "DELETE", "/api/v1/generator/scenarios/" + viaKafka.getString("runId"),
        null, ADMIN_KEY), 202);
      assertEquals("kafka", stopViaKafka.getString("delivered"));
      List<ConsumerRecord<String, String>> commands = controlTopic(pipeline, 2);
      assertEquals(List.of("scenario", "scenario"), commands.stream().map(ConsumerRecord::key).toList());
      ControlCommand.Start start = (ControlCommand.Start) ControlCommand.parse(new JsonObject(commands.get(0).value()));
      assertEquals(viaKafka.getString("runId"), start.runId().toString());
      assertEquals(Scenario.SPAM_WAVE, start.request().scenario());
      assertEquals(viaKafka.getJsonObject("parameters"), start.request().parameters());
      assertEquals(new ControlCommand.Stop(start.runId()),
        ControlCommand.parse(new JsonObject(commands.get(1).value())));

      // a generator in this process: asked over the event bus, its reply answered
      Set<String> running = ConcurrentHashMap.newKeySet();
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      MessageConsumer<JsonObject> generator = pipeline.vertx().eventBus().consumer(Addresses.GENERATOR_CONTROL, message -> {
        received.add(message.body());
        ControlCommand command = ControlCommand.parse(message.body());
        if (command instanceof ControlCommand.Start started) {
          if (started.request().intensity() == 1.0) {
            message.fail(400, "intensity: this generator runs nothing at full intensity");
            return;
          }
          running.add(started.runId().toString());
          message.reply(new JsonObject().put("runId", started.runId().toString())
            .put("scenario", started.request().scenario().wireName()).put("parameters", started.request().parameters())
            .put("running", true));
        } else if (command instanceof ControlCommand.Stop stopped && running.remove(stopped.runId().toString())) {
          message.reply(new JsonObject().put("runId", stopped.runId().toString()).put("running", false));
        } else {
          message.fail(404, "no such run");
        }
      });
      pipeline.awaitResult(generator.completion());
      JsonObject started = body(send(web, "POST", "/api/v1/generator/scenarios",
        "{\"scenario\": \"account_takeover\", \"victims\": 4, \"durationSeconds\": 60}", ADMIN_KEY), 202);
      assertEquals("event-bus", started.getString("delivered"));
      assertEquals(true, started.getBoolean("running"));
      assertEquals("account_takeover", started.getString("scenario"));
      assertEquals(ScenarioRequest.parse(new JsonObject().put("scenario", "account_takeover").put("victims", 4)
        .put("durationSeconds", 60)).parameters(), started.getJsonObject("parameters"), "every knob, as asked or by default");
      assertEquals(started.getString("runId"), received.get(0).getString("runId"), "the web role drew the run id");
      assertEquals("start", received.get(0).getString("command"));
      HttpResponse<String> refusedByGenerator = send(web, "POST", "/api/v1/generator/scenarios",
        "{\"scenario\": \"classic\", \"intensity\": 1}", ADMIN_KEY);
      assertEquals(400, refusedByGenerator.statusCode(), refusedByGenerator.body());
      assertEquals("intensity", new JsonObject(refusedByGenerator.body()).getString("field"));

      JsonObject stopped = body(send(web, "DELETE", "/api/v1/generator/scenarios/" + started.getString("runId"), null,
        ADMIN_KEY), 202);
      assertEquals(new JsonObject().put("runId", started.getString("runId")).put("running", false)
        .put("delivered", "event-bus"), stopped);
      HttpResponse<String> unknown = send(web, "DELETE", "/api/v1/generator/scenarios/" + started.getString("runId"),
        null, ADMIN_KEY);
      assertEquals(404, unknown.statusCode(), unknown.body());
      assertEquals("not_found", new JsonObject(unknown.body()).getString("error"));
      assertFalse(received.isEmpty());
      pipeline.awaitResult(generator.unregister());
    }
  }

  private static List<ConsumerRecord<String, String>> controlTopic(TestPipeline pipeline, int count) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", pipeline.kafka().bootstrapServers());
    properties.put("group.id", "control-reader-" + UUID.randomUUID());
    properties.put("auto.offset.reset", "earliest");
    properties.put("key.deserializer", StringDeserializer.class.getName());
    properties.put("value.deserializer", StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of(pipeline.kafka().controlTopic()));
      eventually(Duration.ofSeconds(30), () -> {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        assertTrue(records.size() >= count, () -> records.size() + " commands on the control topic so far, waiting for "
          + count);
      });
    }
    assertEquals(count, records.size(), "commands on the control topic");
    return records;
  }

  private static JsonObject get(String baseUrl, String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
      .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), path + " → " + response.body());
    return new JsonObject(response.body());
  }
}
