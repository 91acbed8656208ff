package io.tspipe.bench.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseFanoutStreamTest {

  private final SseFanoutStream stream = new SseFanoutStream();

  private List<String> feed(String text) {
    return stream.feed(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("each event's data is delivered once its blank line arrives; retry and comments carry none")
  void eventsEndAtABlankLine() {
    assertEquals(List.of(), feed("retry: 2000\n\n: keep-alive\n\ndata: {\"a\":1}\n"));
    assertEquals(List.of("{\"a\":1}"), feed("\ndata: {\"b\":2}\n"));
    assertEquals(List.of("{\"b\":2}"), feed("\n"));
  }

  @Test
  @DisplayName("multi-line data is joined by newlines; other fields are skipped; a space after the colon is optional")
  void multiLineData() {
    assertEquals(List.of("first\nsecond", "third"),
      feed("event: tick\nid: 7\ndata: first\ndata:second\n\ndata: third\n\n"));
  }

  @Test
  @DisplayName("CRLF and CR end lines as LF does, even when a CRLF is cut between chunks")
  void otherLineEndings() {
    List<String> events = new ArrayList<>(feed("data: one\r\n\r"));
    events.addAll(feed("\ndata: two\r\rdata: three\n\n"));

    assertEquals(List.of("one", "two", "three"), events);
  }

  @Test
  @DisplayName("a character cut between two chunks arrives whole")
  void multiByteCharacterAcrossChunks() {
    byte[] text = "data: Zürich\n\n".getBytes(StandardCharsets.UTF_8);
    int cut = "data: Z".length() + 1; // inside the two bytes of ü

    List<String> events = new ArrayList<>(stream.feed(Arrays.copyOfRange(text, 0, cut)));
    events.addAll(stream.feed(Arrays.copyOfRange(text, cut, text.length)));

    assertEquals(List.of("Zürich"), events);
  }
}
