package io.tspipe.generator;

import io.tspipe.event.EventType;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The original generator's attack traffic, as data, for the {@code classic} scenario.
 *
 * @param types              mix of event types
 * @param actions            mix of account actions
 * @param accountFailureRate share of account activity that fails
 * @param statusCodes        mix of API status codes
 * @param latencyMs          response time of an ordinary API request
 * @param latencySpikeShare  share of API requests whose response time is a spike
 * @param spikeMs            response time of a spike
 * @param emailFailureRate   share of emails that fail
 * @param hardBounceShare    share of failed emails that bounce hard (the rest bounce soft)
 * @param botShare           share of events whose user agent is a script rather than the user's device
 */
public record TrafficProfile(
  Weighted<EventType> types,
  Weighted<String> actions,
  double accountFailureRate,
  Weighted<Integer> statusCodes,
  IntRange latencyMs,
  double latencySpikeShare,
  IntRange spikeMs,
  double emailFailureRate,
  double hardBounceShare,
  double botShare) {

  /** Both ends included. */
  public record IntRange(int min, int max) {
    public int draw(RandomGenerator random) {
      return RandomDraws.between(random, min, max);
    }

    public boolean contains(long value) {
      return value >= min && value <= max;
    }
  }

  public static final TrafficProfile ATTACK = new TrafficProfile(
    Weighted.<EventType>builder()
      .add(EventType.ACCOUNT_ACTIVITY, 60).add(EventType.API_REQUEST, 20).add(EventType.EMAIL_SEND, 20).build(),
    Weighted.<String>builder()
      .add("login", 82).add("password_change", 6).add("two_factor_disabled", 4).add("logout", 3)
      .add("account_created", 2).add("two_factor_enabled", 2).add("account_deleted", 1).build(),
    0.70,
    Weighted.<Integer>builder().add(500, 40).add(429, 20).add(200, 40).build(),
    new IntRange(50, 250),
    0.20,
    new IntRange(1_000, 11_000),
    0.40,
    0.5,
    0.60);

  public TrafficProfile withLoginFailureRate(double rate) {
    return new TrafficProfile(types, actions, rate, statusCodes, latencyMs, latencySpikeShare, spikeMs,
      emailFailureRate, hardBounceShare, botShare);
  }
}
