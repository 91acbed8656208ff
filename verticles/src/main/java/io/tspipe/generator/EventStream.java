package io.tspipe.generator;

import io.tspipe.event.EventType;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The sequence of records the generator emits: good events (calm traffic, or a running scenario's by its intensity),
 * a {@code badFraction} of deliberately bad ones, and a {@code duplicateFraction} that re-send the exact key and value
 * of a recent good one. Pure: the verticle only decides when to ask and where to send.
 */
public final class EventStream {

  private final CalmTraffic calm;
  private final ScenarioRuns runs;
  private final BadEventFactory badEvents;
  private final RecentEvents recent;
  private final RandomGenerator random;
  private final double badFraction;
  private final double duplicateFraction;

  EventStream(CalmTraffic calm, ScenarioRuns runs, BadEventFactory badEvents, RecentEvents recent,
              RandomGenerator random, double badFraction, double duplicateFraction) {
    this.calm = calm;
    this.runs = runs;
    this.badEvents = badEvents;
    this.recent = recent;
    this.random = random;
    this.badFraction = badFraction;
    this.duplicateFraction = duplicateFraction;
  }

  public OutgoingEvent next() {
    double roll = random.nextDouble();
    if (roll < badFraction) {
      JsonObject event = calm.next();
      return new OutgoingEvent(typeOf(event), event.getString("userId"), badEvents.corrupt(event).text(),
        OutgoingEvent.Kind.BAD);
    }
    if (roll < badFraction + duplicateFraction) {
      Optional<OutgoingEvent> earlier = recent.pick(random);
      if (earlier.isPresent()) {
        return earlier.get().asDuplicate();
      }
    }
    JsonObject event = runs.next();
    if (event == null) {
      event = calm.next();
    }
    OutgoingEvent outgoing = new OutgoingEvent(typeOf(event), event.getString("userId"), event.encode(),
      OutgoingEvent.Kind.GOOD);
    recent.add(outgoing);
    return outgoing;
  }

  private static EventType typeOf(JsonObject event) {
    return EventType.fromWireName(event.getString("type")).orElseThrow();
  }
}
