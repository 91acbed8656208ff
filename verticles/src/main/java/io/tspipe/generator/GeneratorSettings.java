package io.tspipe.generator;

import io.tspipe.truth.ScenarioRequest;
import io.tspipe.truth.ScenarioRequestException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code generator} slice of the configuration. Every key and its default is read in {@link #from};
 * the defaults here match {@code tspipe-defaults.json}, so a slice with keys missing still makes sense.
 *
 * @param ratePerSecond     {@code ratePerSecond}: records emitted per second, from a trickle (0.5) to a firehose (100000+)
 * @param seed              {@code seed}: 0 draws a random seed; any other value makes pools and traffic reproducible
 * @param users             {@code users}: how many simulated people there are at the start
 * @param ips               {@code ips}: size of the classic scenario's address pool (at least 10, so its 10% is at
 *                          least one address)
 * @param badFraction       {@code badFraction}: share of emitted records that are deliberately bad
 * @param duplicateFraction {@code duplicateFraction}: share of emitted records that re-send a recent good record
 * @param recentEvents      {@code recentEvents}: how many recent good records a duplicate is drawn from
 * @param tick              {@code tickMs}: period of the pacing timer
 * @param progressInterval  {@code progressIntervalSeconds}: period of the one-line progress summary
 * @param attack            the {@code attack} sub-slice
 * @param producer          the {@code producer} sub-slice
 * @param scenarios         {@code scenarios}: runs to start by themselves, each a start request with
 *                          {@code startAfterSeconds} (of generator time) added
 * @param simulated         the {@code simulated} sub-slice
 */
