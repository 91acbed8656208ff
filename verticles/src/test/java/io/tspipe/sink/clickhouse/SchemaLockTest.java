package io.tspipe.sink.clickhouse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SchemaLockTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration STALE_AFTER = Duration.ofMinutes(10);

  @Test
  @DisplayName("with nobody holding the lock, an applier takes it when work is left and is done otherwise")
  void freeLock() {
    assertEquals(SchemaLock.Step.TAKE, SchemaLock.next(Optional.empty(), true, NOW, STALE_AFTER));
    assertEquals(SchemaLock.Step.DONE, SchemaLock.next(Optional.empty(), false, NOW, STALE_AFTER));
  }

  @Test
  @DisplayName("a lock younger than the stale timeout is waited for, work left or not")
  void liveLock() {
    Optional<SchemaLock.Holder> held = Optional.of(new SchemaLock.Holder("other", NOW.minus(STALE_AFTER)));
    assertEquals(SchemaLock.Step.WAIT, SchemaLock.next(held, true, NOW, STALE_AFTER));
    assertEquals(SchemaLock.Step.WAIT, SchemaLock.next(held, false, NOW, STALE_AFTER));
  }

  @Test
  @DisplayName("a lock older than the stale timeout is broken")
  void staleLock() {
    Optional<SchemaLock.Holder> held =
      Optional.of(new SchemaLock.Holder("other", NOW.minus(STALE_AFTER).minusMillis(1)));
    assertEquals(SchemaLock.Step.BREAK, SchemaLock.next(held, true, NOW, STALE_AFTER));
    assertEquals(SchemaLock.Step.BREAK, SchemaLock.next(held, false, NOW, STALE_AFTER));
  }

  @Test
  @DisplayName("the lock's comment names its holder and when it took it, and reads back as the same holder")
  void commentRoundTrip() {
    SchemaLock.Holder holder = new SchemaLock.Holder("worker-1 pid 42 run 1a2b3c4d", NOW);
    assertEquals("{\"holder\":\"worker-1 pid 42 run 1a2b3c4d\",\"takenAt\":\"2026-03-01T12:00:00Z\"}", holder.comment());
    assertEquals(holder, SchemaLock.Holder.fromComment(holder.comment()));
  }

  @Test
  @DisplayName("a holder's name keeps to characters the comment holds as they are")
  void holderNameIsPlain() {
    assertEquals("it_s _quoted_ a_b", new SchemaLock.Holder("it's \"quoted\" a\\b", NOW).name());
  }

  @Test
  @DisplayName("a comment the pipeline did not write names an unknown holder of long ago, so the lock is broken")
  void unreadableComment() {
    for (String comment : new String[] {"", "not json", "{\"holder\":\"x\"}", "{\"holder\":\"x\",\"takenAt\":\"yesterday\"}"}) {
      SchemaLock.Holder holder = SchemaLock.Holder.fromComment(comment);
      assertEquals(Instant.EPOCH, holder.takenAt(), comment);
      assertEquals(SchemaLock.Step.BREAK, SchemaLock.next(Optional.of(holder), false, NOW, STALE_AFTER), comment);
    }
  }

  @Test
  @DisplayName("the lock is taken by creating its table without IF NOT EXISTS, and dropped whoever holds it")
  void statements() {
    SchemaLock.Holder holder = new SchemaLock.Holder("a", NOW);
    assertEquals("CREATE TABLE pipeline.schema_migration_lock (taken UInt8) ENGINE = Memory COMMENT '"
      + holder.comment() + "'", SchemaLock.take("pipeline", holder));
    assertEquals("DROP TABLE IF EXISTS pipeline.schema_migration_lock", SchemaLock.release("pipeline"));
  }
}
