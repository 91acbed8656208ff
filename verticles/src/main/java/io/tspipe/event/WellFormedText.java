package io.tspipe.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Well-formed Unicode, as every text the pipeline accepts must be: bytes that are strict UTF-8 (RFC 3629: shortest
 * form only, no encoded surrogates, nothing above U+10FFFF), and strings without an unpaired UTF-16 surrogate, which a
 * JSON {@code \ud800} escape can smuggle past any byte check. The engines downstream refuse or alter such text, so it
 * is refused where it enters, naming where it is.
 */
public final class WellFormedText {

  /** What the searches answer when they find nothing ill-formed. */
  public static final int WELL_FORMED = -1;

  private static final long NON_ASCII = 0x8080808080808080L;

  private WellFormedText() {
  }

  /** The offset of the first byte of {@code bytes} that does not begin a strict UTF-8 sequence, or {@link #WELL_FORMED}. */
  public static int firstMalformedUtf8(Buffer bytes) {
    int length = bytes.length();
    int i = 0;
    while (i < length) {
      if (i + Long.BYTES <= length && (bytes.getLong(i) & NON_ASCII) == 0) {
        i += Long.BYTES;
        continue;
      }
      int lead = bytes.getUnsignedByte(i);
      if (lead < 0x80) {
        i++;
        continue;
      }
      int size = sequenceLength(bytes, i, length, lead);
      if (size == 0) {
        return i;
      }
      i += size;
    }
    return WELL_FORMED;
  }

  /** The length of the valid multi-byte sequence led by {@code lead} at {@code at}, or 0 when it is not one. */
  private static int sequenceLength(Buffer bytes, int at, int length, int lead) {
    int size;
    int min;
    int max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      return at + 1 < length && isContinuation(bytes.getUnsignedByte(at + 1)) ? 2 : 0;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      size = 3;
      // E0 needs A0.. (no overlong form), ED stops at 9F (no surrogates)
      min = lead == 0xE0 ? 0xA0 : 0x80;
      max = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      size = 4;
      // F0 needs 90.. (no overlong form), F4 stops at 8F (nothing above U+10FFFF)
      min = lead == 0xF0 ? 0x90 : 0x80;
      max = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      return 0;
    }
    if (at + size > length) {
      return 0;
    }
    int second = bytes.getUnsignedByte(at + 1);
    if (second < min || second > max) {
      return 0;
    }
    for (int k = 2; k < size; k++) {
      if (!isContinuation(bytes.getUnsignedByte(at + k))) {
        return 0;
      }
    }
    return size;
  }

  private static boolean isContinuation(int b) {
    return (b & 0xC0) == 0x80;
  }

  /** The index of the first unpaired surrogate in {@code text}, or {@link #WELL_FORMED}. */
  public static int firstLoneSurrogate(CharSequence text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return WELL_FORMED;
  }

  /**
   * Where a decoded JSON value holds an unpaired surrogate: {@code path} from the root, member names ({@code String})
   * and array indexes ({@code Integer}); {@code inName} when the last member's name is at fault rather than its
   * value; {@code text}, the ill-formed name or string.
   */
  public record IllFormed(List<Object> path, boolean inName, String text) {

    /** The path as a JSON pointer (RFC 6901), lone surrogates shown as escapes so the pointer itself is text. */
    public String pointer() {
      StringBuilder pointer = new StringBuilder();
      for (Object segment : path) {
        pointer.append('/').append(segment instanceof String name ? escape(name) : segment);
      }
      return pointer.toString();
    }
  }

  /**
   * The first member name or string of {@code value} (a decoded JSON value: maps, lists, strings, numbers, booleans,
   * null, or their Vert.x wrappers) that holds an unpaired surrogate, in the order the value holds them; {@code null}
   * when none does.
   */
  public static IllFormed firstIllFormed(Object value) {
    IllFormed found = search(value);
    if (found != null) {
      Collections.reverse(found.path());
    }
    return found;
  }

  /** As {@link #firstIllFormed}, with the path leaf first: each level adds its segment on the way back. */
  private static IllFormed search(Object value) {
    if (value instanceof CharSequence text) {
      return firstLoneSurrogate(text) == WELL_FORMED ? null : new IllFormed(new ArrayList<>(), false, text.toString());
    }
    if (value instanceof JsonObject object) {
      value = object.getMap();
    } else if (value instanceof JsonArray array) {
      value = array.getList();
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> member : map.entrySet()) {
        String name = String.valueOf(member.getKey());
        if (firstLoneSurrogate(name) != WELL_FORMED) {
          return new IllFormed(new ArrayList<>(List.of(name)), true, name);
        }
        IllFormed found = search(member.getValue());
        if (found != null) {
          found.path().add(name);
          return found;
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        IllFormed found = search(list.get(i));
        if (found != null) {
          found.path().add(i);
          return found;
        }
      }
    }
    return null;
  }

  /** A member name as a JSON pointer token (RFC 6901), lone surrogates shown as escapes so the pointer itself is text. */
  private static String escape(String name) {
    boolean wellFormed = firstLoneSurrogate(name) == WELL_FORMED;
    StringBuilder token = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '~' -> token.append("~0");
        case '/' -> token.append("~1");
        default -> {
          if (!wellFormed && Character.isSurrogate(c)) {
            token.append(String.format("\\u%04X", (int) c));
          } else {
            token.append(c);
          }
        }
      }
    }
    return token.toString();
  }
}