public record GeneratorSettings(
  double ratePerSecond,
  long seed,
  int users,
  int ips,
  double badFraction,
  double duplicateFraction,
  int recentEvents,
  Duration tick,
  Duration progressInterval,
  Attack attack,
  Producer producer,
  List<ScheduledRun> scenarios,
  Simulated simulated) {

  /** A run the settings ask for: {@code request} started {@code startAfter} into the generator's time. */
  public record ScheduledRun(Duration startAfter, ScenarioRequest request) {
  }

  /**
   * Simulated time: with {@code enabled}, events are stamped from {@code start} (empty: {@code duration} before the
   * generator starts) on, {@code 1/ratePerSecond} apart, written as fast as the broker takes them, until
   * {@code duration} of simulated time is written; then the generator stops emitting.
   *
   * @param enabled  {@code simulated.enabled}
   * @param start    {@code simulated.start}: ISO-8601 instant, or null for {@code duration} ago
   * @param duration {@code simulated.durationSeconds}
   */
  public record Simulated(boolean enabled, Instant start, Duration duration) {
  }

  /**
   * @param mode           {@code attack.mode}: initial mode, {@code on}, {@code off} or {@code auto}
   * @param toggleInterval {@code attack.toggleIntervalSeconds}: how often auto mode rolls the dice
   * @param probability    {@code attack.probability}: chance, at each roll, of being in attack mode until the next
   */
  public record Attack(AttackMode mode, Duration toggleInterval, double probability) {
  }

  /**
   * @param lingerMs    {@code producer.lingerMs}: Kafka {@code linger.ms}
   * @param batchSize   {@code producer.batchSize}: Kafka {@code batch.size} in bytes
   * @param compression {@code producer.compression}: Kafka {@code compression.type}
   * @param maxInFlight {@code producer.maxInFlight}: records handed to the producer and not yet acknowledged,
   *                    past which the generator stops emitting until the producer drains
   */
  public record Producer(int lingerMs, int batchSize, String compression, int maxInFlight) {
  }

  public GeneratorSettings {
    require(ratePerSecond > 0, "ratePerSecond must be positive");
    require(users >= 1, "users must be at least 1");
    require(ips >= 10, "ips must be at least 10");
    require(badFraction >= 0 && duplicateFraction >= 0 && badFraction + duplicateFraction <= 1,
      "badFraction and duplicateFraction must be non-negative and add up to at most 1");
    require(recentEvents >= 1, "recentEvents must be at least 1");
    require(!tick.isNegative() && !tick.isZero(), "tickMs must be positive");
    require(!progressInterval.isNegative() && !progressInterval.isZero(), "progressIntervalSeconds must be positive");
    require(!attack.toggleInterval().isNegative() && !attack.toggleInterval().isZero(),
      "attack.toggleIntervalSeconds must be positive");
    require(attack.probability() >= 0 && attack.probability() <= 1, "attack.probability must be within [0, 1]");
    require(producer.maxInFlight() >= 1, "producer.maxInFlight must be at least 1");
    require(!simulated.duration().isNegative() && !simulated.duration().isZero(),
      "simulated.durationSeconds must be positive");
  }

  public static GeneratorSettings from(JsonObject generator) {
    JsonObject attack = generator.getJsonObject("attack", new JsonObject());
    JsonObject producer = generator.getJsonObject("producer", new JsonObject());
    String mode = attack.getString("mode", "auto");
    return new GeneratorSettings(
      generator.getNumber("ratePerSecond", 50).doubleValue(),
      generator.getNumber("seed", 0).longValue(),
      generator.getInteger("users", 1000),
      generator.getInteger("ips", 500),
      generator.getNumber("badFraction", 0.005).doubleValue(),
      generator.getNumber("duplicateFraction", 0.005).doubleValue(),
      generator.getInteger("recentEvents", 1000),
      Duration.ofMillis(generator.getNumber("tickMs", 10).longValue()),
      Duration.ofSeconds(generator.getNumber("progressIntervalSeconds", 10).longValue()),
      new Attack(
        AttackMode.parse(mode).orElseThrow(() -> new IllegalArgumentException(
          "generator.attack.mode: '" + mode + "' is not one of " + AttackMode.allowedValues())),
        Duration.ofSeconds(attack.getNumber("toggleIntervalSeconds", 300).longValue()),
        attack.getNumber("probability", 0.2).doubleValue()),
      new Producer(
        producer.getInteger("lingerMs", 20),
        producer.getInteger("batchSize", 262144),
        producer.getString("compression", "lz4"),
        producer.getInteger("maxInFlight", 20000)),
      scheduledRuns(generator.getJsonArray("scenarios", new JsonArray())),
      simulated(generator.getJsonObject("simulated", new JsonObject())));
  }

  private static List<ScheduledRun> scheduledRuns(JsonArray runs) {
    List<ScheduledRun> scheduled = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      String at = "generator.scenarios[" + i + "]";
      if (!(runs.getValue(i) instanceof JsonObject run)) {
        throw new IllegalArgumentException(at + ": expected an object {\"scenario\": ..., \"startAfterSeconds\": ...}");
      }
      JsonObject request = run.copy();
      Object after = request.remove("startAfterSeconds");
      if (after != null && !(after instanceof Number number && number.doubleValue() >= 0)) {
        throw new IllegalArgumentException(at + ".startAfterSeconds: expected a number of seconds, at least 0");
      }
      try {
        scheduled.add(new ScheduledRun(Duration.ofMillis(after == null ? 0 : (long) (((Number) after).doubleValue() * 1000)),
          ScenarioRequest.parse(request)));
      } catch (ScenarioRequestException invalid) {
        throw new IllegalArgumentException(at + "." + invalid.getMessage(), invalid);
      }
    }
    scheduled.sort(Comparator.comparing(ScheduledRun::startAfter));
    return List.copyOf(scheduled);
  }

  private static Simulated simulated(JsonObject simulated) {
    String start = simulated.getString("start", "");
    Instant from;
    try {
      from = start.isEmpty() ? null : Instant.parse(start);
    } catch (DateTimeParseException notInstant) {
      throw new IllegalArgumentException("generator.simulated.start: expected an ISO-8601 instant such as "
        + "2026-12-01T00:00:00Z, or empty, got '" + start + "'");
    }
    return new Simulated(simulated.getBoolean("enabled", false), from,
      Duration.ofSeconds(simulated.getNumber("durationSeconds", 3600).longValue()));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("generator." + message);
    }
  }
}
