package io.tspipe.bench.soak;

import io.tspipe.bench.LongOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@link Soak}.
 *
 * @param minutes           how long the pipeline runs once started, measured minute by minute
 * @param rate              the generator's rate, events/s
 * @param warmupMinutes     the first minutes, printed but not judged
 * @param probeRate         freshness probes sent per second
 * @param sseSubscribers    subscribers of the web role's live metrics feed held throughout; 0 for none
 * @param dashboardInterval seconds between two requests to the dashboard's read APIs; 0 for none
 * @param report            where the figures are written as JSON, again after every minute
 * @param dataDir           where the engines keep their data and the roles their logs; emptied first
 * @param basePort          the first of the ports the run uses (engines, web role, roles' metrics)
 */
record SoakOptions(int minutes, int rate, int warmupMinutes, int probeRate, int sseSubscribers, int dashboardInterval,
                   Path report, Path dataDir, int basePort) {

  /**
   * How the worker and the indexer bound the ids they remember to recognise re-sent events: their heaps grow until
   * these windows are full, which is what the default warm-up waits out.
   *
   * @param seconds how long an id is remembered
   * @param maxIds  how many ids are remembered at most
   */
  record DuplicateWindow(int seconds, long maxIds) {

    /** Minutes until the window is full at {@code rate} events/s: by count, or by age if that comes first. */
    int minutesToFill(int rate) {
      double seconds = Math.min(this.seconds, (double) maxIds / rate);
      return (int) Math.ceil(seconds / 60);
    }
  }

  static final String USAGE = """
    usage: tools/soak [--minutes 30] [--rate 5000] [--warmup-minutes <until the duplicate windows are full, +1>]
                      [--probe-rate 20] [--sse-subscribers 10] [--dashboard-interval 5]
                      [--report bench/target/soak.json] [--data-dir bench/target/soak-data] [--base-port 39300]

    Runs the whole pipeline on the local engines (tools/up with TSPIPE_ROLES=none; generator, worker, indexer,
    detector and web each a process of its own) with the generator at --rate events/s for --minutes, while
    --probe-rate freshness probes a second go beside its events, --sse-subscribers hold the live metrics feed open and
    one dashboard request goes every --dashboard-interval seconds. Every minute it prints, for each role, its heap live
    after a full collection (jcmd GC.class_histogram), live threads, open file descriptors and CPU; the worker's and
    the indexer's consumer lag; freshness p50/p99 of the probes found that minute (produced -> visible to a
    ClickHouse query, and -> found by search); how far the detector trails; events stored and the rate achieved.
    At the end it judges every series over the minutes after --warmup-minutes: flat, or growing (+x%/h): the last
    third's median above the first third's and the least-squares line rising over the minutes, each by more than
    the series' tolerance (heap 10% or 16 MiB, threads 10% or 3, open files 10% or 10, lag 50% or 5 s of events,
    freshness p99 50% or 500 ms, detector 50% or 10 s). It also checks that the pipeline kept up (no group more than
    60 s of events behind in the last minute), that no probe was lost after the warm-up, that the feed held its
    subscribers and that the dashboard was answered.
    The default warm-up lasts until the worker's and indexer's duplicate windows are full, plus a minute (5 at
    5,000 events/s), leaving at least 3 minutes judged.
    The figures, minute by minute and judged, are written to --report after every minute. The data directory is
    emptied at the start. Ctrl-C stops everything it started.
    Exit status: 0 every series flat and every check passed, 1 something grew, a check failed or the run failed,
    2 bad arguments.
    """;

  private static final Set<String> NAMES = Set.of("--minutes", "--rate", "--warmup-minutes", "--probe-rate",
    "--sse-subscribers", "--dashboard-interval", "--report", "--data-dir", "--base-port");

  private static final int MAX_MINUTES = 7 * 24 * 60;

  /**
   * The options of {@code args}, or empty for {@code --help}; refuses bad arguments naming them. {@code window} is
   * the duplicate window the default warm-up waits out.
   */
  static Optional<SoakOptions> parse(List<String> args, DuplicateWindow window) {
    Optional<Map<String, String>> read = LongOptions.read(args, NAMES);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> values = read.get();
    int minutes = number(values, "--minutes", 30, Flatness.MIN_MINUTES, MAX_MINUTES);
    int rate = number(values, "--rate", 5_000, 1, 1_000_000);
    int judgedAtLeast = Flatness.MIN_MINUTES;
    int warmup = number(values, "--warmup-minutes",
      Math.max(0, Math.min(window.minutesToFill(rate) + 1, minutes - judgedAtLeast)), 0, MAX_MINUTES);
    if (minutes - warmup < judgedAtLeast) {
      throw new IllegalArgumentException("--warmup-minutes " + warmup + " leaves " + (minutes - warmup)
        + " of --minutes " + minutes + " to judge; at least " + judgedAtLeast + " are needed");
    }
    return Optional.of(new SoakOptions(minutes, rate, warmup,
      number(values, "--probe-rate", 20, 1, 1_000),
      number(values, "--sse-subscribers", 10, 0, 10_000),
      number(values, "--dashboard-interval", 5, 0, 3_600),
      Path.of(values.getOrDefault("--report", "bench/target/soak.json")),
      Path.of(values.getOrDefault("--data-dir", "bench/target/soak-data")),
      number(values, "--base-port", 39_300, 1_024, 65_000)));
  }

  /** The warm-up in words: "no warm-up", "the first minute, a warm-up" or "the first 5 minutes, a warm-up". */
  String warmupInWords() {
    return switch (warmupMinutes) {
      case 0 -> "no warm-up";
      case 1 -> "the first minute, a warm-up";
      default -> "the first " + warmupMinutes + " minutes, a warm-up";
    };
  }

  /** The minutes after the warm-up, which are judged. */
  int judgedMinutes() {
    return minutes - warmupMinutes;
  }

  private static int number(Map<String, String> values, String name, int fallback, int min, int max) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.replace("_", ""));
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new IllegalArgumentException(name + " takes a whole number from " + min + " to " + max + ", not '" + value
      + "'");
  }
}
