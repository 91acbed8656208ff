package io.tspipe.bench.pipeline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sums of series in a Prometheus text exposition, as a role's {@code /metrics} serves it. */
final class Exposition {

  private Exposition() {
  }

  /**
   * The sum of every series of {@code metric} whose labels contain {@code labelFilter} (e.g. {@code area="heap"}, or
   * empty for all), 0 when there is none.
   */
  static double sum(String exposition, String metric, String labelFilter) {
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{([^}]*)})? ([-+0-9.eE]+|NaN)$")
      .matcher(exposition);
    double total = 0;
    while (line.find()) {
      String labels = line.group(2) == null ? "" : line.group(2);
      if (labels.contains(labelFilter) && !"NaN".equals(line.group(3))) {
        total += Double.parseDouble(line.group(3));
      }
    }
    return total;
  }
}
