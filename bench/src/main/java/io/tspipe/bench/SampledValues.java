package io.tspipe.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Real values to query for, taken from indexed events: distinct, in the order first met.
 *
 * @param userIds         {@code userId} of the events
 * @param sourceIps       {@code sourceIp} of the events
 * @param recipientEmails {@code recipientEmail} of the {@code email_send} events
 * @param eventIds        {@code id} of the events
 */
public record SampledValues(List<String> userIds, List<String> sourceIps, List<String> recipientEmails,
                            List<String> eventIds) {

  public SampledValues {
    userIds = List.copyOf(userIds);
    sourceIps = List.copyOf(sourceIps);
    recipientEmails = List.copyOf(recipientEmails);
    eventIds = List.copyOf(eventIds);
  }

  /** Values without event ids. */
  public SampledValues(List<String> userIds, List<String> sourceIps, List<String> recipientEmails) {
    this(userIds, sourceIps, recipientEmails, List.of());
  }

  /** The values of the hits of a search answer (events as {@code POST /api/v1/search} returns them). */
  public static SampledValues of(JsonArray hits) {
    Set<String> users = new LinkedHashSet<>();
    Set<String> ips = new LinkedHashSet<>();
    Set<String> emails = new LinkedHashSet<>();
    for (Object hit : hits) {
      if (hit instanceof JsonObject event) {
        addText(users, event.getValue("userId"));
        addText(ips, event.getValue("sourceIp"));
        addText(emails, event.getValue("recipientEmail"));
      }
    }
    return new SampledValues(new ArrayList<>(users), new ArrayList<>(ips), new ArrayList<>(emails));
  }

  /** These values followed by those of {@code other} not already here. */
  public SampledValues plus(SampledValues other) {
    return new SampledValues(union(userIds, other.userIds), union(sourceIps, other.sourceIps),
      union(recipientEmails, other.recipientEmails), union(eventIds, other.eventIds));
  }

  public boolean isEmpty() {
    return userIds.isEmpty() && sourceIps.isEmpty() && recipientEmails.isEmpty() && eventIds.isEmpty();
  }

  private static void addText(Set<String> values, Object value) {
    if (value instanceof String text && !text.isBlank()) {
      values.add(text);
    }
  }

  private static List<String> union(List<String> first, List<String> second) {
    Set<String> values = new LinkedHashSet<>(first);
    values.addAll(second);
    return new ArrayList<>(values);
  }
}
