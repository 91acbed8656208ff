package io.tspipe.event;

import io.tspipe.kafka.RecordPosition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
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

  @Test
  @DisplayName("over 300,000 random sightings, expiries and evictions it answers as a plain ordered map would")
  void agreesWithAPlainOrderedMap() {
    SplittableRandom random = new SplittableRandom(7);
    for (int maxIds : new int[] {1, 3, 1000, 5000}) {
      RecentIds ids = new RecentIds(2_000, maxIds);
      Reference reference = new Reference(2_000, maxIds);
      UUID[] seen = new UUID[4096];
      long now = 0;
      for (int step = 0; step < 75_000; step++) {
        now += random.nextInt(3);
        // a quarter of the ids repeat one seen before, and some share their high half, so probes collide
        UUID id = random.nextInt(4) == 0 && seen[step % seen.length] != null ? seen[random.nextInt(seen.length)]
          : random.nextInt(8) == 0 ? new UUID(42, random.nextLong()) : new UUID(random.nextLong(), random.nextLong());
        if (id == null) {
          id = UUID.randomUUID();
        }
        seen[step % seen.length] = id;
        RecordPosition position = new RecordPosition("topic-" + random.nextInt(3), random.nextInt(6), step);
        assertEquals(reference.firstSeenAt(id), ids.firstSeenAt(id), "before sighting " + step);
        ids.remember(id, position, now);
        reference.remember(id, position, now);
        if (random.nextInt(500) == 0) {
          ids.expire(now);
          reference.expire(now);
        }
        assertEquals(reference.size(), ids.size(), "after sighting " + step);
      }
      for (UUID id : seen) {
        if (id != null) {
          assertEquals(reference.firstSeenAt(id), ids.firstSeenAt(id));
        }
      }
    }
  }

  /** The obvious implementation, slow and heavy: what {@link RecentIds} must answer like. */
  private static final class Reference {

    private record Sighting(RecordPosition position, long seenAt) {
    }

    private final LinkedHashMap<UUID, Sighting> sightings = new LinkedHashMap<>();
    private final long windowMillis;
    private final int maxIds;

    Reference(long windowMillis, int maxIds) {
      this.windowMillis = windowMillis;
      this.maxIds = maxIds;
    }

    Optional<RecordPosition> firstSeenAt(UUID id) {
      return Optional.ofNullable(sightings.get(id)).map(Sighting::position);
    }

    void remember(UUID id, RecordPosition position, long now) {
      if (sightings.containsKey(id)) {
        return;
      }
      if (sightings.size() == maxIds) {
        Iterator<UUID> oldest = sightings.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      sightings.put(id, new Sighting(position, now));
    }

    void expire(long now) {
      Iterator<Map.Entry<UUID, Sighting>> entries = sightings.entrySet().iterator();
      while (entries.hasNext() && entries.next().getValue().seenAt() < now - windowMillis) {
        entries.remove();
      }
    }

    int size() {
      return sightings.size();
    }
  }
}
