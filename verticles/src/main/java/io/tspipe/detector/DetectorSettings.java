package io.tspipe.detector;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code detector} slice of the configuration.
 *
 * @param rulesDir        {@code rulesDir}: the folder of rule files, reloaded while running
 * @param tick            {@code tickMs}: how far apart evaluation ticks are, in event time
 * @param lateness        {@code latenessMs}: how long after the newest stored event a tick is evaluated, so events
 *                        stored a little out of order are in
 * @param reloadInterval  {@code reloadIntervalSeconds}: how often the rule files are read again
 * @param updateInterval  {@code updateIntervalSeconds}: how often an open detection's state is recorded while it holds
 * @param maxCatchUpTicks {@code maxCatchUpTicks}: ticks evaluated per rule in one go when behind; older ones are skipped
 * @param concurrency     {@code concurrency}: rules evaluated at once; each rule goes at its own pace, so a slow rule
 *                        delays no other while fewer than this many are slow
 * @param ticksPerTurn    {@code ticksPerTurn}: ticks a rule evaluates in one turn; a rule further behind evaluates
 *                        that many spread over its backlog (see {@link TickPlan})
 * @param queryPriority   {@code queryPriority}: the OS priority (nice, 0 to 19) ClickHouse runs the rules' queries at,
 *                        ClickHouse's {@code os_thread_priority}; above 0, the threads storing and serving events go
 *                        first when the server's cores are all busy, and the detector takes what they leave, falling
 *                        behind (and catching up) rather than slowing ingest; 0 runs them as every other query
 * @param queryThreads    {@code queryThreads}: threads one rule's query may use, ClickHouse's {@code max_threads};
 *                        with {@code concurrency} it bounds the server's cores the detector can hold; 0 is the
 *                        server's own default
 */
public record DetectorSettings(Path rulesDir, Duration tick, Duration lateness, Duration reloadInterval,
                               Duration updateInterval, int maxCatchUpTicks, int concurrency, int ticksPerTurn,
                               int queryPriority, int queryThreads) {

  public DetectorSettings {
    if (tick.toMillis() < 100 || lateness.isNegative() || reloadInterval.isZero() || updateInterval.isNegative()
      || maxCatchUpTicks < 1 || concurrency < 1 || ticksPerTurn < 1) {
      throw new IllegalArgumentException("detector: tickMs at least 100, latenessMs and updateIntervalSeconds at least "
        + "0, reloadIntervalSeconds, maxCatchUpTicks, concurrency and ticksPerTurn at least 1");
    }
    if (queryPriority < 0 || queryPriority > 19 || queryThreads < 0) {
      throw new IllegalArgumentException("detector: queryPriority from 0 to 19 (" + queryPriority
        + "), queryThreads at least 0 (" + queryThreads + ")");
    }
  }

  /** The ClickHouse settings every query of the rules carries. */
  public Map<String, String> querySettings() {
    Map<String, String> query = new LinkedHashMap<>();
    if (queryPriority > 0) {
      query.put("os_thread_priority", Integer.toString(queryPriority));
    }
    if (queryThreads > 0) {
      query.put("max_threads", Integer.toString(queryThreads));
    }
    return query;
  }

  public static DetectorSettings from(JsonObject detector) {
    return new DetectorSettings(
      Path.of(detector.getString("rulesDir", "rules")),
      Duration.ofMillis(detector.getNumber("tickMs", 1000).longValue()),
      Duration.ofMillis(detector.getNumber("latenessMs", 2000).longValue()),
      Duration.ofSeconds(detector.getNumber("reloadIntervalSeconds", 5).longValue()),
      Duration.ofSeconds(detector.getNumber("updateIntervalSeconds", 10).longValue()),
      detector.getInteger("maxCatchUpTicks", 600),
      detector.getInteger("concurrency", 3),
      detector.getInteger("ticksPerTurn", 5),
      detector.getInteger("queryPriority", 10),
      detector.getInteger("queryThreads", 1));
  }
}
