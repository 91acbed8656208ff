package io.tspipe.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentIdsTest {

  private static final RecordPosition FIRST = new RecordPosition("t", 0, 1);
  private static final RecordPosition SECOND = new RecordPosition("t", 0, 2);

  @Test
  @DisplayName("the first sighting is kept when an id is remembered twice")
  void keepsFirstSighting() {
    RecentIds ids = new RecentIds(1000, 10);
    UUID id = UUID.randomUUID();
    ids.remember(id, FIRST, 0);
    ids.remember(id, SECOND, 1);
    assertEquals(FIRST, ids.firstSeenAt(id).orElseThrow());
  }

  @Test
  @DisplayName("ids older than the window are forgotten, younger ones kept")
  void expiresByAge() {
    RecentIds ids = new RecentIds(1000, 10);
    UUID old = UUID.randomUUID();
    UUID young = UUID.randomUUID();
    ids.remember(old, FIRST, 0);
    ids.remember(young, SECOND, 900);
    ids.expire(1500);
    assertFalse(ids.firstSeenAt(old).isPresent());
    assertTrue(ids.firstSeenAt(young).isPresent());
  }

  @Test
  @DisplayName("beyond maxIds the oldest id is forgotten first")
  void boundedBySize() {
    RecentIds ids = new RecentIds(60_000, 2);
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();
    ids.remember(a, FIRST, 0);
    ids.remember(b, FIRST, 0);
    ids.remember(c, FIRST, 0);
    assertEquals(2, ids.size());
    assertFalse(ids.firstSeenAt(a).isPresent());
    assertTrue(ids.firstSeenAt(c).isPresent());
  }
}
