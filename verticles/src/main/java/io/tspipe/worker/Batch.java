package io.tspipe.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One batch of classified records, sorted by destination table, its new events as the writer staged them. Its {@link #id()} makes the ClickHouse
 * deduplication tokens: a retried batch carries the same ones.
 */
public final class Batch {

  private final String id = UUID.randomUUID().toString();
  private final List<Classified.StagedEvent> events = new ArrayList<>();
  private final List<Classified.Duplicate> duplicates = new ArrayList<>();
  private final List<Classified.Reject> rejects = new ArrayList<>();
  private final List<Classified.AttackWindow> windows = new ArrayList<>();
  private final List<Classified.AttackEntity> entities = new ArrayList<>();
  private final int records;
  private int alreadyStored;

  public Batch(List<Classified> classified) {
    records = classified.size();
    for (Classified record : classified) {
      if (record instanceof Classified.StagedEvent event) {
        events.add(event);
      } else if (record instanceof Classified.Duplicate duplicate) {
        duplicates.add(duplicate);
      } else if (record instanceof Classified.Reject reject) {
        rejects.add(reject);
      } else if (record instanceof Classified.AttackWindow window) {
        windows.add(window);
      } else if (record instanceof Classified.AttackEntity entity) {
        entities.add(entity);
      } else if (record instanceof Classified.NewEvent) {
        throw new IllegalArgumentException("a new event reaches a batch staged (BatchWriter.stage), its row encoded");
      } else {
        alreadyStored++;
      }
    }
  }

  public String id() {
    return id;
  }

  public int records() {
    return records;
  }

  public List<Classified.StagedEvent> events() {
    return events;
  }

  public List<Classified.Duplicate> duplicates() {
    return duplicates;
  }

  public List<Classified.Reject> rejects() {
    return rejects;
  }

  public List<Classified.AttackWindow> windows() {
    return windows;
  }

  public List<Classified.AttackEntity> entities() {
    return entities;
  }

  public int alreadyStored() {
    return alreadyStored;
  }
}
