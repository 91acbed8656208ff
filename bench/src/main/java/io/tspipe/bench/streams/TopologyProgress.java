package io.tspipe.bench.streams;

import java.util.concurrent.atomic.LongAdder;

/**
 * How far the topology has got, counted inside it: the input records it has read (logins or not) and the logins it has
 * read back from its repartition topic. Against the topics' end offsets they tell its lag exactly, whatever its commit
 * interval.
 */
public record TopologyProgress(LongAdder read, LongAdder rekeyed) {

  public TopologyProgress() {
    this(new LongAdder(), new LongAdder());
  }

  /** The two counts at one moment. */
  public record Counts(long read, long rekeyed) {
  }
}
