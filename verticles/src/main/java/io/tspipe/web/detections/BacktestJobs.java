package io.tspipe.web.detections;

import io.tspipe.backtest.Backtest;
import io.tspipe.detector.Replay;
import io.tspipe.store.StoredValues;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The backtests started from the web ({@code POST /api/v1/backtests}), one at a time per process, shared by the
 * role's web verticles as the verdict view is. A job is a run of {@link Backtest}; its progress and, once done, its
 * report are kept in memory for the last {@value #KEPT} jobs, since a report is cheap to make again and the rules
 * and the stored events it came from are what last. JSON form of a job (the {@code BacktestJob} schema):
 * <pre>{@code {"id", "state": "running"|"done"|"failed", "from", "to", "graceSeconds", "rules": [name],
 *  "startedAt", "finishedAt": iso|null, "progress": {"ticksDone", "ticksTotal", "detections"},
 *  "report": BacktestReport|null, "error": text|null}}</pre>
 */
public final class BacktestJobs {

  public static final int KEPT = 20;
  /** The longest period a backtest from the web covers. */
  public static final Duration MAX_SPAN = Duration.ofDays(7);

  /** A checked request: the rules, loaded, and the period. */
  public record Request(Replay.RuleSet rules, Instant from, Instant to, Duration grace) {
  }

  /** A backtest is already running; the caller may ask again when it ends. */
  public static final class Busy extends RuntimeException {
    public Busy(String id) {
      super("backtest " + id + " is still running; one runs at a time", null, false, false);
    }
  }

  private final Map<String, Job> jobs = new LinkedHashMap<>();

  private static final class Job {
    final String id = UUID.randomUUID().toString();
    final Request request;
    final Instant startedAt;
    volatile String state = "running";
    volatile long ticksDone;
    volatile long ticksTotal;
    volatile int detections;
    volatile Instant finishedAt;
    volatile JsonObject report;
    volatile String error;

    Job(Request request, Instant startedAt) {
      this.request = request;
      this.startedAt = startedAt;
    }

    JsonObject json(boolean withReport) {
      JsonArray rules = new JsonArray();
      request.rules().catalogue().forEach(rule -> rules.add(rule.name()));
      return new JsonObject()
        .put("id", id)
        .put("state", state)
        .put("from", format(request.from()))
        .put("to", format(request.to()))
        .put("graceSeconds", request.grace().toSeconds())
        .put("rules", rules)
        .put("startedAt", format(startedAt))
        .put("finishedAt", finishedAt == null ? null : format(finishedAt))
        .put("progress", new JsonObject().put("ticksDone", ticksDone).put("ticksTotal", ticksTotal)
          .put("detections", detections))
        .put("report", withReport ? report : null)
        .put("error", error);
    }
  }

  /**
   * Reads the body of {@code POST /api/v1/backtests}, which the API contract accepted: {@code rules}, the text of a
   * rule file; {@code from} and {@code to}, instants, {@code to} no later than now; {@code graceSeconds} (60 when left
   * out). A {@link BadRequest} names what the contract cannot say: blank rules, instants that are not real ones, the
   * order and span of the period; rules that do not load are refused with each one's line and problem.
   */
  public static Request parse(JsonObject body, Instant now, String database) {
    String text = body.getString("rules");
    if (text.isBlank()) {
      throw new BadRequest("rules", "required: the text of a rule file (a YAML list of rules)");
    }
    Instant from = Values.instant("from", body.getString("from"));
    Instant to = body.containsKey("to") ? Values.instant("to", body.getString("to")) : now;
    if (!from.isBefore(to)) {
      throw new BadRequest("to", "must be after from");
    }
    if (to.isAfter(now)) {
      throw new BadRequest("to", "must not be in the future");
    }
    if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw new BadRequest("from", "the period spans more than " + MAX_SPAN.toDays() + " days");
    }
    Long grace = body.getLong("graceSeconds");
    Replay.RuleSet rules = Replay.parse("rules", text, database);
    if (!rules.errors().isEmpty()) {
      throw new BadRequest("rules", String.join("; ", rules.errors()));
    }
    if (rules.isEmpty()) {
      throw new BadRequest("rules", "no rule in the text");
    }
    return new Request(rules, from, to, Duration.ofSeconds(grace == null ? 60 : grace));
  }

  /**
   * Starts {@code request} on {@code backtest}, answering the new job; {@link Busy} while another runs. Runs on the
   * caller's event loop: the replay's queries are asynchronous.
   */
  public JsonObject start(Backtest backtest, Request request, Instant now) {
    Job job;
    synchronized (this) {
      Optional<Job> running = jobs.values().stream().filter(other -> other.state.equals("running")).findFirst();
      if (running.isPresent()) {
        throw new Busy(running.get().id);
      }
      job = new Job(request, now);
      jobs.put(job.id, job);
      List<String> old = new ArrayList<>(jobs.keySet());
      old.subList(0, Math.max(0, old.size() - KEPT)).forEach(jobs::remove);
    }
    backtest.run(request.rules(), request.from(), request.to(), request.grace(), (done, total, detections) -> {
      job.ticksDone = done;
      job.ticksTotal = total;
      job.detections = detections;
    }).onComplete(result -> {
      job.finishedAt = Instant.now();
      if (result.succeeded()) {
        job.report = result.result();
        job.state = "done";
      } else {
        job.error = result.cause().getMessage();
        job.state = "failed";
      }
    });
    return job.json(false);
  }

  /** The job with its report, if it is kept. */
  public synchronized Optional<JsonObject> get(String id) {
    return Optional.ofNullable(jobs.get(id)).map(job -> job.json(true));
  }

  /** The kept jobs, newest first, without their reports. */
  public synchronized JsonObject list() {
    List<Job> newestFirst = new ArrayList<>(jobs.values());
    Collections.reverse(newestFirst);
    JsonArray list = new JsonArray();
    newestFirst.forEach(job -> list.add(job.json(false)));
    return new JsonObject().put("backtests", list);
  }

  private static String format(Instant instant) {
    return StoredValues.formatMillis(instant.toEpochMilli());
  }
}
