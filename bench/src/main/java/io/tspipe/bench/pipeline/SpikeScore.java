package io.tspipe.bench.pipeline;

import io.tspipe.bench.LatencyStats;
import io.tspipe.bench.streams.SpikeDetection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Streams spike's figures from what its runs wrote. Pure: detections and the generator's truth in, report JSON
 * out.
 */
final class SpikeScore {

  /** How many detections a figure names as examples. */
  static final int SAMPLE = 10;

  private SpikeScore() {
  }

  /** An attacking address of a scenario run, and the timestamp of its first event in the run. */
  record Attacker(String ip, String scenario, long firstSeenMs) {
  }

  /** A detection as read back from the output topic, with the time the broker appended it: when it was readable. */
  record Emitted(SpikeDetection detection, long appendedAtMs) {
  }

  /**
   * Per scenario, the attackers detected and, for each, the time from its first event to its first detection
   * readable on the output topic, split into the evidence (its first event to the login that completed it, event
   * time) and the processing (that login's timestamp to the detection appended); then how many other addresses were
   * detected (calm traffic). Only detections appended at or after an attacker's first event count for it.
   */
  static JsonObject timeToDetect(List<Attacker> attackers, List<Emitted> detections) {
    Map<String, List<Emitted>> byIp = detections.stream()
      .collect(Collectors.groupingBy(emitted -> emitted.detection().ip()));
    Map<String, List<Attacker>> byScenario = new TreeMap<>(attackers.stream()
      .collect(Collectors.groupingBy(Attacker::scenario)));
    JsonObject scenarios = new JsonObject();
    byScenario.forEach((scenario, members) -> {
      List<long[]> found = members.stream().map(attacker -> first(attacker, byIp)).flatMap(Optional::stream).toList();
      scenarios.put(scenario, new JsonObject().put("attackers", members.size()).put("detected", found.size())
        .put("timeToDetect", FreshnessPhase.latency(stats(found, 0)))
        .put("evidence", FreshnessPhase.latency(stats(found, 1)))
        .put("processing", FreshnessPhase.latency(stats(found, 2))));
    });
    Set<String> attacking = attackers.stream().map(Attacker::ip).collect(Collectors.toSet());
    List<SpikeDetection> others = byIp.entrySet().stream().filter(entry -> !attacking.contains(entry.getKey()))
      .map(entry -> entry.getValue().stream().min(Comparator.comparingLong(Emitted::appendedAtMs)).orElseThrow())
      .map(Emitted::detection).sorted(Comparator.comparing(SpikeDetection::ip)).toList();
    return new JsonObject().put("scenarios", scenarios).put("otherAddressesDetected", others.size())
      .put("otherAddressesSample", sample(others));
  }

  /** {total, evidence, processing} in milliseconds for the attacker's first detection, if any. */
  private static Optional<long[]> first(Attacker attacker, Map<String, List<Emitted>> byIp) {
    return byIp.getOrDefault(attacker.ip(), List.of()).stream()
      .filter(emitted -> emitted.appendedAtMs() >= attacker.firstSeenMs())
      .min(Comparator.comparingLong(Emitted::appendedAtMs))
      .map(emitted -> new long[] {emitted.appendedAtMs() - attacker.firstSeenMs(),
        emitted.detection().triggerEventMs() - attacker.firstSeenMs(),
        emitted.appendedAtMs() - emitted.detection().triggerEventMs()});
  }

  private static LatencyStats stats(List<long[]> found, int part) {
    return LatencyStats.ofNanos(found.stream().mapToLong(times -> Math.max(0, times[part]) * 1_000_000L).toArray());
  }

  /**
   * A run against its replay by the (address, window) detections each emitted: how many each has, how many both,
   * and whether the sets are the same.
   */
  static JsonObject replay(Collection<SpikeDetection> run, Collection<SpikeDetection> replay) {
    Set<String> ran = keys(run);
    Set<String> replayed = keys(replay);
    List<SpikeDetection> onlyRun = run.stream().filter(detection -> !replayed.contains(detection.windowKey()))
      .sorted(BY_WINDOW).toList();
    List<SpikeDetection> onlyReplay = replay.stream().filter(detection -> !ran.contains(detection.windowKey()))
      .sorted(BY_WINDOW).toList();
    Set<String> addresses = new TreeSet<>();
    onlyRun.forEach(detection -> addresses.add(detection.ip()));
    onlyReplay.forEach(detection -> addresses.add(detection.ip()));
    return new JsonObject().put("run", ran.size()).put("replay", replayed.size())
      .put("both", ran.size() - keys(onlyRun).size()).put("onlyRun", keys(onlyRun).size())
      .put("onlyReplay", keys(onlyReplay).size()).put("addressesDiffering", addresses.size())
      .put("same", ran.equals(replayed)).put("windowEndsMs", ends(run, replay))
      .put("differingWindowEndsMs", ends(onlyRun, onlyReplay))
      .put("onlyRunSample", sample(onlyRun)).put("onlyReplaySample", sample(onlyReplay));
  }

  /** {@code [first, last]} window end of the detections, or empty without any. */
  private static JsonArray ends(Collection<SpikeDetection> some, Collection<SpikeDetection> others) {
    LongSummaryStatistics ends = Stream.concat(some.stream(), others.stream())
      .mapToLong(SpikeDetection::windowEndMs).summaryStatistics();
    return ends.getCount() == 0 ? new JsonArray() : new JsonArray().add(ends.getMin()).add(ends.getMax());
  }

  private static final Comparator<SpikeDetection> BY_WINDOW =
    Comparator.comparing(SpikeDetection::ip).thenComparingLong(SpikeDetection::windowStartMs);

  /** The first {@value #SAMPLE} detections, as JSON. */
  private static JsonArray sample(List<SpikeDetection> detections) {
    JsonArray sample = new JsonArray();
    detections.stream().limit(SAMPLE).forEach(detection -> sample.add(detection.toJson()));
    return sample;
  }

  private static Set<String> keys(Collection<SpikeDetection> detections) {
    return detections.stream().map(SpikeDetection::windowKey).collect(Collectors.toSet());
  }
}
