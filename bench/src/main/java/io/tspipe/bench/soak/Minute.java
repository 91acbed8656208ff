package io.tspipe.bench.soak;

import io.tspipe.bench.LatencyStats;
import io.tspipe.bench.pipeline.FreshnessProbeLedger;

import java.util.Map;

/**
 * What one minute of a {@link Soak} measured: figures read at its end, rates and latencies over it. A figure that
 * could not be read is NaN.
 *
 * @param index                 1 for the first minute
 * @param warmup                whether it belongs to the warm-up, which is not judged
 * @param seconds               how long the minute lasted, from the previous reading to this one
 * @param stored                events in ClickHouse at its end
 * @param storedPerSecond       events stored per second over it
 * @param sentPerSecond         events the generator handed to its producer per second over it
 * @param documents             documents in the search index at its end
 * @param workerLag             records the worker's consumer group is behind at its end (committed offsets)
 * @param indexerLag            records the indexer's consumer group is behind at its end
 * @param clickHouse            freshness of the probes visible to a ClickHouse query during it, and those lost in it
 * @param search                freshness of the probes found by search during it, and those lost in it
 * @param detectorBehindSeconds how far the detector's slowest rule trails the newest stored event at its end
 * @param dashboard             the dashboard requests answered during it
 * @param roles                 each role process's figures at its end, by process name, in start order
 */
record Minute(int index, boolean warmup, double seconds, long stored, double storedPerSecond, double sentPerSecond,
              long documents, double workerLag, double indexerLag, FreshnessProbeLedger.Interval clickHouse,
              FreshnessProbeLedger.Interval search, double detectorBehindSeconds, Requests dashboard,
              Map<String, RoleFigures> roles) {

  /**
   * One role process at the end of a minute.
   *
   * @param heapLiveBytes heap in use right after a full collection: what the heap holds live
   * @param threads       live threads of the JVM ({@code jvm_threads_live_threads})
   * @param openFiles     open file descriptors ({@code /proc/<pid>/fd}): files, sockets, pipes
   * @param cpuCores      CPU seconds it used over the minute per second: cores kept busy
   */
  record RoleFigures(double heapLiveBytes, double threads, double openFiles, double cpuCores) {
  }

  /**
   * Requests sent over a minute.
   *
   * @param sent     requests answered or failed
   * @param errors   those not answered 200
   * @param answered the latency of those answered 200
   */
  record Requests(int sent, int errors, LatencyStats answered) {

    static final Requests NONE = new Requests(0, 0, LatencyStats.NONE);
  }
}
