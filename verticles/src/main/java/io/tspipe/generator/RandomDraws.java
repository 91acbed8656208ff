package io.tspipe.generator;

import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Small draws shared by the factories, all from a caller's generator so a seed reproduces them. */
final class RandomDraws {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RandomDraws() {
  }

  /** A version-4 UUID built from {@code random} (not from {@link UUID#randomUUID()}, which ignores the seed). */
  static UUID uuid(RandomGenerator random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  static boolean chance(RandomGenerator random, double probability) {
    return random.nextDouble() < probability;
  }

  /** Uniform in {@code [min, max]}, both included. */
  static int between(RandomGenerator random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  static <T> T pick(RandomGenerator random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  static String hex(RandomGenerator random, int digits) {
    char[] out = new char[digits];
    for (int i = 0; i < digits; i++) {
      out[i] = HEX[random.nextInt(16)];
    }
    return new String(out);
  }
}
