package io.tspipe.worker;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The deduplication window: event ids seen recently, with where each was first read. An id is forgotten once it is
 * older than the window or when the window holds more than {@code maxIds}; a duplicate arriving later than that is
 * not recognised. Producers that key by user (as the generator does) put a re-sent event on the same partition,
 * within seconds, well inside the window. Not thread-safe: owned by the worker's context.
 */
public final class RecentIds {

  private record Sighting(RecordPosition position, long seenAtMillis) {
  }

  private final LinkedHashMap<UUID, Sighting> sightings = new LinkedHashMap<>();
  private final long windowMillis;
  private final int maxIds;

  public RecentIds(long windowMillis, int maxIds) {
    this.windowMillis = windowMillis;
    this.maxIds = maxIds;
  }

  /** Where {@code id} was first read, if it is still inside the window. */
  public Optional<RecordPosition> firstSeenAt(UUID id) {
    Sighting sighting = sightings.get(id);
    return sighting == null ? Optional.empty() : Optional.of(sighting.position());
  }

  /** Records the first sighting of {@code id}; a later call for the same id keeps the first. */
  public void remember(UUID id, RecordPosition position, long nowMillis) {
    sightings.putIfAbsent(id, new Sighting(position, nowMillis));
    if (sightings.size() > maxIds) {
      Iterator<UUID> oldest = sightings.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Forgets ids seen before the window. Cheap: stops at the first id still inside it. */
  public void expire(long nowMillis) {
    Iterator<Map.Entry<UUID, Sighting>> entries = sightings.entrySet().iterator();
    while (entries.hasNext() && entries.next().getValue().seenAtMillis() < nowMillis - windowMillis) {
      entries.remove();
    }
  }

  public int size() {
    return sightings.size();
  }
}
