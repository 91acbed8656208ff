package io.tspipe.generator;

/** Where an event comes from: the address and the country its network is in (so its {@code geo}). */
public record Origin(String ip, Geography.Country country) {
}
