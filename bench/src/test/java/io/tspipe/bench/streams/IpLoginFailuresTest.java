package io.tspipe.bench.streams;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpLoginFailuresTest {

  private static final long EMITTED_AT = 42L;
  /** A whole second, so the windows around it are easy to count. */
  private static final Instant T0 = Instant.parse("2026-11-24T15:04:00Z");
  private static final DateTimeFormatter TIMESTAMP =
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @TempDir
  Path state;
  private TopologyTestDriver driver;
  private TestInputTopic<String, String> events;
  private TestOutputTopic<String, String> detections;
  private final TopologyProgress progress = new TopologyProgress();

  @BeforeEach
  void start() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ip-login-failures-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    driver = new TopologyTestDriver(IpLoginFailures.topology("account-activity", "detections", Duration.ofSeconds(2),
      () -> EMITTED_AT, progress), config);
    events = driver.createInputTopic("account-activity", new StringSerializer(), new StringSerializer());
    detections = driver.createOutputTopic("detections", new StringDeserializer(), new StringDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void login(String ip, long afterMs, boolean success) {
    Instant at = T0.plusMillis(afterMs);
    events.pipeInput("user", LoginAttemptTest.login(ip, TIMESTAMP.format(at), success).encode(), at);
  }

  private List<SpikeDetection> emitted() {
    return detections.readValuesToList().stream().map(value -> SpikeDetection.fromJson(new JsonObject(value))).toList();
  }

  @Test
  @DisplayName("the fifth failure within 2 min emits one detection for each window of 1-s ticks it completes")
  void detectsOncePerWindow() {
    for (int i = 0; i < 4; i++) {
      login("203.0.113.9", i * 100, false);
    }
    assertTrue(detections.isEmpty(), "four failures are not enough");
    login("203.0.113.9", 400, false);
    List<SpikeDetection> fired = emitted();
    // the windows [t - 2 min, t) holding all five, t a whole second: t from T0 + 1 s to T0 + 120 s
    assertEquals(120, fired.size());
    for (SpikeDetection detection : fired) {
      assertEquals("203.0.113.9", detection.ip());
      assertEquals(120_000, detection.windowEndMs() - detection.windowStartMs());
      assertEquals(0, detection.windowEndMs() % 1_000);
      assertEquals(5, detection.failures());
      assertEquals(T0.toEpochMilli() + 400, detection.triggerEventMs());
      assertEquals(EMITTED_AT, detection.emittedAtMs());
    }
    assertEquals(T0.toEpochMilli() + 1_000, fired.stream().mapToLong(SpikeDetection::windowEndMs).min().orElseThrow());
    login("203.0.113.9", 500, false);
    assertTrue(detections.isEmpty(), "the windows already fired; no window starts between 0.4 s and 0.5 s");
    for (int i = 0; i < 4; i++) {
      login("203.0.113.9", 1_000 + i * 100, false);
    }
    assertTrue(detections.isEmpty(), "the window starting at T0 + 1 s holds four failures");
    login("203.0.113.9", 1_400, false);
    List<SpikeDetection> next = emitted();
    assertEquals(1, next.size(), "only the new window fires: the others had fired already");
    assertEquals(T0.toEpochMilli() + 121_000, next.get(0).windowEndMs());
  }

  @Test
  @DisplayName("a login later than the grace no longer counts in the windows that ended before")
  void lateLoginsMissClosedWindows() {
    for (int i = 0; i < 4; i++) {
      login("203.0.113.9", i * 100, false);
    }
    login("192.0.2.1", 121_000 + 2_500, true);
    login("203.0.113.9", 400, false);
    List<SpikeDetection> fired = emitted();
    // the windows holding all five end by T0 + 120 s; stream time T0 + 123.5 s less 2 s of grace closed every window
    // ending by T0 + 121.5 s
    assertTrue(fired.isEmpty(), "every window holding the five had closed: " + fired.size());
  }

  @Test
  @DisplayName("successes hold the failure rate under 0.5, other addresses and other records count for nothing")
  void onlyTheConditionFires() {
    for (int i = 0; i < 6; i++) {
      login("198.51.100.20", i * 10, true);
    }
    for (int i = 0; i < 5; i++) {
      login("198.51.100.20", 100 + i * 10, false);
      login("198.51.100.21", 100 + i * 10, i % 2 == 0);
    }
    events.pipeInput("user", LoginAttemptTest.login("198.51.100.22", "2026-11-24T15:04:00.300Z", false)
      .put("action", "logout").encode(), T0);
    events.pipeInput("user", "<html>502 Bad Gateway</html>", T0);
    assertTrue(detections.isEmpty(), "5 failures of 11 attempts, 2 of 5, and no logins");
    assertEquals(18, progress.read().sum(), "every record read counts");
    assertEquals(16, progress.rekeyed().sum(), "the logins went through the repartition topic");
  }
}
