package io.tspipe.generator;

import io.tspipe.model.EventType;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The sequence of records the generator emits: mostly good events, a {@code badFraction} of deliberately bad
 * ones, and a {@code duplicateFraction} that re-send the exact key and value of a recent good one. Pure: the
 * verticle only decides when to ask and where to send.
 */
public final class EventStream {

  private final EventFactory events;
  private final BadEventFactory badEvents;
  private final RecentEvents recent;
  private final RandomGenerator random;
  private final double badFraction;
  private final double duplicateFraction;

  public EventStream(EventFactory events, BadEventFactory badEvents, RecentEvents recent, RandomGenerator random,
                     double badFraction, double duplicateFraction) {
    this.events = events;
    this.badEvents = badEvents;
    this.recent = recent;
    this.random = random;
    this.badFraction = badFraction;
    this.duplicateFraction = duplicateFraction;
  }

  /** Pools, factories and ring as the settings say, each with its own generator split from {@code root}. */
  public static EventStream create(GeneratorSettings settings, Pools pools, RandomGenerator.SplittableGenerator root,
                                   Clock clock) {
    return new EventStream(
      new EventFactory(root.split(), pools, clock),
      new BadEventFactory(root.split()),
      new RecentEvents(settings.recentEvents()),
      root.split(),
      settings.badFraction(),
      settings.duplicateFraction());
  }

  public OutgoingEvent next(TrafficProfile profile) {
    double roll = random.nextDouble();
    if (roll < badFraction) {
      return bad(profile);
    }
    if (roll < badFraction + duplicateFraction) {
      Optional<OutgoingEvent> earlier = recent.pick(random);
      if (earlier.isPresent()) {
        return earlier.get().asDuplicate();
      }
    }
    return good(profile);
  }

  private OutgoingEvent good(TrafficProfile profile) {
    JsonObject event = events.next(profile);
    OutgoingEvent outgoing = new OutgoingEvent(typeOf(event), event.getString("userId"), event.encode(),
      OutgoingEvent.Kind.GOOD);
    recent.add(outgoing);
    return outgoing;
  }

  private OutgoingEvent bad(TrafficProfile profile) {
    JsonObject event = events.next(profile);
    BadEventFactory.BadEvent bad = badEvents.corrupt(event);
    return new OutgoingEvent(typeOf(event), event.getString("userId"), bad.text(), OutgoingEvent.Kind.BAD);
  }

  private static EventType typeOf(JsonObject event) {
    return EventType.fromWireName(event.getString("type")).orElseThrow();
  }
}
