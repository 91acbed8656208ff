package io.tspipe.ipintel;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RangeTableTest {

  @Test
  @DisplayName("a range nested in another wins over the part it covers; a range overlapping the next one's start yields to it")
  void flattensOverlaps() {
    RangeTable.Builder builder = new RangeTable.Builder();
    builder.add(0, 10, 0, 100, 1);
    builder.add(0, 20, 0, 30, 2);
    builder.add(0, 25, 0, 26, 3);
    builder.add(0, 90, 0, 120, 4);
    builder.add(0, 200, 0, 210, 5);
    RangeTable table = builder.build();
    int[] expected = new int[260];
    java.util.Arrays.fill(expected, -1);
    for (int i = 10; i <= 89; i++) {
      expected[i] = 1;
    }
    for (int i = 20; i <= 30; i++) {
      expected[i] = 2;
    }
    expected[25] = 3;
    expected[26] = 3;
    for (int i = 90; i <= 120; i++) {
      expected[i] = 4;
    }
    for (int i = 200; i <= 210; i++) {
      expected[i] = 5;
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], table.find(0, i), "address " + i);
    }
  }
}
