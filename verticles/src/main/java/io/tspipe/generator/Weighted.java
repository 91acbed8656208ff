package io.tspipe.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** A discrete distribution over a few values, in the order they were added (so a seed reproduces draws). */
public final class Weighted<T> {

  private final List<T> values;
  private final double[] cumulative;

  private Weighted(List<T> values, double[] cumulative) {
    this.values = values;
    this.cumulative = cumulative;
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  public static <T> Weighted<T> uniform(List<T> values) {
    Builder<T> builder = builder();
    values.forEach(value -> builder.add(value, 1));
    return builder.build();
  }

  public T pick(RandomGenerator random) {
    double roll = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (roll < cumulative[i]) {
        return values.get(i);
      }
    }
    return values.get(values.size() - 1);
  }

  public List<T> values() {
    return values;
  }

  public static final class Builder<T> {
    private final List<T> values = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    public Builder<T> add(T value, double weight) {
      if (weight < 0) {
        throw new IllegalArgumentException("negative weight for " + value);
      }
      values.add(value);
      weights.add(weight);
      return this;
    }

    public Weighted<T> build() {
      double[] cumulative = new double[weights.size()];
      double sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += weights.get(i);
        cumulative[i] = sum;
      }
      if (sum <= 0) {
        throw new IllegalArgumentException("a distribution needs a positive total weight");
      }
      return new Weighted<>(List.copyOf(values), cumulative);
    }
  }
}
