package io.tspipe.web.detections;

import io.tspipe.detection.Detection;
import io.tspipe.detection.EntityKind;
import io.tspipe.web.labels.StoredLabels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictViewTest {

  private static final String IP = "198.51.100.7";
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final long NOW = T0.plusSeconds(3600).toEpochMilli();

  /** A detection's state as the detector produces it to the topic. */
  private static JsonObject record(String rule, String mode, String severity, String entity, long updatedSeconds,
                                   boolean resolved) {
    Instant updated = T0.plusSeconds(updatedSeconds);
    return new Detection(Detection.idOf(rule, EntityKind.IP, entity, T0), rule, "3",
      "live".equals(mode) ? Detection.Mode.LIVE : Detection.Mode.SHADOW, severity, EntityKind.IP, entity,
      resolved ? Detection.State.RESOLVED : Detection.State.OPEN, 300, T0.minusSeconds(30), updated, T0, updated,
      resolved ? updated : null, T0.plusSeconds(2), new JsonObject().put("features", new JsonObject().put("failures", 12))
      .put("sampleEventIds", new JsonArray().add(UUID.nameUUIDFromBytes(rule.getBytes()).toString()))).toJson();
  }

  /** The same open state as a row of {@link StoredDetections#openLive}, 64-bit numbers quoted as JSONEachRow has them. */
  private static JsonObject storedRow(String rule, String severity, String entity, long updatedSeconds) {
    JsonObject record = record(rule, "live", severity, entity, updatedSeconds, false);
    return new JsonObject().put("id", record.getString("detectionId")).put("rule_name", rule).put("kind", "ip")
      .put("value", entity).put("opened_ms", String.valueOf(T0.toEpochMilli())).put("version", "3")
      .put("mode_now", "live").put("severity_now", severity).put("state_now", "open").put("window_s", 300)
      .put("first_ms", String.valueOf(T0.minusSeconds(30).toEpochMilli()))
      .put("last_ms", String.valueOf(T0.plusSeconds(updatedSeconds).toEpochMilli()))
      .put("updated_ms", String.valueOf(T0.plusSeconds(updatedSeconds).toEpochMilli())).putNull("resolved_ms")
      .put("detected_ms", String.valueOf(T0.plusSeconds(2).toEpochMilli()))
      .put("evidence_now", record.getJsonObject("evidence").encode());
  }

  /** A label's latest row as {@link StoredLabels#json} reads it. */
  private static JsonObject labelRow(String name, String connotation, long changedSeconds, Long expiresAt,
                                     boolean removed) {
    return new JsonObject().put("kind", "ip").put("value", IP).put("name", name).put("connotation_now", connotation)
      .put("reason_now", "seen").put("source_now", "person:ana").put("expires_ms", expiresAt)
      .put("removed_now", removed).put("changed_ms", T0.plusSeconds(changedSeconds).toEpochMilli())
      .put("by_now", "ana");
  }

  private static VerdictView loaded(List<JsonObject> detections, List<JsonObject> labels) {
    VerdictView view = new VerdictView();
    view.snapshotStarting();
    view.install(VerdictView.snapshot(detections, labels, T0.toEpochMilli()));
    return view;
  }

  private static JsonObject verdict(VerdictView view, long now) {
    return view.verdict("ip", IP, now).orElseThrow();
  }

  private static List<String> rules(JsonObject answer) {
    return answer.getJsonArray("detections").stream().map(d -> ((JsonObject) d).getString("rule")).toList();
  }

  private static List<String> labels(JsonObject answer) {
    return answer.getJsonArray("labels").stream().map(l -> ((JsonObject) l).getString("label")).toList();
  }

  @Test
  @DisplayName("nothing is answered before a snapshot is installed, nor once the view is unloaded; then an entity "
    + "with nothing on it is none")
  void answersOnlyOnceLoaded() {
    VerdictView view = new VerdictView();
    assertTrue(view.verdict("ip", IP, NOW).isEmpty());
    view.applyDetection(record("stuffing", "live", "high", IP, 10, false));
    assertTrue(view.verdict("ip", IP, NOW).isEmpty(), "a change before any snapshot is not an answer");
    view.snapshotStarting();
    view.install(VerdictView.snapshot(List.of(), List.of(), T0.toEpochMilli()));
    assertEquals(new JsonObject().put("entity", new JsonObject().put("kind", "ip").put("value", "198.51.100.8"))
      .put("verdict", "none").put("labels", new JsonArray()).put("detections", new JsonArray()),
      view.verdict("ip", "198.51.100.8", NOW).orElseThrow());
    assertEquals(T0.toEpochMilli(), view.snapshotStartedMillis());
    view.unload();
    assertTrue(view.verdict("ip", IP, NOW).isEmpty());
    assertEquals(-1, view.snapshotStartedMillis());
  }

  @Test
  @DisplayName("a detection answers the same JSON from a snapshot row as from its record on the topic, as the stored "
    + "row's JSON form; the most recently updated first")
  void sameJsonEitherWay() {
    JsonObject row = storedRow("stuffing", "high", IP, 60);
    VerdictView fromSnapshot = loaded(List.of(row, storedRow("slow", "low", IP, 120)), List.of());
    JsonObject answer = verdict(fromSnapshot, NOW);
    assertEquals("deny", answer.getString("verdict"));
    assertEquals(List.of("slow", "stuffing"), rules(answer));
    assertEquals(StoredDetections.json(row), answer.getJsonArray("detections").getJsonObject(1));

    VerdictView fromTopic = loaded(List.of(), List.of());
    fromTopic.applyDetection(record("stuffing", "live", "high", IP, 60, false));
    fromTopic.applyDetection(record("slow", "live", "low", IP, 120, false));
    assertEquals(answer.encode(), verdict(fromTopic, NOW).encode());
  }

  @Test
  @DisplayName("a resolution takes a detection out at once, and an older open state arriving after it is ignored")
  void resolve() {
    VerdictView view = loaded(List.of(storedRow("stuffing", "high", IP, 60)), List.of());
    view.applyDetection(record("stuffing", "live", "high", IP, 90, false));
    assertEquals("deny", verdict(view, NOW).getString("verdict"));
    view.applyDetection(record("stuffing", "live", "high", IP, 120, true));
    assertEquals("none", verdict(view, NOW).getString("verdict"));
    view.applyDetection(record("stuffing", "live", "high", IP, 90, false));
    assertEquals(List.of(), rules(verdict(view, NOW)), "an older open state does not reopen it");
  }

  @Test
  @DisplayName("shadow rules take no effect: their detections are not held, and a live one turned shadow leaves")
  void shadowIgnored() {
    VerdictView view = loaded(List.of(), List.of());
    view.applyDetection(record("crit_shadow", "shadow", "critical", IP, 60, false));
    assertEquals("none", verdict(view, NOW).getString("verdict"));
    view.applyDetection(record("slow", "live", "medium", IP, 60, false));
    assertEquals("review", verdict(view, NOW).getString("verdict"));
    view.applyDetection(record("slow", "shadow", "medium", IP, 70, false));
    assertEquals("none", verdict(view, NOW).getString("verdict"));
  }

  @Test
  @DisplayName("a snapshot never undoes a change that arrived while it was read: a newer resolution, a newer state, a "
    + "detection it has not seen yet, a label removal; an older change does not override the snapshot's newer state")
  void snapshotVersusNewerChanges() {
    VerdictView view = loaded(List.of(), List.of(labelRow("watched", "bad", 0, null, false)));
    view.snapshotStarting();
    view.applyDetection(record("stuffing", "live", "high", IP, 120, true));
    view.applyDetection(record("slow", "live", "low", IP, 200, false));
    view.applyDetection(record("brute", "live", "medium", IP, 100, false));
    view.applyDetection(record("fresh", "live", "low", IP, 300, false));
    view.applyLabel(labelRow("watched", "bad", 50, null, true));
    // read before the changes above were written: stuffing still open, slow older, brute newer
    view.install(VerdictView.snapshot(List.of(storedRow("stuffing", "high", IP, 60), storedRow("slow", "low", IP, 150),
        storedRow("brute", "critical", IP, 110)), List.of(labelRow("watched", "bad", 0, null, false)),
      T0.plusSeconds(100).toEpochMilli()));
    JsonObject answer = verdict(view, NOW);
    assertEquals(List.of("fresh", "slow", "brute"), rules(answer));
    assertEquals(T0.plusSeconds(200).toString().replace("Z", ".000Z"),
      answer.getJsonArray("detections").getJsonObject(1).getString("updatedAt"));
    assertEquals("critical", answer.getJsonArray("detections").getJsonObject(2).getString("severity"),
      "the snapshot's newer state of brute is kept");
    assertEquals(List.of(), labels(answer), "the removal stands");
    assertEquals("deny", answer.getString("verdict"));
    assertEquals(T0.plusSeconds(100).toEpochMilli(), view.snapshotStartedMillis());
  }

  @Test
  @DisplayName("a snapshot replaces what changed in ClickHouse alone: a detection resolved and a label removed without "
    + "the view being told leave with the next snapshot; a failed snapshot leaves the view as it was")
  void snapshotReplaces() {
    VerdictView view = loaded(List.of(storedRow("stuffing", "high", IP, 60)),
      List.of(labelRow("watched", "neutral", 0, null, false)));
    view.snapshotStarting();
    view.snapshotFailed();
    assertEquals(List.of("stuffing"), rules(verdict(view, NOW)));
    view.applyDetection(record("slow", "live", "low", IP, 200, false));
    view.snapshotStarting();
    view.install(VerdictView.snapshot(List.of(), List.of(), T0.plusSeconds(300).toEpochMilli()));
    JsonObject answer = verdict(view, NOW);
    assertEquals(List.of(), rules(answer), "changes from before the snapshot started are in it, or gone");
    assertEquals(List.of(), labels(answer));
  }

  @Test
  @DisplayName("labels: in force judged at answer time (an expired one stops counting without a snapshot), a good one "
    + "allows, set and removed at once, the latest row wins, listed by name")
  void labelsAndExpiry() {
    long expires = NOW + 1_000;
    VerdictView view = loaded(List.of(storedRow("stuffing", "critical", IP, 60)),
      List.of(labelRow("short_lived", "good", 0, expires, false)));
    JsonObject before = verdict(view, NOW);
    assertEquals("allow", before.getString("verdict"));
    assertEquals(StoredLabels.json(labelRow("short_lived", "good", 0, expires, false), NOW),
      before.getJsonArray("labels").getJsonObject(0));
    assertEquals("deny", verdict(view, expires).getString("verdict"), "expired at its expiry");
    assertEquals(List.of(), labels(verdict(view, expires)));

    view.applyLabel(labelRow("zeta", "neutral", 10, null, false));
    view.applyLabel(labelRow("abuse", "bad", 10, null, false));
    assertEquals(List.of("abuse", "short_lived", "zeta"), labels(verdict(view, NOW)));
    view.applyLabel(labelRow("abuse", "bad", 20, null, true));
    view.applyLabel(labelRow("abuse", "bad", 15, null, false));
    assertEquals(List.of("short_lived", "zeta"), labels(verdict(view, NOW)), "an older row does not undo the removal");
    view.applyLabel(labelRow("abuse", "good", 30, null, false));
    assertEquals(List.of("abuse", "zeta"), labels(verdict(view, expires)));
    assertEquals("allow", verdict(view, expires).getString("verdict"));
  }

  @Test
  @DisplayName("a record that is not a detection is refused and changes nothing; a stream-wide detection is held for *")
  void malformedAndStream() {
    VerdictView view = loaded(List.of(), List.of());
    assertThrows(IllegalArgumentException.class, () -> view.applyDetection(new JsonObject().put("rule", "x")));
    assertThrows(IllegalArgumentException.class, () -> view.applyDetection(
      record("slow", "live", "low", IP, 60, false).put("updatedAt", "yesterday")));
    assertEquals("none", verdict(view, NOW).getString("verdict"));
    JsonObject stream = record("surge", "live", "high", IP, 60, false);
    stream.getJsonObject("entity").put("kind", "stream").put("value", "*");
    view.applyDetection(stream);
    JsonObject answer = view.verdict("stream", "*", NOW).orElseThrow();
    assertEquals("deny", answer.getString("verdict"));
    assertEquals(null, answer.getJsonArray("detections").getJsonObject(0).getValue("href"));
  }
}
