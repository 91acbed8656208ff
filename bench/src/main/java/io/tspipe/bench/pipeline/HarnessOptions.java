package io.tspipe.bench.pipeline;

import io.tspipe.bench.LongOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@link PipelineBench}: what to run, how long, how hard.
 *
 * @param seconds          measured seconds of the ingest, the indexing and the peers phases
 * @param warmup           seconds of load before each measurement, not measured
 * @param firehoseRate     the generator's target rate as a firehose, events/s (far above what the box stores)
 * @param freshnessRates   offered rates of the freshness phases, events/s; 0 stands for "max"
 * @param freshnessSeconds measured seconds of each freshness phase
 * @param dashboardEvents  events stored before the dashboard is measured: the ingest phase's are topped up to it
 * @param dashboardRate    events/s ingested while the dashboard is measured
 * @param dashboardSeconds measured seconds of the dashboard phase, for each of its two mixes
 * @param dashboardConcurrency requests the dashboard phase keeps in flight
 * @param sseSubscribers   SSE subscribers held in the fan-out phase
 * @param sseSeconds       seconds the subscribers are held
 * @param limitRows        rows inserted to measure ClickHouse's own bulk rate
 * @param limitDocuments   documents indexed to measure Meilisearch's own bulk rate
 * @param detectionRate    events/s ingested while the detector and the verdict API are measured, and generated in the
 *                         streams-spike and the peers phases
 * @param detectionSeconds measured seconds of each of the detection phase's two sub-runs, without and with the detector,
 *                         and of the streams-spike phase's two, without and with the Streams app
 * @param verdictRequests  verdict requests sent one at a time in the detection phase
 * @param sweep            the detection phase's scenario sweep
 * @param spikeThreads     stream threads of the streams-spike phase's app
 * @param spikeGrace       seconds a login may come late (by event time) and still count, in the streams-spike app
 * @param backtestEvents   events stored for the backtest phase, then replayed by the rules
 * @param backtestRate     the events/s of simulated time the backtest phase's events are stamped at
 * @param phases           which phases run, in their fixed order
 * @param json             where the figures are written as JSON
 * @param dataDir          where the engines keep their data and the roles their logs; emptied first
 * @param basePort         the first of the ports the run uses (engines, then roles' metrics and web)
 */
record HarnessOptions(int seconds, int warmup, int firehoseRate, List<Integer> freshnessRates, int freshnessSeconds,
                      long dashboardEvents, int dashboardRate, int dashboardSeconds, int dashboardConcurrency,
                      int sseSubscribers,
                      int sseSeconds, long limitRows, long limitDocuments, int detectionRate, int detectionSeconds,
                      int verdictRequests, Sweep sweep, int spikeThreads, int spikeGrace, long backtestEvents,
                      int backtestRate, Set<Phase> phases,
                      Path json, Path dataDir, int basePort) {

  /**
   * The detection phase's scenario sweep, after its cost measurement: every scenario at each intensity beside calm
   * traffic, scored against the generator's truth.
   *
   * @param intensities    each scenario's share of all events, one sweep step each; empty for no sweep
   * @param rate           events/s the generator offers throughout the sweep, calm and attacks together
   * @param users          the people of the sweep's generator: by default {@value #PEOPLE_PER_EVENT_PER_SECOND} per
   *                       event/s of {@code rate}, so each does about as much as in the detection test's traffic
   * @param seconds        each scenario run's duration
   * @param settleSeconds  after a step's last run has ended, before its period is scored: at least the scorer's grace,
   *                       so no step's windows reach into the next
   * @param calmSeconds    calm traffic at {@code rate} before the first step, scored for its false detections; it
   *                       follows a warm-up of {@code --warmup} s and until the detector has caught up, not scored
   */
  record Sweep(List<Double> intensities, int rate, int users, int seconds, int settleSeconds, int calmSeconds) {
  }

  /** People of the sweep's generator per event/s it offers, as in the detection test (3,000 at 500 events/s). */
  static final int PEOPLE_PER_EVENT_PER_SECOND = 6;

  /** The scorer's grace after each attack window, in seconds: a sweep step settles at least this long. */
  static final int SCORE_GRACE_SECONDS = 60;

  /**
   * The phases, in the order they run; every one but {@code detection}, {@code streams-spike}, {@code backtest} and
   * {@code peers} by default.
   */
  enum Phase {
    INGEST, INDEX, LIMITS, FRESHNESS, DASHBOARD, SSE, DETECTION, STREAMS_SPIKE, BACKTEST, PEERS;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static final String USAGE = """
    usage: tools/bench [--seconds 30] [--warmup 15] [--firehose-rate 200000] [--freshness-rates 1000,10000,max]
                       [--freshness-seconds 20] [--dashboard-events 0] [--dashboard-rate 10000]
                       [--dashboard-seconds 30] [--dashboard-concurrency 1] [--sse-subscribers 2000]
                       [--sse-seconds 30] [--limit-rows 1000000]
                       [--limit-documents 200000] [--detection-rate 10000] [--detection-seconds 30]
                       [--verdict-requests 2000] [--detection-intensities 0.01,0.05,0.2] [--sweep-rate 2000]
                       [--sweep-users 6 per event/s] [--sweep-seconds 60] [--sweep-settle 70] [--sweep-calm 60]
                       [--spike-threads 1] [--spike-grace 30] [--backtest-events 10000000] [--backtest-rate 10000]
                       [--phases ingest,index,limits,freshness,dashboard,sse]
                       [--json bench/target/bench.json] [--data-dir bench/target/bench-data] [--base-port 39100]

    Runs the real pipeline on the local engines (tools/up with TSPIPE_ROLES=none; each role its own process) and
    prints a table, and writes a JSON file, of:
      ingest     events/s stored in ClickHouse with the generator as a firehose (generator + worker), and the
                 worker's CPU seconds per million events and heap high-water mark;
      index      documents/s indexed by the indexer draining what the firehose produced;
      limits     ClickHouse's own bulk insert rate for the same rows (RowBinary batches straight in, no Kafka, no
                 worker) and Meilisearch's own bulk indexing rate for the same documents; ours as a ratio to them;
      freshness  at each offered rate, produced -> visible to a ClickHouse query and -> found by search, p50/p95/p99,
                 from probe events sent beside the generator's (max, by default when ingest runs: 90% of what the
                 worker stored with the generator beside it in the ingest phase);
      dashboard  the dashboard APIs' latency over the stored events while ingesting at --dashboard-rate (0: ingest
                 paused, where the all-kinds p99 target of 50 ms over 10M events applies), then the
                 pages' (user and IP pages, an event, a verdict, detections, score, suspicious users, labels), with
                 --dashboard-concurrency requests in flight; with --dashboard-events the store is first filled to
                 that many events by the firehose;
      sse        --sse-subscribers subscribers of the live metrics feed held, and the tick delay p50/p99;
      detection  not run by default: while ingesting at --detection-rate, ClickHouse's CPU without and then with
                 the detector (rules/), the detector's CPU, its evaluation time per rule and how far each rule's
                 progress trails the newest stored event; then the verdict API's latency p50/p95/p99 over
                 --verdict-requests requests, one at a time, on IPs and users of stored events. Then, unless
                 --detection-intensities is none, the scenario sweep: the generator at --sweep-rate with
                 --sweep-users people; after --warmup s and the detector caught up, --sweep-calm s of calm
                 traffic; then for each intensity every scenario for --sweep-seconds at that share of the events
                 (together while their shares add up to at most half), --sweep-settle s (at least 60, the scorer's
                 grace) to settle, and the step scored against the generator's truth: recall, precision and time
                 to detect per rule and scenario, and of any live rule; false detections per calm hour; the
                 detector's CPU and query load meanwhile.
      streams-spike
                 not run by default: the rule ip_login_failures as a Kafka Streams application (--spike-threads
                 stream threads, logins counted up to --spike-grace s late) over the generator's account activity
                 at --detection-rate, no worker: the broker's CPU without it, then the app's CPU, records and lag
                 over --detection-seconds while brute-force and credential-stuffing runs start, time to detect
                 their addresses against the generator's truth, and a replay under a new application id over the
                 same records, compared window by window with the run.
      backtest   not run by default: --backtest-events events written on simulated time at --backtest-rate
                 events/s (with the generator's auto attacks) and stored by the worker, then the rules of rules/
                 replayed over them by `java -jar tspipe.jar backtest`: its wall time, events/s and rule
                 evaluations/s replayed, and ClickHouse's CPU meanwhile.
      peers      not run by default: ClickHouse's own Kafka table engine (JSONAsString into the same events table
                 and rollups, in a scratch database) consuming the same topics as the worker, side by side, with
                 the generator at --detection-rate: events/s each stored and produced -> queryable p50/p95/p99, the
                 newest event a query sees sampled every 250 ms, over --seconds after --warmup.
    The default phases finish within 10 minutes on 2 cores; detection takes about 14 more (3 without the sweep),
    streams-spike about 5.
    The data directory is emptied at the start.
    Exit status: 0 measured, 1 a phase failed, 2 bad arguments.
    """;

  static final int MAX_RATE = 0;

  private static final Set<String> NAMES = Set.of("--seconds", "--warmup", "--firehose-rate", "--freshness-rates",
    "--freshness-seconds", "--dashboard-events", "--dashboard-rate", "--dashboard-seconds", "--dashboard-concurrency",
    "--sse-subscribers",
    "--sse-seconds", "--limit-rows", "--limit-documents", "--detection-rate", "--detection-seconds",
    "--verdict-requests", "--detection-intensities", "--sweep-rate", "--sweep-users", "--sweep-seconds",
    "--sweep-settle",
    "--sweep-calm", "--spike-threads", "--spike-grace", "--backtest-events", "--backtest-rate", "--phases", "--json",
    "--data-dir", "--base-port");

  /** The options of {@code args}, or empty for {@code --help}; refuses bad arguments naming them. */
  static Optional<HarnessOptions> parse(List<String> args) {
    Optional<Map<String, String>> read = LongOptions.read(args, NAMES);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> values = read.get();
    Set<Phase> phases = phases(values.getOrDefault("--phases", "ingest,index,limits,freshness,dashboard,sse"));
    List<Integer> freshnessRates = freshnessRates(values.get("--freshness-rates"), phases.contains(Phase.INGEST));
    return Optional.of(new HarnessOptions(
      positive(values, "--seconds", 30), atLeast(values, "--warmup", 15, 0), positive(values, "--firehose-rate", 200_000),
      freshnessRates, positive(values, "--freshness-seconds", 20),
      atLeastLong(values, "--dashboard-events", 0, 0), atLeast(values, "--dashboard-rate", 10_000, 0),
      positive(values, "--dashboard-seconds", 30), positive(values, "--dashboard-concurrency", 1),
      positive(values, "--sse-subscribers", 2_000),
      positive(values, "--sse-seconds", 30), atLeastLong(values, "--limit-rows", 1_000_000, 1),
      atLeastLong(values, "--limit-documents", 200_000, 1), positive(values, "--detection-rate", 10_000),
      positive(values, "--detection-seconds", 30), positive(values, "--verdict-requests", 2_000), sweep(values),
      positive(values, "--spike-threads", 1), atLeast(values, "--spike-grace", 30, 0),
      atLeastLong(values, "--backtest-events", 10_000_000, 1_000), positive(values, "--backtest-rate", 10_000), phases,
      Path.of(values.getOrDefault("--json", "bench/target/bench.json")),
      Path.of(values.getOrDefault("--data-dir", "bench/target/bench-data")),
      atLeast(values, "--base-port", 39_100, 1_024)));
  }

  private static Sweep sweep(Map<String, String> values) {
    int rate = positive(values, "--sweep-rate", 2_000);
    return new Sweep(intensities(values.getOrDefault("--detection-intensities", "0.01,0.05,0.2")), rate,
      positive(values, "--sweep-users", rate * PEOPLE_PER_EVENT_PER_SECOND),
      positive(values, "--sweep-seconds", 60),
      atLeast(values, "--sweep-settle", 70, SCORE_GRACE_SECONDS), atLeast(values, "--sweep-calm", 60, 0));
  }

  /** Shares of the events, as a scenario's {@code intensity} takes them (0.0001 to 1); {@code none} for no sweep. */
  private static List<Double> intensities(String list) {
    if (list.trim().equals("none")) {
      return List.of();
    }
    List<Double> intensities = new ArrayList<>();
    for (String item : list.split(",")) {
      double intensity;
      try {
        intensity = Double.parseDouble(item.trim());
      } catch (NumberFormatException e) {
        intensity = Double.NaN;
      }
      if (!(intensity >= 0.0001 && intensity <= 1)) {
        throw new IllegalArgumentException("--detection-intensities takes shares of the events from 0.0001 to 1, "
          + "comma-separated, or none, not '" + item.trim() + "'");
      }
      intensities.add(intensity);
    }
    return List.copyOf(intensities);
  }

  boolean runs(Phase phase) {
    return phases.contains(phase);
  }

  private static int positive(Map<String, String> values, String name, int fallback) {
    return atLeast(values, name, fallback, 1);
  }

  private static int atLeast(Map<String, String> values, String name, int fallback, int minimum) {
    return Math.toIntExact(atLeastLong(values, name, fallback, minimum));
  }

  private static long atLeastLong(Map<String, String> values, String name, long fallback, long minimum) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    long number;
    try {
      number = Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
    }
    if (number < minimum || number > Integer.MAX_VALUE * 1000L) {
      throw new IllegalArgumentException(name + " must be at least " + minimum + ", not " + value);
    }
    return number;
  }

  /**
   * The rates given, or by default 1k, 10k and, when the ingest phase runs to measure it, max. Max without the ingest
   * phase is refused here, before anything starts, rather than after the other rates have been measured.
   */
  private static List<Integer> freshnessRates(String given, boolean ingestRuns) {
    if (given == null) {
      return rates(ingestRuns ? "1000,10000,max" : "1000,10000");
    }
    List<Integer> rates = rates(given);
    if (rates.contains(MAX_RATE) && !ingestRuns) {
      throw new IllegalArgumentException("--freshness-rates max is 90% of what the ingest phase measures: add ingest "
        + "to --phases, or give the rate in events/s");
    }
    return rates;
  }

  private static List<Integer> rates(String list) {
    List<Integer> rates = new ArrayList<>();
    for (String item : list.split(",")) {
      String rate = item.trim();
      if (rate.equals("max")) {
        rates.add(MAX_RATE);
      } else {
        try {
          int value = Integer.parseInt(rate.replace("_", ""));
          if (value < 1) {
            throw new NumberFormatException();
          }
          rates.add(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--freshness-rates takes positive events/s or max, comma-separated, not '"
            + rate + "'");
        }
      }
    }
    return List.copyOf(rates);
  }

  private static Set<Phase> phases(String list) {
    Set<Phase> phases = java.util.EnumSet.noneOf(Phase.class);
    for (String item : list.split(",")) {
      try {
        phases.add(Phase.valueOf(item.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--phases takes ingest, index, limits, freshness, dashboard, sse, "
          + "detection, streams-spike, backtest and peers, not '" + item.trim() + "'");
      }
    }
    return phases;
  }
}
