package io.tspipe.generator;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The {@code generator} slice of the configuration. Every key and its default is read in {@link #from};
 * the defaults here match {@code tspipe-defaults.json}, so a slice with keys missing still makes sense.
 *
 * @param ratePerSecond     {@code ratePerSecond}: records emitted per second, from a trickle (0.5) to a firehose (100000+)
 * @param seed              {@code seed}: 0 draws a random seed; any other value makes pools and traffic reproducible
 * @param users             {@code users}: size of the user pool
 * @param ips               {@code ips}: size of the source IP pool (at least 10, so an attack has at least one IP)
 * @param badFraction       {@code badFraction}: share of emitted records that are deliberately bad
 * @param duplicateFraction {@code duplicateFraction}: share of emitted records that re-send a recent good record
 * @param recentEvents      {@code recentEvents}: how many recent good records a duplicate is drawn from
 * @param tick              {@code tickMs}: period of the pacing timer
 * @param progressInterval  {@code progressIntervalSeconds}: period of the one-line progress summary
 * @param attack            the {@code attack} sub-slice
 * @param producer          the {@code producer} sub-slice
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
  Producer producer) {

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
        producer.getInteger("maxInFlight", 20000)));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("generator." + message);
    }
  }
}
