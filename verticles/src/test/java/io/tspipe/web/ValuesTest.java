package io.tspipe.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks every request's text and instants pass through, over generated inputs, each against a reference the
 * JDK provides: its UTF-8 encoder and strict decoder, and {@code Instant} arithmetic.
 */
class ValuesTest {

  /** Characters to build text from: ASCII, Latin-1, BMP, both halves of surrogate pairs, and whole pairs. */
  private static final char[] PIECES = {'a', 'Z', '0', ' ', '%', '+', '"', '\\', '\u00e9', '\u00ff', '\u4e2d', '\ufffd',
    '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00'};

  private static String text(Random random, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  /** The JDK's verdict: a string is well-formed Unicode when its UTF-8 encoder can encode it. */
  private static boolean encodable(String text) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(text);
  }

  @Test
  @DisplayName("text is refused exactly when it holds an unpaired surrogate, naming the field and never echoing it")
  void wellFormedAgreesWithTheUtf8Encoder() {
    Random random = new Random(7);
    int refused = 0;
    for (int i = 0; i < 50_000; i++) {
      String text = text(random, 12);
      if (encodable(text)) {
        assertEquals(text, Values.wellFormed("q", text), text);
      } else {
        refused++;
        BadRequest refusal = assertThrows(BadRequest.class, () -> Values.wellFormed("q", text));
        assertEquals("q", refusal.field());
        assertTrue(encodable(refusal.getMessage()), "the refusal is well-formed: " + refusal.getMessage());
      }
    }
    assertTrue(refused > 10_000 && refused < 45_000, "both verdicts are common in the sample: " + refused);
  }

