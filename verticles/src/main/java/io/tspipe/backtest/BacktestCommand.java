package io.tspipe.backtest;

import io.tspipe.CommandArguments;
import io.tspipe.config.ClickHouseSettings;
import io.tspipe.detector.DetectorSettings;
import io.tspipe.detector.Replay;
import io.tspipe.sink.clickhouse.ClickHouseReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code backtest} command of the jar: its arguments, and a {@link Backtest} run to an exit code, printing
 * progress, the score and the diff. The calling thread blocks until the backtest has ended, so it must not be an
 * event loop.
 */
public final class BacktestCommand {

  public static final String USAGE = """
    usage: java -jar tspipe.jar backtest --rules <file|folder> --from <instant> [--to <instant>]

    Replays a candidate rule set over the events stored from <= timestamp < to, exactly as the detector
    evaluates rules live (every tick, no effects), scores it against the ground truth, and prints what it
    would change against the live rules over the same period: entities gained and lost, each judged true
    or false. A shadow rule is compared with the rule it replaces, any other with the live rule of its name.

      --rules <path>           a rule file (.yaml) or a folder of them (required)
      --from <instant>         ISO-8601 instant, e.g. 2025-06-01T00:00:00Z (required)
      --to <instant>           ISO-8601 instant, excluded (default: now)
      --grace-seconds <n>      credit for a detection this long after an attack ends (default 60)
      --concurrency <n>        rules replayed at once (default 2)
      --json <file>            also write the whole report there as JSON
      --help                   this text
    """;

  private static final Logger LOG = LoggerFactory.getLogger(BacktestCommand.class);
  private static final Duration MAX_SPAN = Duration.ofDays(31);

  /** What the arguments ask for. */
  public record Request(Path rules, Instant from, Instant to, Duration grace, int concurrency, Path json) {
  }

  private BacktestCommand() {
  }

