package io.tspipe.generator;

/** One simulated user: everything here stays the same in every event about them. */
public record User(String userId, String email, String country, Geography.City city, String userAgent) {
}
