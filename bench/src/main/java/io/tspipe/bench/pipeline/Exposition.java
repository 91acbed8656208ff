package io.tspipe.bench.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sums of series in a Prometheus text exposition, as a role's {@code /metrics} serves it. */
public final class Exposition {

  private Exposition() {
  }

  /**
   * The sum of every series of {@code metric} whose labels contain {@code labelFilter} (e.g. {@code area="heap"}, or
   * empty for all), 0 when there is none.
   */
  public static double sum(String exposition, String metric, String labelFilter) {
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

  /**
   * The sum of the series of {@code metric} by the value of their label {@code label} (series without it left out),
   * NaN ignored, ordered by that value.
   */
  static Map<String, Double> byLabel(String exposition, String metric, String label) {
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} ([-+0-9.eE]+|NaN)$").matcher(exposition);
    Pattern value = Pattern.compile("(?:^|,)" + Pattern.quote(label) + "=\"((?:[^\"\\\\]|\\\\.)*)\"");
    Map<String, Double> sums = new TreeMap<>();
    while (line.find()) {
      Matcher labelValue = value.matcher(line.group(1));
      if (labelValue.find() && !"NaN".equals(line.group(2))) {
        sums.merge(labelValue.group(1), Double.parseDouble(line.group(2)), Double::sum);
      }
    }
    return sums;
  }
}