  /** Empty when help was asked for; an unusable argument fails with a message naming it. */
  public static Optional<Request> parse(List<String> arguments, Instant now) {
    if (arguments.contains("--help") || arguments.contains("-h")) {
      return Optional.empty();
    }
    Map<String, String> values = CommandArguments.parse(arguments,
      Set.of("--rules", "--from", "--to", "--grace-seconds", "--concurrency", "--json"));
    if (!values.containsKey("--rules")) {
      throw new IllegalArgumentException("--rules is required: a rule file or a folder of them");
    }
    Instant from = CommandArguments.instant(values, "--from");
    if (from == null) {
      throw new IllegalArgumentException("--from is required: " + CommandArguments.INSTANT_EXAMPLE);
    }
    Instant to = Optional.ofNullable(CommandArguments.instant(values, "--to")).orElse(now);
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("--from (" + from + ") must be before --to (" + to + ")");
    }
    if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw new IllegalArgumentException("--from to --to spans more than " + MAX_SPAN.toDays() + " days");
    }
    return Optional.of(new Request(Path.of(values.get("--rules")), from, to,
      Duration.ofSeconds(whole(values, "--grace-seconds", 60, 0, 3600)),
      (int) whole(values, "--concurrency", 2, 1, 16), values.containsKey("--json") ? Path.of(values.get("--json")) : null));
  }

  private static long whole(Map<String, String> values, String name, long otherwise, long min, long max) {
    String value = values.get(name);
    if (value == null) {
      return otherwise;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new IllegalArgumentException(name + ": expected a whole number from " + min + " to " + max + ", got '"
      + value + "'");
  }

  /**
   * Runs {@code request} with the {@code clickhouse} and {@code detector} slices of {@code config}; answers the exit
   * code: 0 done, 1 failed, 2 rules that do not load.
   */
  public static int run(Vertx vertx, JsonObject config, Request request, PrintStream out) {
    DetectorSettings detector = DetectorSettings.from(config.getJsonObject("detector"));
    ClickHouseReader clickHouse = ClickHouseReader.create(vertx,
      ClickHouseSettings.from(config.getJsonObject("clickhouse")));
    try {
      Replay.RuleSet rules = Replay.load(request.rules(), clickHouse.database());
      if (!rules.errors().isEmpty() || rules.isEmpty()) {
        rules.errors().forEach(error -> out.println("backtest: rule not loaded: " + error));
        out.println("backtest: " + (rules.isEmpty() ? "no rule to replay in " + request.rules() : "fix the rules above"));
        return 2;
      }
      Instant to = request.to();
      out.printf(Locale.ROOT, "backtest: %d rules over %s .. %s%n", rules.catalogue().size(), request.from(), to);
      long started = System.nanoTime();
      long[] printed = {0};
      JsonObject report = new Backtest(clickHouse, detector, request.concurrency())
        .run(rules, request.from(), to, request.grace(), (done, total, detections) -> {
          long now = System.nanoTime();
          if (done == total || now - printed[0] >= 2_000_000_000L) {
            printed[0] = now;
            double seconds = Math.max(1e-3, (now - started) / 1e9);
            out.printf(Locale.ROOT, "backtest: %,d / %,d evaluations (%.1f%%), %,d detections, %,.0f evaluations/s, "
                + "elapsed %.1f s%n", done, total, done * 100.0 / Math.max(1, total), detections, done / seconds, seconds);
          }
        }).await();
      print(report, out);
      if (request.json() != null) {
        Files.writeString(request.json(), report.encodePrettily());
        out.println("backtest: report written to " + request.json());
      }
      return 0;
    } catch (IOException e) {
      LOG.error("backtest: cannot write the report: {}", e.getMessage());
      return 1;
    } catch (Exception failure) {
      LOG.error("backtest from {} to {} failed: {}", request.from(), request.to(), failure.getMessage());
      return 1;
    } finally {
      clickHouse.close();
    }
  }

  /** The report as text: the period, each candidate rule's score beside its live counterpart's, then the diff. */
  static void print(JsonObject report, PrintStream out) {
    out.printf(Locale.ROOT, "backtest: done: %,d events, %,d ticks, %,d evaluations of %d rules in %.1f s%n",
      report.getLong("events"), report.getLong("ticks"), report.getLong("evaluations"), report.getInteger("rules"),
      report.getLong("elapsedMs") / 1000.0);
    if (report.containsKey("requestedTo")) {
      out.printf(Locale.ROOT, "backtest: the live rules were evaluated up to %s, so the period ends there rather than at %s%n",
        report.getString("to"), report.getString("requestedTo"));
    }
    out.printf(Locale.ROOT, "%n%-40s %-9s %10s %10s %10s %10s %10s%n", "rule", "side", "detected", "precision",
      "recall", "ttd p95", "false/calm h");
    JsonArray live = report.getJsonArray("live");
    for (Object item : report.getJsonArray("candidate")) {
      JsonObject candidate = (JsonObject) item;
      row(out, candidate.getString("rule"), "backtest", candidate);
      String against = candidate.getString("replaces") == null ? candidate.getString("rule") : candidate.getString("replaces");
      live.stream().map(JsonObject.class::cast).filter(rule -> rule.getString("rule").equals(against)).findFirst()
        .ifPresentOrElse(rule -> row(out, "  " + against, "live", rule),
          () -> out.printf(Locale.ROOT, "%-40s %-9s %10s%n", "  " + against, "live", "not run"));
    }
    out.println();
    for (Object item : report.getJsonArray("diff")) {
      JsonObject diff = (JsonObject) item;
      JsonObject gained = diff.getJsonObject("gained");
      JsonObject lost = diff.getJsonObject("lost");
      out.printf(Locale.ROOT, "%s vs live %s: gained %d (%d true, %d false), lost %d (%d true, %d false)%n",
        diff.getString("rule"), diff.getString("against"), gained.getLong("true") + gained.getLong("false"),
        gained.getLong("true"), gained.getLong("false"), lost.getLong("true") + lost.getLong("false"),
        lost.getLong("true"), lost.getLong("false"));
      changes(out, "+", gained);
      changes(out, "-", lost);
    }
  }

  private static void row(PrintStream out, String rule, String side, JsonObject score) {
    JsonObject overall = score.getJsonObject("overall");
    out.printf(Locale.ROOT, "%-40s %-9s %10d %10s %10s %10s %10s%n", rule, side, overall.getInteger("detections"),
      ratio(overall.getValue("precision")), ratio(score.getBoolean("entityLevel") ? overall.getValue("recall")
        : overall.getValue("windowRecall")), overall.getValue("timeToDetectP95Ms") == null ? "-"
        : String.format(Locale.ROOT, "%.1f s", overall.getLong("timeToDetectP95Ms") / 1000.0),
      ratio(score.getValue("falsePerCalmHour")));
  }

  private static void changes(PrintStream out, String sign, JsonObject side) {
    for (Object item : side.getJsonArray("entities").stream().limit(10).toList()) {
      JsonObject change = (JsonObject) item;
      out.printf(Locale.ROOT, "  %s %s %s at %s: %s%n", sign, change.getString("kind"), change.getString("entity"),
        change.getString("detectedAt"), change.getBoolean("correct") ? "true (" + change.getString("scenario") + ")"
          : "false");
    }
  }

  private static String ratio(Object value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue());
  }
}
