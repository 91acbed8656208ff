package io.tspipe.generator;

import java.util.List;

/**
 * One simulated person. Who they are and where they connect from stay the same for days: a home city, one to three
 * personal addresses on residential networks of their country, maybe a phone behind their carrier's CGNAT and a desk
 * behind an office NAT (both shared with tens of others), a usual device and a stable email. Travel and a new device
 * come and go.
 */
final class Person {

  final String userId;
  final String email;
  final Geography.Country home;
  final Geography.City city;
  final List<Origin> personal;
  /** The carrier-grade NAT address of their phone's carrier, shared with others; null without a phone. */
  final Origin mobile;
  /** The office NAT address, shared with colleagues; null when they do not work at an office. */
  final Origin office;
  String device;
  /** While travelling: where from, until when; null at home. */
  Origin travel;
  Geography.City travelCity;
  long travelUntilMillis;
  boolean inSession;
  /** Whether they have logged in during this run: an account in use, one a thief would want. */
  boolean loggedIn;

  Person(String userId, String email, Geography.Country home, Geography.City city, List<Origin> personal,
         Origin mobile, Origin office, String device) {
    this.userId = userId;
    this.email = email;
    this.home = home;
    this.city = city;
    this.personal = personal;
    this.mobile = mobile;
    this.office = office;
    this.device = device;
  }

  boolean travelling(long nowMillis) {
    if (travel != null && nowMillis >= travelUntilMillis) {
      travel = null;
      travelCity = null;
    }
    return travel != null;
  }

  /** The city an event from {@code origin} is placed in: home when the address is in the home country. */
  Geography.City cityOf(Origin origin) {
    if (origin.country().equals(home)) {
      return city;
    }
    return origin.equals(travel) && travelCity != null ? travelCity : origin.country().cities().get(0);
  }
}
