package io.tspipe.worker;

import java.util.Locale;

/**
 * Counters behind the worker's periodic progress line, one per worker verticle: {@code worker #n: …}, numbered in the
 * order the process deployed them, since each instance owns its own partitions.
 */
final class WorkerProgress {

  private final int instance;

  private long events;
  private long rejects;
  private long duplicates;
  private long alreadyStored;
  private long batches;
  private long eventsAtLastLine;
  private long lastBatchRecords;
  private long lastBatchMs;

  WorkerProgress(int instance) {
    this.instance = instance;
  }

  void flushed(Batch batch, long elapsedMs) {
    events += batch.events().size();
    rejects += batch.rejects().size();
    duplicates += batch.duplicates().size();
    alreadyStored += batch.alreadyStored();
    batches++;
    lastBatchRecords = batch.records();
    lastBatchMs = elapsedMs;
  }

  String line(long intervalMs, int windowSize) {
    double rate = (events - eventsAtLastLine) * 1000.0 / intervalMs;
    eventsAtLastLine = events;
    return String.format(Locale.ROOT, "worker #%d: stored %,d events (%,.0f/s), %,d rejected, %,d duplicates, %,d already"
        + " stored; %,d batches, last %,d records in %d ms; dedup window %,d ids",
      instance, events, rate, rejects, duplicates, alreadyStored, batches, lastBatchRecords, lastBatchMs, windowSize);
  }
}
