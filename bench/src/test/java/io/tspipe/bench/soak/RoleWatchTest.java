package io.tspipe.bench.soak;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoleWatchTest {

  @Test
  @DisplayName("the live heap is the bytes column of the class histogram's Total line")
  void histogramTotal() {
    String histogram = """
      8598:
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:         13039         794472  [B (java.base@17.0.15)
         2:          3002         360856  java.lang.Class (java.base@17.0.15)
       700:             1             16  sun.nio.fs.UnixFileAttributes$UnixAsBasicFileAttributes (java.base@17.0.15)
      Total         59364        2832640
      """;

    assertEquals(2_832_640, RoleWatch.histogramTotalBytes(histogram));
  }

  @Test
  @DisplayName("an answer without a Total line, such as an attach failure, is refused")
  void noTotal() {
    assertThrows(IllegalArgumentException.class,
      () -> RoleWatch.histogramTotalBytes("8598:\ncom.sun.tools.attach.AttachNotSupportedException: refused\n"));
  }
}
