package io.tspipe.web.detections;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {

  private static JsonObject label(String connotation) {
    return new JsonObject().put("label", connotation + "_label").put("connotation", connotation);
  }

  private static JsonObject open(String severity) {
    return new JsonObject().put("rule", "r").put("severity", severity).put("state", "open");
  }

  @Test
  @DisplayName("a good label allows whatever else holds; a bad label or a high or critical detection denies; any other "
    + "open detection asks for review; nothing, or neutral labels alone, is no verdict")
  void theRuleInItsOrder() {
    assertEquals(Verdict.ALLOW, Verdict.of(List.of(label("bad"), label("good")), List.of(open("critical"))));
    assertEquals(Verdict.DENY, Verdict.of(List.of(label("bad")), List.of()));
    assertEquals(Verdict.DENY, Verdict.of(List.of(label("neutral")), List.of(open("low"), open("high"))));
    assertEquals(Verdict.DENY, Verdict.of(List.of(), List.of(open("critical"))));
    assertEquals(Verdict.REVIEW, Verdict.of(List.of(label("neutral")), List.of(open("medium"))));
    assertEquals(Verdict.REVIEW, Verdict.of(List.of(), List.of(open("low"))));
    assertEquals(Verdict.NONE, Verdict.of(List.of(label("neutral")), List.of()));
    assertEquals(Verdict.NONE, Verdict.of(List.of(), List.of()));
    assertEquals("deny", Verdict.DENY.wireName());
  }

  @Test
  @DisplayName("the feed's filter keeps the records of its rule, kind and mode, all of them when empty, and refuses an "
    + "unknown or bad parameter naming it")
  void detectionFilter() {
    JsonObject record = new JsonObject().put("rule", "brute_force").put("mode", "live")
      .put("entity", new JsonObject().put("kind", "ip").put("value", "198.51.100.7"));
    assertTrue(DetectionFilter.parse(MultiMap.caseInsensitiveMultiMap()).test(record));
    assertTrue(DetectionFilter.parse(MultiMap.caseInsensitiveMultiMap().add("rule", "brute_force").add("kind", "ip")
      .add("mode", "live")).test(record));
    assertFalse(DetectionFilter.parse(MultiMap.caseInsensitiveMultiMap().add("kind", "user")).test(record));
    assertFalse(DetectionFilter.parse(MultiMap.caseInsensitiveMultiMap().add("mode", "shadow")).test(record));
    assertFalse(DetectionFilter.parse(MultiMap.caseInsensitiveMultiMap().add("rule", "other")).test(new JsonObject()));
  }

  @Test
  @DisplayName("a label's latest row is in force unless it is a removal or its expiry has passed; a detection's latest "
    + "state counts for a verdict only when open and of a rule in live mode")
  void whatAVerdictRestsOn() {
    long now = 1_000_000L;
    JsonObject label = new JsonObject().put("removed_now", false).putNull("expires_ms");
    assertTrue(io.tspipe.web.labels.StoredLabels.inForce(label, now));
    assertTrue(io.tspipe.web.labels.StoredLabels.inForce(label.copy().put("expires_ms", "1000001"), now));
    assertFalse(io.tspipe.web.labels.StoredLabels.inForce(label.copy().put("expires_ms", now), now));
    assertFalse(io.tspipe.web.labels.StoredLabels.inForce(label.copy().put("removed_now", true), now));
    assertFalse(io.tspipe.web.labels.StoredLabels.inForce(label.copy().put("removed_now", 1), now));
    JsonObject detection = new JsonObject().put("state_now", "open").put("mode_now", "live");
    assertTrue(StoredDetections.openLive(detection));
    assertFalse(StoredDetections.openLive(detection.copy().put("state_now", "resolved")));
    assertFalse(StoredDetections.openLive(detection.copy().put("mode_now", "shadow")));
  }

  @Test
  @DisplayName("a subject's value is checked per kind and put in canonical form; the stream's one value is *")
  void subjects() {
    assertEquals("6f1c5a8e-7a51-4c2e-9b8e-5d1f6a2b7c90", Subjects.value("value",
      io.tspipe.detection.EntityKind.USER, "6F1C5A8E-7A51-4C2E-9B8E-5D1F6A2B7C90"));
    assertEquals("*", Subjects.value("value", io.tspipe.detection.EntityKind.STREAM, "*"));
    assertEquals("value", assertThrows(io.tspipe.web.BadRequest.class, () -> Subjects.value("value",
      io.tspipe.detection.EntityKind.STREAM, "all")).field());
    assertEquals("value", assertThrows(io.tspipe.web.BadRequest.class, () -> Subjects.value("value",
      io.tspipe.detection.EntityKind.PREFIX, "203.0.113.7/24")).field());
    assertEquals(null, Subjects.href("stream", "*"));
    assertEquals("/api/v1/entities/prefix/203.0.113.0%2F24", Subjects.href("prefix", "203.0.113.0/24"));
  }
}
