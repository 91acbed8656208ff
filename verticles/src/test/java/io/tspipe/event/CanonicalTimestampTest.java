package io.tspipe.event;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalTimestampTest {

  private static final DateTimeFormatter CANONICAL =
    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  @DisplayName("a canonical timestamp reads as the same milliseconds Instant.parse gives, over 100,000 random instants")
  void agreesWithInstantParse() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      // from 1900 to 2200, leap days and year ends included by chance
      long millis = random.nextLong(-2_208_988_800_000L, 7_258_118_400_000L);
      String text = CANONICAL.format(Instant.ofEpochMilli(millis));
      assertEquals(Instant.parse(text).toEpochMilli(), CanonicalTimestamp.epochMillis(text), text);
    }
    assertEquals(Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli(),
      CanonicalTimestamp.epochMillis("2024-02-29T23:59:59.999Z"));
  }

  @Test
  @DisplayName("other shapes and impossible dates or times are not canonical: the general path decides them")
  void refusesEverythingElse() {
    for (String text : List.of("2026-11-24T10:00:00Z", "2026-11-24T10:00:00.1234Z", "2026-11-24T10:00:00.123+01:00",
      "2026-11-24 10:00:00.123Z", "2026-11-24T10:00:00.123z", "2026-13-01T00:00:00.000Z", "2026-00-10T00:00:00.000Z",
      "2026-02-29T00:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-11-00T00:00:00.000Z", "2026-11-24T24:00:00.000Z",
      "2026-11-24T10:60:00.000Z", "2016-12-31T23:59:60.000Z", "2026-11-24T10:00:00.000Z\n", "２026-11-24T10:00:00.000Z",
      "")) {
      assertEquals(CanonicalTimestamp.NOT_CANONICAL, CanonicalTimestamp.epochMillis(text), text);
    }
    assertTrue(CanonicalTimestamp.hasShape("2026-13-45T99:99:99.999Z"), "the shape alone does not check values");
    assertFalse(CanonicalTimestamp.hasShape("2026-11-24T10:00:00.00xZ"));
  }
}
