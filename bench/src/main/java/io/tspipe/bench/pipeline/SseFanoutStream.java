package io.tspipe.bench.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Server-Sent Events byte stream, fed in chunks cut anywhere, into the data of its events: the
 * {@code data:} lines of one event joined by {@code \n}, as an {@code EventSource} would deliver them. Comment lines,
 * {@code retry:}, {@code id:} and {@code event:} fields carry no data and are skipped; an event without data is not
 * delivered. Lines end with LF, CRLF or CR. Bytes are decoded as UTF-8 a whole line at a time, so a character cut
 * between two chunks arrives whole. Pure; one per stream.
 */
public final class SseFanoutStream {

  private static final String DATA = "data";

  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private boolean afterCarriageReturn;

  /** Reads {@code chunk}; answers the data of every event it completes, in order. */
  public List<String> feed(byte[] chunk) {
    List<String> events = new ArrayList<>(1);
    for (byte b : chunk) {
      if (b == '\n' && afterCarriageReturn) {
        afterCarriageReturn = false;
        continue;
      }
      afterCarriageReturn = b == '\r';
      if (b == '\n' || b == '\r') {
        endLine(events);
      } else {
        line.write(b);
      }
    }
    return events;
  }

  private void endLine(List<String> events) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isEmpty()) {
      if (hasData) {
        events.add(data.toString());
      }
      data.setLength(0);
      hasData = false;
      return;
    }
    if (text.startsWith(":")) {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    if (!DATA.equals(field)) {
      return;
    }
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (hasData) {
      data.append('\n');
    }
    data.append(value);
    hasData = true;
  }
}
