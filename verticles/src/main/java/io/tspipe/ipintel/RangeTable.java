package io.tspipe.ipintel;

import io.tspipe.ipintel.IpAddresses.Ip;

import java.util.Arrays;

/**
 * Disjoint inclusive ranges of 128-bit addresses, sorted, each with an int value, searched by binary search over
 * primitive arrays. Built from ranges in the order of their starts; where ranges overlap, the one starting later (a
 * more specific range inside a larger one) wins over the part it covers.
 */
final class RangeTable {

  private long[] startHigh;
  private long[] startLow;
  private long[] endHigh;
  private long[] endLow;
  private int[] values;
  private int size;

  private RangeTable(int capacity) {
    startHigh = new long[capacity];
    startLow = new long[capacity];
    endHigh = new long[capacity];
    endLow = new long[capacity];
    values = new int[capacity];
  }

  int size() {
    return size;
  }

  /** The value of the range holding the address, or -1. */
  int find(long high, long low) {
    int index = indexOf(high, low);
    return index < 0 ? -1 : values[index];
  }

  /** The index of the range holding the address, or -1. */
  int indexOf(long high, long low) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(startHigh[mid], startLow[mid], high, low) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi >= 0 && compare(high, low, endHigh[hi], endLow[hi]) <= 0 ? hi : -1;
  }

  /** The index of the first range ending at or after the address (size when none). */
  int firstEndingFrom(long high, long low) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(endHigh[mid], endLow[mid], high, low) < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  Ip start(int index) {
    return new Ip(startHigh[index], startLow[index]);
  }

  Ip end(int index) {
    return new Ip(endHigh[index], endLow[index]);
  }

  int value(int index) {
    return values[index];
  }

  static int compare(long aHigh, long aLow, long bHigh, long bLow) {
    int byHigh = Long.compareUnsigned(aHigh, bHigh);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(aLow, bLow);
  }

  /** Builds a table from ranges added by ascending start. */
  static final class Builder {

    private final RangeTable table = new RangeTable(1 << 16);
    /** Ranges still open, each ending before the one below it: their ends and values. */
    private long[] openEndHigh = new long[16];
    private long[] openEndLow = new long[16];
    private int[] openValues = new int[16];
    private int open;
    /** The first address not yet emitted. */
    private long cursorHigh;
    private long cursorLow;

    void add(long sHigh, long sLow, long eHigh, long eLow, int value) {
      if (compare(sHigh, sLow, eHigh, eLow) > 0) {
        return;
      }
      while (open > 0 && compare(openEndHigh[open - 1], openEndLow[open - 1], sHigh, sLow) < 0) {
        closeTop();
      }
      if (open > 0 && compare(cursorHigh, cursorLow, sHigh, sLow) < 0) {
        emit(cursorHigh, cursorLow, sLow == 0 ? sHigh - 1 : sHigh, sLow - 1, openValues[open - 1]);
      }
      cursorHigh = sHigh;
      cursorLow = sLow;
      while (open > 0 && compare(openEndHigh[open - 1], openEndLow[open - 1], eHigh, eLow) <= 0) {
        open--;
      }
      push(eHigh, eLow, value);
    }

    RangeTable build() {
      while (open > 0) {
        closeTop();
      }
      return table;
    }

    private void closeTop() {
      int top = open - 1;
      long endHigh = openEndHigh[top];
      long endLow = openEndLow[top];
      if (compare(cursorHigh, cursorLow, endHigh, endLow) <= 0) {
        emit(cursorHigh, cursorLow, endHigh, endLow, openValues[top]);
      }
      cursorLow = endLow + 1;
      cursorHigh = cursorLow == 0 ? endHigh + 1 : endHigh;
      open--;
    }

    private void emit(long sHigh, long sLow, long eHigh, long eLow, int value) {
      RangeTable t = table;
      if (t.size > 0 && t.values[t.size - 1] == value) {
        long lastEndNext = t.endLow[t.size - 1] + 1;
        long lastEndNextHigh = lastEndNext == 0 ? t.endHigh[t.size - 1] + 1 : t.endHigh[t.size - 1];
        if (lastEndNextHigh == sHigh && lastEndNext == sLow) {
          t.endHigh[t.size - 1] = eHigh;
          t.endLow[t.size - 1] = eLow;
          return;
        }
      }
      if (t.size == t.values.length) {
        int capacity = t.size * 2;
        t.startHigh = Arrays.copyOf(t.startHigh, capacity);
        t.startLow = Arrays.copyOf(t.startLow, capacity);
        t.endHigh = Arrays.copyOf(t.endHigh, capacity);
        t.endLow = Arrays.copyOf(t.endLow, capacity);
        t.values = Arrays.copyOf(t.values, capacity);
      }
      t.startHigh[t.size] = sHigh;
      t.startLow[t.size] = sLow;
      t.endHigh[t.size] = eHigh;
      t.endLow[t.size] = eLow;
      t.values[t.size] = value;
      t.size++;
    }

    private void push(long eHigh, long eLow, int value) {
      if (open == openValues.length) {
        int capacity = open * 2;
        openEndHigh = Arrays.copyOf(openEndHigh, capacity);
        openEndLow = Arrays.copyOf(openEndLow, capacity);
        openValues = Arrays.copyOf(openValues, capacity);
      }
      openEndHigh[open] = eHigh;
      openEndLow[open] = eLow;
      openValues[open] = value;
      open++;
    }
  }
}