  @Test
  @DisplayName("every string and field name of a JSON body is checked, the refusal naming its path")
  void wellFormedJsonNamesThePath() {
    Random random = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      String good = text(random, 6).replaceAll("[\ud800-\udfff]", "x");
      String bad = good + "\udc00";
      int shape = random.nextInt(4);
      JsonObject body = switch (shape) {
        case 0 -> new JsonObject().put("q", bad);
        case 1 -> new JsonObject().put("filters", new JsonObject().put("type", new JsonArray().add(good).add(bad)));
        case 2 -> new JsonObject().put("filters", new JsonObject().put(bad, 1));
        default -> new JsonObject().put("filters", new JsonObject().put("status",
          new JsonArray().add(new JsonObject().put("min", 1).put(good + "\ud800", good))));
      };
      String field = switch (shape) {
        case 0 -> "q";
        case 1 -> "filters.type[1]";
        case 2 -> "filters." + good + "\ufffd";
        default -> "filters.status[0]." + good + "\ufffd";
      };
      BadRequest refusal = assertThrows(BadRequest.class, () -> Values.wellFormedJson("", body), body::encode);
      assertEquals(field, refusal.field(), body.encode());
      Values.wellFormedJson("", new JsonObject().put("q", good).put(good, new JsonArray().add(good)));
    }
  }

  @Test
  @DisplayName("a URL part is read as the strict UTF-8 decoder reads its escapes, and well-formed text round-trips")
  void urlTextAgreesWithTheStrictDecoder() {
    Random random = new Random(13);
    int refused = 0;
    for (int i = 0; i < 50_000; i++) {
      byte[] bytes = new byte[random.nextInt(8)];
      random.nextBytes(bytes);
      StringBuilder raw = new StringBuilder();
      for (byte b : bytes) {
        raw.append(random.nextBoolean() && b > 0x20 && b < 0x7F && b != '%' && b != '+' ? String.valueOf((char) b)
          : String.format("%%%02X", b & 0xFF));
      }
      String reference;
      try {
        reference = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException notUtf8) {
        reference = null;
      }
      if (reference == null) {
        refused++;
        BadRequest refusal = assertThrows(BadRequest.class, () -> Values.urlText("from", raw.toString(), true));
        assertEquals("from", refusal.field());
        assertTrue(encodable(Values.urlTextLenient(raw.toString(), true)), raw::toString);
      } else {
        assertEquals(reference, Values.urlText("from", raw.toString(), true), raw::toString);
        assertEquals(reference, Values.urlTextLenient(raw.toString(), true), raw::toString);
      }
      String text = text(random, 10);
      if (encodable(text)) {
        assertEquals(text, Values.urlText("q", URLEncoder.encode(text, StandardCharsets.UTF_8), true), text);
      }
    }
    assertTrue(refused > 5_000, "many random byte strings are not UTF-8: " + refused);
    for (String raw : new String[]{"%", "%4", "%zz", "a%G0", "\u00e9", "caf\u00c3\u00a9"}) {
      assertThrows(BadRequest.class, () -> Values.urlText("q", raw, true), raw);
    }
    assertEquals("a b+c", Values.urlText("q", "a+b%2Bc", true));
    assertEquals("a+b", Values.urlText("id", "a+b", false));
  }

  @Test
  @DisplayName("an instant is taken exactly when it lies in the years 1970 to 2099 in UTC, whatever its offset")
  void instantsAreBoundedToTheYearsEveryStoreHolds() {
    Random random = new Random(17);
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    long first = Values.FIRST_INSTANT.getEpochSecond();
    long end = Values.END_OF_INSTANTS.getEpochSecond();
    int taken = 0;
    for (int i = 0; i < 50_000; i++) {
      long second = switch (random.nextInt(3)) {
        case 0 -> first + random.nextInt(200_000) - 100_000;
        case 1 -> end + random.nextInt(200_000) - 100_000;
        default -> random.nextLong(Instant.parse("-9999-01-01T00:00:00Z").getEpochSecond(),
          Instant.parse("+99999-01-01T00:00:00Z").getEpochSecond());
      };
      Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000) * 1_000_000L);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 3600);
      String text = iso.format(instant.atOffset(offset));
      boolean inRange = !instant.isBefore(Values.FIRST_INSTANT) && instant.isBefore(Values.END_OF_INSTANTS);
      if (inRange) {
        taken++;
        assertEquals(instant, Values.instant("to", text), text);
      } else {
        BadRequest refusal = assertThrows(BadRequest.class, () -> Values.instant("to", text), text);
        assertEquals("to", refusal.field());
        assertTrue(refusal.getMessage().contains("1970 to 2099"), refusal.getMessage());
      }
    }
    assertTrue(taken > 10_000 && taken < 40_000, "both verdicts are common in the sample: " + taken);
    assertEquals(Instant.parse("2099-12-31T23:59:59.999Z"), Values.instant("to", "2099-12-31T23:59:59.999Z"));
    assertEquals(OffsetDateTime.parse("1970-01-01T00:00:00Z").toInstant(), Values.instant("from", "1970-01-01T00:00Z"));
    for (String refused : new String[]{"+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+999999999-12-31T23:59:59-18:00",
      "-999999999-01-01T00:00:00+18:00", "2100-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2026-02-30T00:00:00Z",
      "+2026-01-01T00:00:00Z", " 2026-01-01T00:00:00Z"}) {
      assertThrows(BadRequest.class, () -> Values.instant("from", refused), refused);
    }
  }

  @Test
  @DisplayName("a value quoted back in a refusal is cut between characters and is always well-formed")
  void shortenNeverEchoesIllFormedText() {
    Random random = new Random(19);
    for (int i = 0; i < 20_000; i++) {
      String text = text(random, 90);
      String shown = Values.shorten(text);
      assertTrue(encodable(shown), text);
      assertTrue(shown.codePointCount(0, shown.length()) <= 65, shown);
      if (encodable(text) && text.codePointCount(0, text.length()) <= 64) {
        assertEquals(text, shown);
      }
    }
    assertFalse(Values.shorten("a".repeat(63) + "\ud83d\ude00" + "b").contains("\ud83d\u2026"));
  }
}
