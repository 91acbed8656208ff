package io.tspipe.generator;

import io.tspipe.truth.AttackWindow;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttackScheduleTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  /** Dice that roll the given values, and fail the test if rolled once more. */
  private static final class ScriptedDice implements RandomGenerator {
    private final Deque<Double> rolls;
    private long counter;

    ScriptedDice(Double... rolls) {
      this.rolls = new ArrayDeque<>(List.of(rolls));
    }

    @Override
    public long nextLong() {
      return ++counter * 0x9E37_79B9_7F4A_7C15L;
    }

    @Override
    public double nextDouble() {
      return rolls.removeFirst();
    }
  }

  private static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  @Test
  @DisplayName("in auto mode a roll under the probability enters attack mode and opens an auto window")
  void lowRollEnters() {
    AttackSchedule schedule = new AttackSchedule(0.2, new ScriptedDice(0.1));
    AttackTransition entered = schedule.tick(at(5)).orElseThrow();
    assertTrue(entered.attacking());
    assertTrue(schedule.attacking());
    assertEquals(at(5), entered.at());
    assertEquals(AttackWindow.Trigger.AUTO, entered.window().trigger());
    assertEquals(at(5), entered.window().startedAt());
    assertTrue(entered.window().isOpen());
  }

  @Test
  @DisplayName("a later roll at or above the probability leaves attack mode and closes the same window")
  void highRollLeaves() {
    AttackSchedule schedule = new AttackSchedule(0.2, new ScriptedDice(0.1, 0.2));
    AttackWindow opened = schedule.tick(at(5)).orElseThrow().window();
    AttackTransition left = schedule.tick(at(10)).orElseThrow();
    assertFalse(left.attacking());
    assertFalse(schedule.attacking());
    assertEquals(opened.windowId(), left.window().windowId());
    assertEquals(at(5), left.window().startedAt());
    assertEquals(at(10), left.window().endedAt());
  }

  @Test
  @DisplayName("rolling under the probability again while attacking keeps the one open window")
  void stayingKeepsOneWindow() {
    AttackSchedule schedule = new AttackSchedule(0.2, new ScriptedDice(0.1, 0.05, 0.19, 0.7, 0.9));
    assertTrue(schedule.tick(at(5)).isPresent());
    assertEquals(Optional.empty(), schedule.tick(at(10)));
    assertEquals(Optional.empty(), schedule.tick(at(15)));
    assertTrue(schedule.attacking());
    AttackTransition left = schedule.tick(at(20)).orElseThrow();
    assertEquals(at(5), left.window().startedAt());
    assertEquals(Optional.empty(), schedule.tick(at(25)), "leaving twice announces nothing");
  }

  @Test
  @DisplayName("over many auto ticks the share of attacking intervals matches the probability, windows pairing up")
  void autoShareMatchesProbability() {
    AttackSchedule schedule = new AttackSchedule(0.2, new SplittableRandom(42));
    int ticks = 20_000;
    int attackingTicks = 0;
    int opened = 0;
    AttackWindow open = null;
    for (int i = 1; i <= ticks; i++) {
      Optional<AttackTransition> change = schedule.tick(at(5 * i));
      if (change.isPresent()) {
        AttackWindow window = change.get().window();
        if (change.get().attacking()) {
          assertNull(open, "a window opens only when none is open");
          open = window;
          opened++;
        } else {
          assertEquals(open.windowId(), window.windowId(), "the window that closes is the one that opened");
          open = null;
        }
      }
      attackingTicks += schedule.attacking() ? 1 : 0;
    }
    assertEquals(0.2, attackingTicks / (double) ticks, 0.015);
    assertEquals(ticks * 0.2 * 0.8, opened, ticks * 0.02, "windows open at the rate of non-attack → attack rolls");
  }

  @Test
  @DisplayName("forcing on opens a forced window at once, and the dice are not rolled while forced")
  void forcedOnIgnoresDice() {
    AttackSchedule schedule = new AttackSchedule(0.2, new ScriptedDice());
    AttackTransition entered = schedule.force(AttackMode.ON, at(1)).orElseThrow();
    assertTrue(entered.attacking());
    assertEquals(AttackWindow.Trigger.FORCED, entered.window().trigger());
    assertEquals(Optional.empty(), schedule.tick(at(5)));
    assertEquals(Optional.empty(), schedule.tick(at(10)));
    assertTrue(schedule.attacking());
    assertEquals(AttackMode.ON, schedule.mode());
  }

  @Test
  @DisplayName("forcing off closes the open window, and the dice cannot open one while forced off")
  void forcedOffClosesAndHolds() {
    AttackSchedule schedule = new AttackSchedule(1.0, new ScriptedDice(0.0));
    AttackWindow opened = schedule.tick(at(5)).orElseThrow().window();
    AttackTransition left = schedule.force(AttackMode.OFF, at(7)).orElseThrow();
    assertFalse(left.attacking());
    assertEquals(opened.windowId(), left.window().windowId());
    assertEquals(at(7), left.window().endedAt());
    assertEquals(Optional.empty(), schedule.tick(at(10)), "probability 1 would enter, but the mode is off");
    assertFalse(schedule.attacking());
  }

  @Test
  @DisplayName("back to auto keeps the current state until the next roll decides")
  void backToAutoHandsOverToDice() {
    AttackSchedule schedule = new AttackSchedule(0.2, new ScriptedDice(0.9));
    AttackWindow forced = schedule.force(AttackMode.ON, at(1)).orElseThrow().window();
    assertEquals(Optional.empty(), schedule.force(AttackMode.AUTO, at(2)));
    assertTrue(schedule.attacking());
    assertEquals(AttackMode.AUTO, schedule.mode());
    AttackTransition left = schedule.tick(at(5)).orElseThrow();
    assertEquals(forced.windowId(), left.window().windowId());
    assertEquals(AttackWindow.Trigger.FORCED, left.window().trigger());
  }

  @Test
  @DisplayName("forcing on while already attacking keeps the open window and announces nothing")
  void forcingOnTwiceIsQuiet() {
    AttackSchedule schedule = new AttackSchedule(0.2, new ScriptedDice(0.1));
    AttackWindow auto = schedule.tick(at(5)).orElseThrow().window();
    assertEquals(Optional.empty(), schedule.force(AttackMode.ON, at(6)));
    AttackTransition left = schedule.force(AttackMode.OFF, at(7)).orElseThrow();
    assertEquals(auto.windowId(), left.window().windowId());
    assertEquals(AttackWindow.Trigger.AUTO, left.window().trigger());
  }

  @Test
  @DisplayName("ending closes an open window once, and is silent when none is open")
  void endClosesOpenWindowOnce() {
    AttackSchedule schedule = new AttackSchedule(0.2, new ScriptedDice());
    assertEquals(Optional.empty(), schedule.end(at(1)));
    schedule.force(AttackMode.ON, at(2));
    AttackTransition ended = schedule.end(at(3)).orElseThrow();
    assertFalse(ended.attacking());
    assertEquals(at(3), ended.window().endedAt());
    assertEquals(Optional.empty(), schedule.end(at(4)));
  }

  @Test
  @DisplayName("window records carry id, start, end (null while open) and trigger in the wire format")
  void windowRecordShape() {
    AttackSchedule schedule = new AttackSchedule(0.2, new SplittableRandom(1));
    AttackTransition started = schedule.force(AttackMode.ON, T0).orElseThrow();
    AttackTransition ended = schedule.force(AttackMode.OFF, T0.plusMillis(90_250)).orElseThrow();

    JsonObject open = started.window().toJson();
    assertTrue(open.getString("windowId").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertEquals("2026-03-01T12:00:00.000Z", open.getString("startedAt"));
    assertTrue(open.containsKey("endedAt"));
    assertNull(open.getValue("endedAt"));
    assertEquals("forced", open.getString("trigger"));
    assertEquals(open.getString("windowId"), started.window().key());

    JsonObject closed = ended.window().toJson();
    assertEquals(open.getString("windowId"), closed.getString("windowId"));
    assertEquals("2026-03-01T12:01:30.250Z", closed.getString("endedAt"));
    assertFalse(ended.attacking());
    assertEquals(java.time.Instant.parse("2026-03-01T12:01:30.250Z"), ended.at());
  }

  @Test
  @DisplayName("start and end records of auto and forced windows are valid against attack_window.schema.json")
  void windowRecordsMatchTheirSchema() {
    EventSchemas schemas = EventSchemas.load();
    AttackSchedule schedule = new AttackSchedule(0.5, new SplittableRandom(8));
    List<AttackWindow> records = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      schedule.tick(at(i)).ifPresent(change -> records.add(change.window()));
    }
    schedule.force(AttackMode.OFF, at(49)).ifPresent(change -> records.add(change.window()));
    schedule.force(AttackMode.ON, at(50)).ifPresent(change -> records.add(change.window()));
    schedule.end(at(51)).ifPresent(change -> records.add(change.window()));
    assertTrue(records.stream().anyMatch(window -> window.trigger() == AttackWindow.Trigger.AUTO));
    assertTrue(records.stream().anyMatch(window -> window.trigger() == AttackWindow.Trigger.FORCED));
    assertTrue(records.stream().anyMatch(AttackWindow::isOpen));
    assertTrue(records.stream().anyMatch(window -> !window.isOpen()));
    for (AttackWindow window : records) {
      JsonObject json = new JsonObject(window.toJson().encode());
      assertTrue(schemas.validAttackWindow(json), () -> json.encode());
    }
  }

  @Test
  @DisplayName("successive windows get distinct ids")
  void windowIdsDiffer() {
    AttackSchedule schedule = new AttackSchedule(0.2, new SplittableRandom(3));
    AttackWindow first = schedule.force(AttackMode.ON, at(1)).orElseThrow().window();
    schedule.force(AttackMode.OFF, at(2));
    AttackWindow second = schedule.force(AttackMode.ON, at(3)).orElseThrow().window();
    assertNotEquals(first.windowId(), second.windowId());
  }

  @Test
  @DisplayName("a mode request accepts on, off and auto only, and anything else names the allowed values")
  void modeRequests() {
    assertEquals(Optional.of(AttackMode.ON), AttackMode.fromRequest(new JsonObject().put("mode", "on")));
    assertEquals(Optional.of(AttackMode.OFF), AttackMode.fromRequest(new JsonObject().put("mode", "off")));
    assertEquals(Optional.of(AttackMode.AUTO), AttackMode.fromRequest(new JsonObject().put("mode", "auto")));
    assertEquals(Optional.empty(), AttackMode.fromRequest(new JsonObject().put("mode", "ON")));
    assertEquals(Optional.empty(), AttackMode.fromRequest(new JsonObject().put("mode", "sometimes")));
    assertEquals(Optional.empty(), AttackMode.fromRequest(new JsonObject().put("mode", 1)));
    assertEquals(Optional.empty(), AttackMode.fromRequest(new JsonObject()));
    assertEquals(Optional.empty(), AttackMode.fromRequest("on"));
    assertEquals(Optional.empty(), AttackMode.fromRequest(null));
    assertEquals("on, off, auto", AttackMode.allowedValues());
  }
}
